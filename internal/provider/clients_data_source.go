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
	_ datasource.DataSourceWithConfigure        = (*clientDataSource)(nil)
	_ datasource.DataSourceWithConfigValidators = (*clientDataSource)(nil)
	_ datasource.DataSourceWithConfigure        = (*clientsDataSource)(nil)
)

// clientFromAPI is a client as the data sources show it: the resource's model, with empty
// texts (null or "" in TimeCamp) read as null.
func clientFromAPI(cl timecamp.InvoiceClient) clientModel { return clientState(&cl, clientModel{}) }

var clientAttributeDescriptions = map[string]string{
	"id":                "TimeCamp id of the client (`clientId`).",
	"organization_name": "Name of the client organisation.",
	"first_name":        "First name of the contact person; null when TimeCamp has none.",
	"last_name":         "Last name of the contact person; null when TimeCamp has none.",
	"email":             "Contact e-mail address; null when TimeCamp has none.",
	"address":           "Postal address; null when TimeCamp has none.",
	"currency_id":       "Id of the client's currency.",
	"root_group_id":     "Id of the account's root group.",
	"added_by":          "Id of the user who added the client.",
	"added":             "When the client was added (`YYYY-MM-DD HH:MM:SS`, the account's time zone).",
}

// clientDataAttributes are the attributes of one client, all computed except those in settable,
// which are optional and computed (the lookup's criteria).
func clientDataAttributes(settable map[string]string) map[string]schema.Attribute {
	attrs := map[string]schema.Attribute{}
	for name, desc := range clientAttributeDescriptions {
		extra, lookup := settable[name]
		switch name {
		case "currency_id", "root_group_id", "added_by":
			attrs[name] = schema.Int64Attribute{Computed: true, MarkdownDescription: desc}
		default:
			attrs[name] = schema.StringAttribute{Computed: true, Optional: lookup, MarkdownDescription: desc + extra}
		}
	}
	return attrs
}

// NewClientDataSource looks up one invoicing client by id or by organisation name.
func NewClientDataSource() datasource.DataSource { return &clientDataSource{} }

type clientDataSource struct{ dataSourceClientHolder }

func (d *clientDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_client"
}

func (d *clientDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Looks up one client of the invoicing module by `id`, or by `organization_name` (matched exactly). " +
			"It is an error when nothing matches or when several clients match.",
		Attributes: clientDataAttributes(map[string]string{
			"id":                " Give `id` or `organization_name`.",
			"organization_name": " Matched exactly (case and spaces count).",
		}),
	}
}

func (d *clientDataSource) ConfigValidators(context.Context) []datasource.ConfigValidator {
	return []datasource.ConfigValidator{
		datasourcevalidator.ExactlyOneOf(path.MatchRoot("id"), path.MatchRoot("organization_name")),
	}
}

func (d *clientDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	var cfg clientModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	clients, err := d.client.Clients.List(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read clients", "Listing the account's invoicing clients (GET /client) to look one up.", err)
		return
	}
	criteria := fmt.Sprintf("organization_name = %q", cfg.OrganizationName.ValueString())
	if !cfg.ID.IsNull() {
		criteria = "id = " + cfg.ID.ValueString()
	}
	var matches []timecamp.InvoiceClient
	for _, cl := range clients {
		m := clientFromAPI(cl)
		if (!cfg.ID.IsNull() && m.ID.Equal(cfg.ID)) || (cfg.ID.IsNull() && m.OrganizationName.Equal(cfg.OrganizationName)) {
			matches = append(matches, cl)
		}
	}
	cl, err := pickOne("client", criteria, matches, func(cl timecamp.InvoiceClient) int64 { return int64(cl.ClientID) })
	if err != nil {
		resp.Diagnostics.AddError("Client not found", err.Error())
		return
	}
	state := clientFromAPI(cl)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// NewClientsDataSource lists invoicing clients.
func NewClientsDataSource() datasource.DataSource { return &clientsDataSource{} }

type clientsDataSource struct{ dataSourceClientHolder }

type clientsDataModel struct {
	OrganizationName types.String  `tfsdk:"organization_name"`
	Clients          []clientModel `tfsdk:"clients"`
}

func (d *clientsDataSource) Metadata(_ context.Context, req datasource.MetadataRequest, resp *datasource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_clients"
}

func (d *clientsDataSource) Schema(_ context.Context, _ datasource.SchemaRequest, resp *datasource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Lists the clients of the account's invoicing module, ordered by id, optionally only those with one organisation name.",
		Attributes: map[string]schema.Attribute{
			"organization_name": schema.StringAttribute{
				Optional:            true,
				MarkdownDescription: "Only clients with exactly this organisation name (case and spaces count).",
			},
			"clients": schema.ListNestedAttribute{
				Computed:            true,
				MarkdownDescription: "The clients, ordered by id.",
				NestedObject:        schema.NestedAttributeObject{Attributes: clientDataAttributes(nil)},
			},
		},
	}
}

func (d *clientsDataSource) Read(ctx context.Context, req datasource.ReadRequest, resp *datasource.ReadResponse) {
	if !requireClient(d.client, &resp.Diagnostics) {
		return
	}
	var cfg clientsDataModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	clients, err := d.client.Clients.List(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read clients", "Listing the account's invoicing clients (GET /client).", err)
		return
	}
	cfg.Clients = []clientModel{}
	for _, cl := range clients {
		m := clientFromAPI(cl)
		if cfg.OrganizationName.IsNull() || m.OrganizationName.Equal(cfg.OrganizationName) {
			cfg.Clients = append(cfg.Clients, m)
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &cfg)...)
}
