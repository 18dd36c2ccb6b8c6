package provider

import (
	"context"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/datasource/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

var _ datasource.DataSourceWithConfigure = (*invoicesDataSource)(nil)

// NewInvoicesDataSource lists the account's invoices with their lines.
func NewInvoicesDataSource() datasource.DataSource { return &invoicesDataSource{} }

type invoicesDataSource struct{ dataSourceClientHolder }

type invoicesDataModel struct {
	ClientID types.Int64    `tfsdk:"client_id"`
	Status   types.String   `tfsdk:"status"`
	Invoices []invoiceModel `tfsdk:"invoices"`
}

func (d *invoicesDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_invoices"
}

func (d *invoicesDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	text := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, MarkdownDescription: desc}
	}
	number := func(desc string) schema.Int64Attribute {
		return schema.Int64Attribute{Computed: true, MarkdownDescription: desc}
	}
	decimal := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{Computed: true, CustomType: decimalStringType{}, MarkdownDescription: desc}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the invoices of the account's invoicing module with their lines, ordered by id, optionally " +
			"only those of one client or in one status. Money and quantities are exact decimal text, as TimeCamp sends them.",
		Attributes: map[string]schema.Attribute{
			"client_id": schema.Int64Attribute{
				Optional:            true,
				MarkdownDescription: "Only the invoices of this client.",
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"status": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only the invoices in this status: `DRAFT`, `PENDING` or `PAID`.",
				Validators:          []validator.String{stringvalidator.OneOf(invoiceStatuses...)},
			},
			"invoices": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The invoices, ordered by id.",
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"id":             text("TimeCamp id of the invoice (`invoiceId`)."),
					"client_id":      number("Id of the client the invoice is made out to."),
					"number":         text("Invoice number as printed."),
					"description":    text("Description; null when TimeCamp has none."),
					"issue_date":     text("Date of issue, `YYYY-MM-DD`."),
					"due_date":       text("Payment due date, `YYYY-MM-DD`; null when there is none."),
					"status":         text(invoiceStatusDesc),
					"note_to_client": text("Note printed for the client; null when there is none."),
					"po_number":      text("Purchase order number; null when there is none."),
					"currency_id":    number("Id of the invoice's currency."),
					"add_date":       text("When the invoice was added (`YYYY-MM-DD HH:MM:SS`)."),
					"public_hash":    text("TimeCamp's public hash of the invoice."),
					"lines": schema.ListNestedAttribute{
						Computed:            true,
						MarkdownDescription: "The invoice lines, in TimeCamp's order.",
						NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
							"name":        text("Name of the line."),
							"description": text("Description of the line; null when there is none."),
							"type":        text(lineTypeDesc),
							"quantity":    decimal("Quantity (hours for a service line)."),
							"unit_cost":   decimal("Price of one unit."),
							"tax_id":      number("Id of the tax of the line; null for none."),
							"time_entry_ids": schema.SetAttribute{
								Computed: true, ElementType: types.Int64Type,
								MarkdownDescription: "Ids of the time entries billed on the line; null when there are none.",
							},
							"sub_total": decimal(subTotalDesc),
						}},
					},
				}},
			},
		},
	}
}

func (d *invoicesDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	var cfg invoicesDataModel
	if resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...); resp.Diagnostics.HasError() {
		return
	}
	all, err := d.client.Invoices.List(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read invoices", "Listing the account's invoices (GET /invoice).", err)
		return
	}
	cfg.Invoices = []invoiceModel{}
	for i := range all {
		m := invoiceState(&all[i], invoiceModel{}, &resp.Diagnostics)
		if (!cfg.ClientID.IsNull() && !m.ClientID.Equal(cfg.ClientID)) || (!cfg.Status.IsNull() && !m.Status.Equal(cfg.Status)) {
			continue
		}
		cfg.Invoices = append(cfg.Invoices, m)
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}
