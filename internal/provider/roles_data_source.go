package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*rolesDataSource)(nil)

// NewRolesDataSource lists the task roles.
func NewRolesDataSource() datasource.DataSource { return &rolesDataSource{} }

type rolesDataSource struct{ dataSourceClientHolder }

type roleModel struct {
	ID     types.String `tfsdk:"id"`
	RoleID types.Int64  `tfsdk:"role_id"`
	Name   types.String `tfsdk:"name"`
}

type rolesDataSourceModel struct {
	Roles []roleModel `tfsdk:"roles"`
}

func (d *rolesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_roles"
}

func (d *rolesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the task roles of the account (`GET /tt_role`), ordered by id: the roles a person " +
			"can have on a project or task (`timecamp_task_user.role_id`). Every account has 1 Project Manager, " +
			"3 Regular User and 4 Guest; accounts can define more. (Group roles, `timecamp_user.role`, are fixed " +
			"words and not listed here.)",
		Attributes: map[string]schema.Attribute{
			"roles": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The task roles, ordered by id.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":      schema.StringAttribute{Computed: true, MarkdownDescription: "The role id, as a string."},
					"role_id": schema.Int64Attribute{Computed: true, MarkdownDescription: "The role id (for `timecamp_task_user.role_id`)."},
					"name":    schema.StringAttribute{Computed: true, MarkdownDescription: "The role's name, e.g. `Project Manager`."},
				}},
			},
		},
	}
}

func (d *rolesDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	roles, err := d.client.Roles.TaskRoles(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read task roles", "Listing the account's task roles (GET /tt_role).", err)
		return
	}
	state := rolesDataSourceModel{Roles: []roleModel{}}
	for _, r := range roles {
		state.Roles = append(state.Roles, roleModel{
			ID:     idString(int64(r.ID)),
			RoleID: types.Int64Value(int64(r.ID)),
			Name:   types.StringValue(string(r.Name)),
		})
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
