package provider

import (
	"context"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*rateTypesDataSource)(nil)

// NewRateTypesDataSource lists the account's rate types.
func NewRateTypesDataSource() datasource.DataSource { return &rateTypesDataSource{} }

type rateTypesDataSource struct{ dataSourceClientHolder }

type rateTypesModel struct {
	Name      types.String         `tfsdk:"name"`
	RateTypes []rateTypeEntryModel `tfsdk:"rate_types"`
}

type rateTypeEntryModel struct {
	ID     types.String `tfsdk:"id"`
	Name   types.String `tfsdk:"name"`
	IsCost types.Bool   `tfsdk:"is_cost"`
}

func (d *rateTypesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_rate_types"
}

func (d *rateTypesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the account's rate types (billable and cost rates), ordered by id, for the " +
			"`rate_type_id` of `timecamp_billing_rate`. TimeCamp serves them from its undocumented internal API " +
			"(`GET /internal/api/rate_type`, next to the configured `base_url`); when that refuses the call, the " +
			"provider reads the legacy public `GET /rate`. A `name` that matches nothing gives an empty list.",
		Attributes: map[string]schema.Attribute{
			"name": schema.StringAttribute{Optional: true, MarkdownDescription: "Only the rate types with exactly this name."},
			"rate_types": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The rate types, ordered by id.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":      schema.StringAttribute{Computed: true, MarkdownDescription: "Id of the rate type (`rate_type_id`)."},
					"name":    schema.StringAttribute{Computed: true, MarkdownDescription: "Name of the rate type, such as \"Billable rate\"."},
					"is_cost": schema.BoolAttribute{Computed: true, MarkdownDescription: "Whether it is a cost rate (what time costs the company) rather than a billable rate."},
				}},
			},
		},
	}
}

func (d *rateTypesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	var cfg rateTypesModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	rateTypes, err := d.client.Rates.Types(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read rate types", "Listing the account's rate types.", err)
		return
	}
	cfg.RateTypes = []rateTypeEntryModel{}
	for _, t := range rateTypes {
		if cfg.Name.IsNull() || t.Name == cfg.Name.ValueString() {
			cfg.RateTypes = append(cfg.RateTypes, rateTypeEntryModel{
				ID: types.StringValue(strconv.FormatInt(t.ID, 10)), Name: types.StringValue(t.Name), IsCost: types.BoolValue(t.IsCost),
			})
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}
