package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

var (
	_ resource.Resource                = (*clientResource)(nil)
	_ resource.ResourceWithConfigure   = (*clientResource)(nil)
	_ resource.ResourceWithImportState = (*clientResource)(nil)
)

// emailPattern is a plain e-mail address; "" (no address) is accepted too.
var emailPattern = regexp.MustCompile(`^$|^[^@\s]+@[^@\s]+\.[^@\s.]+$`)

// NewClientResource is the constructor of timecamp_client.
func NewClientResource() resource.Resource { return &clientResource{} }

type clientResource struct {
	clientHolder
}

// clientModel is a client in state; the data sources show clients with it too.
type clientModel struct {
	ID               types.String `tfsdk:"id"`
	OrganizationName types.String `tfsdk:"organization_name"`
	FirstName        types.String `tfsdk:"first_name"`
	LastName         types.String `tfsdk:"last_name"`
	Email            types.String `tfsdk:"email"`
	Address          types.String `tfsdk:"address"`
	CurrencyID       types.Int64  `tfsdk:"currency_id"`
	RootGroupID      types.Int64  `tfsdk:"root_group_id"`
	AddedBy          types.Int64  `tfsdk:"added_by"`
	Added            types.String `tfsdk:"added"`
}

func (r *clientResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_client"
}

