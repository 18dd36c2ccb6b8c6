package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*customFieldsDataSource)(nil)

// NewCustomFieldsDataSource lists custom field templates.
func NewCustomFieldsDataSource() datasource.DataSource { return &customFieldsDataSource{} }

type customFieldsDataSource struct{ dataSourceClientHolder }

type customFieldsModel struct {
	ResourceType types.String            `tfsdk:"resource_type"`
	Name         types.String            `tfsdk:"name"`
	CustomFields []customFieldEntryModel `tfsdk:"custom_fields"`
}

type customFieldEntryModel struct {
	ID           types.String `tfsdk:"id"`
	Name         types.String `tfsdk:"name"`
	ResourceType types.String `tfsdk:"resource_type"`
	FieldType    types.String `tfsdk:"field_type"`
	Required     types.Bool   `tfsdk:"required"`
	Status       types.Int64  `tfsdk:"status"`
	DefaultValue types.String `tfsdk:"default_value"`
	Options      types.List   `tfsdk:"options"`
}

func (d *customFieldsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_custom_fields"
}

func (d *customFieldsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	computed := func(s string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: s}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the account's custom field templates, ordered as TimeCamp lists them, optionally only " +
			"those of one resource type or with one name. A filter that matches nothing gives an empty list.",
		Attributes: map[string]schema.Attribute{
			"resource_type": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only the fields of `user`, `task` or `entry` (time entry).",
				Validators:          []validator.String{stringvalidator.OneOf(customFieldResourceTypes...)},
			},
			"name": schema.StringAttribute{Optional: true, MarkdownDescription: "Only the fields with exactly this name."},
			"custom_fields": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The templates.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":            computed("TimeCamp id of the template (`template_id` of `timecamp_custom_field_value`)."),
					"name":          computed("Name of the field."),
					"resource_type": computed("`user`, `task` or `entry`."),
					"field_type":    computed("`number` or `string`."),
					"required":      schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether the field must have a value."},
					"status":        schema.Int64Attribute{Computed: true, MarkdownDescription: "TimeCamp's `status` of the template (meaning undocumented; new templates have 1)."},
					"default_value": computed("Default value, as text; null when there is none."),
					"options": schema.ListAttribute{Computed: true, ElementType: types.StringType,
						MarkdownDescription: "The template's `fieldOptions`, each a JSON object as text (`jsondecode` reads it); null when there are none."},
				}},
			},
		},
	}
}

func (d *customFieldsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	var cfg customFieldsModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	templates, err := d.client.CustomFields.ListTemplates(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read custom fields", "Listing the account's custom field templates (GET /v3/custom-fields/template/list).", err)
		return
	}
	cfg.CustomFields = []customFieldEntryModel{}
	for i := range templates {
		var m customFieldResourceModel
		m.DefaultValue, m.Options = types.StringNull(), types.ListNull(types.StringType)
		m = m.withTemplate(&templates[i])
		if (cfg.ResourceType.IsNull() || m.ResourceType.Equal(cfg.ResourceType)) && (cfg.Name.IsNull() || m.Name.Equal(cfg.Name)) {
			cfg.CustomFields = append(cfg.CustomFields, customFieldEntryModel(m))
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}
