package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*currentUserDataSource)(nil)

// NewCurrentUserDataSource is the constructor of timecamp_current_user.
func NewCurrentUserDataSource() datasource.DataSource { return &currentUserDataSource{} }

type currentUserDataSource struct {
	dataSourceClientHolder
}

type currentUserModel struct {
	ID          types.String `tfsdk:"id"`
	UserID      types.Int64  `tfsdk:"user_id"`
	Email       types.String `tfsdk:"email"`
	DisplayName types.String `tfsdk:"display_name"`
	RootGroupID types.Int64  `tfsdk:"root_group_id"`
}

func (d *currentUserDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_current_user"
}

func (d *currentUserDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "The user the provider's API token belongs to (`GET /me`): every change the provider " +
			"makes acts as this user. Its `root_group_id` is the top of the account's group tree, the parent " +
			"of groups created without a `parent_id`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The user's TimeCamp id, as a string (the same number as `user_id`).",
				Computed:            true,
			},
			"user_id": schema.Int64Attribute{
				MarkdownDescription: "The user's TimeCamp id.",
				Computed:            true,
			},
			"email": schema.StringAttribute{
				MarkdownDescription: "The user's e-mail address (their TimeCamp login).",
				Computed:            true,
			},
			"display_name": schema.StringAttribute{
				MarkdownDescription: "The user's display name; null when the user has none.",
				Computed:            true,
			},
			"root_group_id": schema.Int64Attribute{
				MarkdownDescription: "Id of the account's root group (level 1 of the group tree).",
				Computed:            true,
			},
		},
	}
}

func (d *currentUserDataSource) Read(ctx context.Context, _ datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	me, err := d.client.Me.Get(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read the current user",
			"Reading the user the API token belongs to (GET /me).", err)
		return
	}
	state := currentUserModel{
		ID:          idString(int64(me.UserID)),
		UserID:      types.Int64Value(int64(me.UserID)),
		Email:       types.StringValue(string(me.Email)),
		DisplayName: types.StringNull(),
		RootGroupID: types.Int64Value(int64(me.RootGroupID)),
	}
	if me.DisplayName.Valid && me.DisplayName.Value != "" {
		state.DisplayName = types.StringValue(me.DisplayName.Value)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}