func (r *clientResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	optionalText := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{
			MarkdownDescription: desc + " Leave it out for none; `\"\"` is kept apart from leaving it out.",
			Optional:            true,
		}
	}
	email := optionalText("Contact e-mail address of the client, such as `billing@example.com`.")
	email.Validators = []validator.String{stringvalidator.RegexMatches(emailPattern,
		`must be an e-mail address such as billing@example.com (or "" for none)`)}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A client of TimeCamp's invoicing module: the organisation invoices are made out to. " +
			"The invoicing module must be enabled on the account. Every attribute can be changed in place.\n\n" +
			"**Destroy** deletes the client in TimeCamp (`DELETE /client`). TimeCamp refuses to delete a client " +
			"that still has invoices: delete or reassign its invoices in TimeCamp first, or remove the client " +
			"from Terraform's state (`terraform state rm`) to leave it in TimeCamp.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "TimeCamp id of the client (`clientId`).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"organization_name": schema.StringAttribute{
				MarkdownDescription: "Name of the client organisation, as printed on invoices. Must not be empty. " +
					"Names need not be unique.",
				Required:   true,
				Validators: []validator.String{notBlankValidator{}},
			},
			"first_name": optionalText("First name of the contact person."),
			"last_name":  optionalText("Last name of the contact person."),
			"email":      email,
			"address":    optionalText("Postal address of the client, as printed on invoices; may span several lines."),
			"currency_id": schema.Int64Attribute{
				MarkdownDescription: "Id of the client's currency (TimeCamp's currency list, `GET /currency`). " +
					"Leave it out to take TimeCamp's default for a new client and keep whatever the client has later.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"root_group_id": schema.Int64Attribute{
				MarkdownDescription: "Id of the account's root group the client belongs to.",
				Computed:            true,
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"added_by": schema.Int64Attribute{
				MarkdownDescription: "Id of the user who added the client.",
				Computed:            true,
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"added": schema.StringAttribute{
				MarkdownDescription: "When the client was added, as TimeCamp reports it (`YYYY-MM-DD HH:MM:SS`, the account's time zone).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *clientResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var plan clientModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// A null text is simply not sent: a new client has none.
	in := timecamp.InvoiceClientInput{
		OrganizationName: timecamp.Set(plan.OrganizationName.ValueString()),
		FirstName:        createStringField(plan.FirstName),
		LastName:         createStringField(plan.LastName),
		Email:            createStringField(plan.Email),
		Address:          createStringField(plan.Address),
	}
	if !plan.CurrencyID.IsNull() && !plan.CurrencyID.IsUnknown() {
		in.CurrencyID = timecamp.Set(plan.CurrencyID.ValueInt64())
	}
	name := plan.OrganizationName.ValueString()
	cl, err := r.client.Clients.Create(ctx, in)
	if err != nil {
		id, ok := recoverCreate(ctx, &resp.Diagnostics, createCall{
			summary: "Unable to create client", what: fmt.Sprintf("client %q", name), resource: "timecamp_client",
			find: func(ctx context.Context) ([]int64, error) {
				clients, err := r.client.Clients.List(ctx)
				return matchIDs(clients, func(c timecamp.InvoiceClient) int64 { return int64(c.ClientID) },
					func(c timecamp.InvoiceClient) bool { return string(c.OrganizationName) == name }), err
			},
		}, fmt.Sprintf("Creating client %q (PUT /client). If TimeCamp says the module is off, enable invoicing on the account first.", name), err)
		if !ok {
			return
		}
		cl = &timecamp.InvoiceClient{ClientID: timecamp.Int(id)} // read back below
	}
	if cl.OrganizationName == "" || cl.Added == "" {
		// A reply without the usual fields: read the client back instead of guessing.
		id := int64(cl.ClientID)
		if cl, err = r.client.Clients.Get(ctx, id); err != nil {
			addAPIError(&resp.Diagnostics, "Unable to create client",
				fmt.Sprintf("Reading back client %q (id %d) after creating it. It exists in TimeCamp: import it "+
					"(terraform import <address> %d) rather than applying again, which would create a second one.", name, id, id), err)
			return
		}
	}
	state := clientState(cl, plan)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *clientResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	prior, id, ok := r.stateOf(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	cl, err := r.client.Clients.Get(ctx, id)
	if timecamp.IsNotFound(err) {
		resp.State.RemoveResource(ctx) // deleted outside Terraform: plan a new one
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read client",
			fmt.Sprintf("Reading client %d (%q) from the account's client list (GET /client).", id, prior.OrganizationName.ValueString()), err)
		return
	}
	state := clientState(cl, prior)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *clientResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	state, id, ok := r.stateOf(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	var plan clientModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	// Send what changed; a text set to null is sent as "" (the form body cannot say null).
	var in timecamp.InvoiceClientInput
	var what []string
	for _, f := range []struct {
		name        string
		planned, in types.String
		dst         *timecamp.Field[string]
	}{
		{"organization_name", plan.OrganizationName, state.OrganizationName, &in.OrganizationName},
		{"first_name", plan.FirstName, state.FirstName, &in.FirstName},
		{"last_name", plan.LastName, state.LastName, &in.LastName},
		{"email", plan.Email, state.Email, &in.Email},
		{"address", plan.Address, state.Address, &in.Address},
	} {
		if !f.planned.Equal(f.in) {
			*f.dst = stringField(f.planned)
			what = append(what, f.name)
		}
	}
	if !plan.CurrencyID.IsUnknown() && !plan.CurrencyID.IsNull() && !plan.CurrencyID.Equal(state.CurrencyID) {
		in.CurrencyID = timecamp.Set(plan.CurrencyID.ValueInt64())
		what = append(what, "currency_id")
	}
	name := state.OrganizationName.ValueString()
	if len(what) > 0 {
		err := r.client.Clients.Update(ctx, id, in)
		attempted := fmt.Sprintf("Updating client %q (id %d): %s.", name, id, strings.Join(what, ", "))
		switch {
		case timecamp.IsNotFound(err):
			addAPIError(&resp.Diagnostics, "Unable to update client",
				attempted+" The client no longer exists in TimeCamp (deleted outside Terraform); run terraform apply again to create it anew.", err)
			return
		case err != nil:
			addAPIError(&resp.Diagnostics, "Unable to update client", attempted, err)
			return
		}
	}
	cl, err := r.client.Clients.Get(ctx, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to update client",
			fmt.Sprintf("Reading back client %q (id %d) after updating it.", name, id), err)
		return
	}
	newState := clientState(cl, plan)
	resp.Diagnostics.Append(resp.State.Set(ctx, &newState)...)
}

func (r *clientResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, id, ok := r.stateOf(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	err := r.client.Clients.Delete(ctx, id)
	if err == nil || timecamp.IsNotFound(err) { // already gone is what destroy wants
		return
	}
	attempted := fmt.Sprintf("Deleting client %q (id %d).", state.OrganizationName.ValueString(), id)
	if status := timecamp.StatusCode(err); status >= 400 && status < 500 && status != http.StatusUnauthorized && status != http.StatusTooManyRequests {
		attempted += " TimeCamp refuses to delete a client that still has invoices. Delete or reassign the client's " +
			"invoices in TimeCamp and run terraform destroy again, or run terraform state rm on this resource to leave " +
			"the client in TimeCamp and stop managing it."
	}
	addAPIError(&resp.Diagnostics, "Unable to delete client", attempted, err)
}

func (r *clientResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importNumericID(ctx, "client", req, resp)
}

// stateOf reads the client in st and its id; ok is false when diags got an error.
func (r *clientResource) stateOf(ctx context.Context, st tfsdk.State, diags *diag.Diagnostics) (clientModel, int64, bool) {
	return stateWithID(ctx, r.client, st, "client", func(m *clientModel) types.String { return m.ID }, diags)
}

// clientState maps an API client to state. prior (the plan or the previous state) decides null
// versus "" for empty texts.
func clientState(cl *timecamp.InvoiceClient, prior clientModel) clientModel {
	return clientModel{
		ID:               idString(int64(cl.ClientID)),
		OrganizationName: types.StringValue(string(cl.OrganizationName)),
		FirstName:        optionalString(cl.FirstName, prior.FirstName),
		LastName:         optionalString(cl.LastName, prior.LastName),
		Email:            optionalString(cl.Email, prior.Email),
		Address:          optionalString(cl.Address, prior.Address),
		CurrencyID:       types.Int64Value(int64(cl.CurrencyID)),
		RootGroupID:      types.Int64Value(int64(cl.RootGroupID)),
		AddedBy:          types.Int64Value(int64(cl.AddedBy)),
		Added:            types.StringValue(string(cl.Added)),
	}
}
