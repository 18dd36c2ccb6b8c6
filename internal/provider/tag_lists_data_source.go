package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

var _ datasource.DataSourceWithConfigure = (*tagListsDataSource)(nil)

// NewTagListsDataSource lists tag lists with their tags.
func NewTagListsDataSource() datasource.DataSource { return &tagListsDataSource{} }

type tagListsDataSource struct{ dataSourceClientHolder }

type tagListsModel struct {
	Status   types.String        `tfsdk:"status"`
	Name     types.String        `tfsdk:"name"`
	TagLists []tagListEntryModel `tfsdk:"tag_lists"`
}

type tagListEntryModel struct {
	ID       types.String    `tfsdk:"id"`
	Name     types.String    `tfsdk:"name"`
	Archived types.Bool      `tfsdk:"archived"`
	Tags     []tagEntryModel `tfsdk:"tags"`
}

type tagEntryModel struct {
	ID       types.String `tfsdk:"id"`
	Name     types.String `tfsdk:"name"`
	Archived types.Bool   `tfsdk:"archived"`
}

// Values of the status filters of list data sources.
const (
	statusActive   = "active"
	statusArchived = "archived"
	statusAll      = "all"
)

// statusMatches applies a status filter to an object's archived flag.
func statusMatches(status string, archived bool) bool {
	switch status {
	case statusActive:
		return !archived
	case statusArchived:
		return archived
	}
	return true
}

func (d *tagListsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_tag_lists"
}

func (d *tagListsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	tagAttrs := map[string]schema.Attribute{
		"id":       schema.StringAttribute{Computed: true, MarkdownDescription: "TimeCamp id of the tag."},
		"name":     schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the tag."},
		"archived": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the tag is archived."},
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the account's tag lists with all their tags (archived tags included, flagged), ordered by id.",
		Attributes: map[string]schema.Attribute{
			"status": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Which lists: `active` (the default), `archived` or `all`.",
				Validators:          []validator.String{stringvalidator.OneOf(statusActive, statusArchived, statusAll)},
			},
			"name": schema.StringAttribute{Optional: true, MarkdownDescription: "Only the lists with exactly this name."},
			"tag_lists": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The tag lists, ordered by id.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":       schema.StringAttribute{Computed: true, MarkdownDescription: "TimeCamp id of the list."},
					"name":     schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the list."},
					"archived": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the list is archived."},
					"tags": schema.ListNestedAttribute{
						Computed:            true,
						MarkdownDescription: "The list's tags, ordered by id.",
						NestedObject:        schema.NestedAttributeObject{Attributes: tagAttrs},
					},
				}},
			},
		},
	}
}

func (d *tagListsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	var cfg tagListsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	status := statusActive
	if !cfg.Status.IsNull() {
		status = cfg.Status.ValueString()
	}
	// TimeCamp's archived filter applies to the tags inside the lists too; ask for everything and
	// filter the lists here, so that archived tags of active lists still show.
	lists, err := d.client.TagLists.List(ctx, timecamp.ActiveAndArchived)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read tag lists", "Listing the account's tag lists ("+status+") with their tags.", err)
		return
	}
	cfg.TagLists = []tagListEntryModel{}
	for _, l := range lists {
		if !statusMatches(status, bool(l.Archived)) || (!cfg.Name.IsNull() && string(l.Name) != cfg.Name.ValueString()) {
			continue
		}
		m := tagListEntryModel{ID: idString(int64(l.ID)), Name: types.StringValue(string(l.Name)), Archived: types.BoolValue(bool(l.Archived)), Tags: []tagEntryModel{}}
		for _, t := range l.Tags.Values() {
			m.Tags = append(m.Tags, tagEntryModel{ID: idString(int64(t.ID)), Name: types.StringValue(string(t.Name)), Archived: types.BoolValue(bool(t.Archived))})
		}
		cfg.TagLists = append(cfg.TagLists, m)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}
