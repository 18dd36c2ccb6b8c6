package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework-validators/datasourcevalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

var (
	_ datasource.DataSourceWithConfigure        = (*groupDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*groupDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*groupsDataSource)(nil)
)

// groupModel is one group as the data sources show it.
type groupModel struct {
	ID       types.String `tfsdk:"id"`
	Name     types.String `tfsdk:"name"`
	ParentID types.Int64  `tfsdk:"parent_id"`
}

func groupFromAPI(g timecamp.Group) groupModel {
	m := groupModel{ID: idString(int64(g.GroupID)), Name: types.StringValue(string(g.Name)), ParentID: types.Int64Null()}
	if g.ParentID != 0 {
		m.ParentID = types.Int64Value(int64(g.ParentID))
	}
	return m
}

var groupAttributeDescriptions = map[string]string{
	"id":        "TimeCamp id of the group.",
	"name":      "Name of the group.",
	"parent_id": "Id of the parent group; null for the account's root group.",
}

// NewGroupDataSource looks up one group by id or by name.
func NewGroupDataSource() datasource.DataSource { return &groupDataSource{} }

type groupDataSource struct{ dataSourceClientHolder }

func (d *groupDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_group"
}

func (d *groupDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up one group (department) by `id`, or by `name` (optionally under `parent_id`). " +
			"It is an error when nothing matches or when several groups match.",
		Attributes: map[string]schema.Attribute{
			"id":        schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: groupAttributeDescriptions["id"] + " Give `id` or `name`."},
			"name":      schema.StringAttribute{Optional: true, Computed: true, MarkdownDescription: groupAttributeDescriptions["name"] + " Matched exactly."},
			"parent_id": schema.Int64Attribute{Optional: true, Computed: true, MarkdownDescription: groupAttributeDescriptions["parent_id"] + " With `name`, narrows the lookup to the children of this group."},
		},
	}
}

func (d *groupDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("name")),
		datasourcevalidator.Conflicting(path.MatchRoot("id"), path.MatchRoot("parent_id")),
	}
}

func (d *groupDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	var cfg groupModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	groups, err := d.client.Groups.List(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read groups", "Listing the account's groups to look one up.", err)
		return
	}
	var matches []timecamp.Group
	var criteria string
	for _, g := range groups {
		m := groupFromAPI(g)
		switch {
		case !cfg.ID.IsNull():
			criteria = fmt.Sprintf("id = %s", cfg.ID.ValueString())
			if m.ID.Equal(cfg.ID) {
				matches = append(matches, g)
			}
		default:
			criteria = fmt.Sprintf("name = %q", cfg.Name.ValueString())
			if !cfg.ParentID.IsNull() {
				criteria += fmt.Sprintf(" under parent_id = %d", cfg.ParentID.ValueInt64())
			}
			if m.Name.Equal(cfg.Name) && (cfg.ParentID.IsNull() || m.ParentID.Equal(cfg.ParentID)) {
				matches = append(matches, g)
			}
		}
	}
	g, err := pickOne("group", criteria, matches, func(g timecamp.Group) int64 { return int64(g.GroupID) })
	if err != nil {
		resp.Diagnostics.AddError("Group not found", err.Error())
		return
	}
	state := groupFromAPI(g)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// NewGroupsDataSource lists groups.
func NewGroupsDataSource() datasource.DataSource { return &groupsDataSource{} }

type groupsDataSource struct{ dataSourceClientHolder }

type groupsModel struct {
	ParentID types.Int64  `tfsdk:"parent_id"`
	Groups   []groupModel `tfsdk:"groups"`
}

func (d *groupsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_groups"
}

func (d *groupsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the account's groups (departments), ordered by id, optionally only the children of one group.",
		Attributes: map[string]schema.Attribute{
			"parent_id": schema.Int64Attribute{Optional: true, MarkdownDescription: "Only the direct children of this group."},
			"groups": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The groups, ordered by id.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":        schema.StringAttribute{Computed: true, MarkdownDescription: groupAttributeDescriptions["id"]},
					"name":      schema.StringAttribute{Computed: true, MarkdownDescription: groupAttributeDescriptions["name"]},
					"parent_id": schema.Int64Attribute{Computed: true, MarkdownDescription: groupAttributeDescriptions["parent_id"]},
				}},
			},
		},
	}
}

func (d *groupsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	var cfg groupsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	groups, err := d.client.Groups.List(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read groups", "Listing the account's groups.", err)
		return
	}
	cfg.Groups = []groupModel{}
	for _, g := range groups {
		m := groupFromAPI(g)
		if cfg.ParentID.IsNull() || m.ParentID.Equal(cfg.ParentID) {
			cfg.Groups = append(cfg.Groups, m)
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}
