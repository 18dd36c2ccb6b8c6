package provider

import (
	"context"
	"fmt"
	"math/big"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/listvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/setvalidator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

var (
	_ resource.Resource                   = (*invoiceResource)(nil)
	_ resource.ResourceWithConfigure      = (*invoiceResource)(nil)
	_ resource.ResourceWithImportState    = (*invoiceResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*invoiceResource)(nil)
	_ resource.ResourceWithValidateConfig = (*invoiceResource)(nil)
)

// Invoice statuses and line types as the configuration spells them, by their wire value.
var (
	invoiceStatuses  = []string{"DRAFT", "PENDING", "PAID"}
	invoiceLineTypes = []string{"service", "product"}
)

// NewInvoiceResource is the constructor of timecamp_invoice.
func NewInvoiceResource() resource.Resource { return &invoiceResource{} }

type invoiceResource struct {
	clientHolder
}

// invoiceModel is an invoice in state; the timecamp_invoices data source lists them with it too.
type invoiceModel struct {
	ID           types.String       `tfsdk:"id"`
	ClientID     types.Int64        `tfsdk:"client_id"`
	Number       types.String       `tfsdk:"number"`
	Description  types.String       `tfsdk:"description"`
	IssueDate    types.String       `tfsdk:"issue_date"`
	DueDate      types.String       `tfsdk:"due_date"`
	Status       types.String       `tfsdk:"status"`
	NoteToClient types.String       `tfsdk:"note_to_client"`
	PONumber     types.String       `tfsdk:"po_number"`
	CurrencyID   types.Int64        `tfsdk:"currency_id"`
	Lines        []invoiceLineModel `tfsdk:"lines"`
	AddDate      types.String       `tfsdk:"add_date"`
	PublicHash   types.String       `tfsdk:"public_hash"`
}

type invoiceLineModel struct {
	Name         types.String  `tfsdk:"name"`
	Description  types.String  `tfsdk:"description"`
	Type         types.String  `tfsdk:"type"`
	Quantity     decimalString `tfsdk:"quantity"`
	UnitCost     decimalString `tfsdk:"unit_cost"`
	TaxID        types.Int64   `tfsdk:"tax_id"`
	TimeEntryIDs types.Set     `tfsdk:"time_entry_ids"`
	SubTotal     decimalString `tfsdk:"sub_total"`
}

func (r *invoiceResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_invoice"
}

// Descriptions shared with the data source.
const (
	invoiceStatusDesc = "Status: `DRAFT`, `PENDING` (issued, waiting for payment) or `PAID`."
	lineTypeDesc      = "`service` (time, `quantity` in hours) or `product`."
	quantityDesc      = "Quantity (hours for a service line), an exact decimal written as a string such as `\"5.55\"`, 0 or more with at most 2 decimals."
	unitCostDesc      = "Price of one unit in the invoice's currency, an exact decimal written as a string such as `\"109\"` or `\"10.50\"`, 0 or more with at most 2 decimals. " +
		"Another spelling of the same number (`\"10.5\"`) is no change."
	subTotalDesc = "`quantity` × `unit_cost` as TimeCamp computes it (exact decimal text)."
)

func (r *invoiceResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	optionalText := func(desc string) schema.StringAttribute {
		return schema.StringAttribute{MarkdownDescription: desc + " Leave it out for none; `\"\"` is kept apart from leaving it out.", Optional: true}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "An invoice of TimeCamp's invoicing module, made out to a `timecamp_client` and built from lines " +
			"(services or products, optionally linked to tracked time entries, with quantities, unit costs and a tax). " +
			"The invoicing module must be enabled on the account. Every attribute can be changed in place; the whole invoice, " +
			"lines included, is written on each change, and lines are matched to TimeCamp's by position.\n\n" +
			"A time entry can be on one invoice only; TimeCamp marks linked entries as invoiced (`invoice_id` of `timecamp_time_entry`).\n\n" +
			"**Destroy deletes the invoice in TimeCamp** (`DELETE /invoice`), which frees its time entries. Remove it from state " +
			"(`terraform state rm`) instead to keep an issued invoice.\n\n" +
			"Import with the invoice id: `terraform import timecamp_invoice.example 701`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "TimeCamp id of the invoice (`invoiceId`).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"client_id": schema.Int64Attribute{
				MarkdownDescription: "Id of the client the invoice is made out to (`timecamp_client`).",
				Required:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"number": schema.StringAttribute{
				MarkdownDescription: "Invoice number as printed, such as `2026/01`. Must not be empty.",
				Required:            true,
				Validators:          []validator.String{notBlankValidator{}},
			},
			"description": optionalText("Description of the invoice."),
			"issue_date": schema.StringAttribute{
				MarkdownDescription: "Date of issue, `YYYY-MM-DD`.",
				Required:            true,
				Validators:          []validator.String{dateValidator{}},
			},
			"due_date": schema.StringAttribute{
				MarkdownDescription: "Payment due date, `YYYY-MM-DD`, not before `issue_date`. Leave it out for none.",
				Optional:            true,
				Validators:          []validator.String{dateValidator{}},
			},
			"status": schema.StringAttribute{
				MarkdownDescription: invoiceStatusDesc + " Default `DRAFT`.",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString("DRAFT"),
				Validators:          []validator.String{stringvalidator.OneOf(invoiceStatuses...)},
			},
			"note_to_client": optionalText("Note printed for the client."),
			"po_number":      optionalText("Purchase order number of the client."),
			"currency_id": schema.Int64Attribute{
				MarkdownDescription: "Id of the invoice's currency. Leave it out to take the client's currency when the invoice is created " +
					"and keep whatever the invoice has later.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"lines": schema.ListNestedAttribute{
				MarkdownDescription: "The invoice lines, in order; at least one.",
				Required:            true,
				Validators:          []validator.List{listvalidator.SizeAtLeast(1)},
				NestedObject: schema.NestedAttributeObject{Attributes: map[string]schema.Attribute{
					"name": schema.StringAttribute{
						MarkdownDescription: "Name of the line as printed. Must not be empty.",
						Required:            true,
						Validators:          []validator.String{notBlankValidator{}},
					},
					"description": optionalText("Description of the line."),
					"type": schema.StringAttribute{
						MarkdownDescription: "Type of the line: " + lineTypeDesc + " Default `service`.",
						Optional:            true,
						Computed:            true,
						Default:             stringdefault.StaticString("service"),
						Validators:          []validator.String{stringvalidator.OneOf(invoiceLineTypes...)},
					},
					"quantity":  schema.StringAttribute{MarkdownDescription: quantityDesc, Required: true, CustomType: decimalStringType{}, Validators: []validator.String{decimalAmountValidator{}}},
					"unit_cost": schema.StringAttribute{MarkdownDescription: unitCostDesc, Required: true, CustomType: decimalStringType{}, Validators: []validator.String{decimalAmountValidator{}}},
					"tax_id": schema.Int64Attribute{
						MarkdownDescription: "Id of the tax applied to the line (TimeCamp's tax list). Leave it out for no tax.",
						Optional:            true,
						Validators:          []validator.Int64{int64validator.AtLeast(1)},
					},
					"time_entry_ids": schema.SetAttribute{
						MarkdownDescription: "Ids of the time entries billed on this line (`timecamp_time_entry`, `timecamp_time_entries`). " +
							"Each must exist and be on no other invoice. Leave it out for none.",
						ElementType: types.Int64Type,
						Optional:    true,
						Validators:  []validator.Set{setvalidator.ValueInt64sAre(int64validator.AtLeast(1))},
					},
					"sub_total": schema.StringAttribute{MarkdownDescription: subTotalDesc, Computed: true, CustomType: decimalStringType{}},
				}},
			},
			"add_date": schema.StringAttribute{
				MarkdownDescription: "When the invoice was added, as TimeCamp reports it (`YYYY-MM-DD HH:MM:SS`).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"public_hash": schema.StringAttribute{
				MarkdownDescription: "TimeCamp's public hash of the invoice (its shareable link).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

// ValidateConfig refuses a due date before the issue date.
func (r *invoiceResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var issue, due types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("issue_date"), &issue)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("due_date"), &due)...)
	if resp.Diagnostics.HasError() || issue.IsNull() || issue.IsUnknown() || due.IsNull() || due.IsUnknown() {
		return
	}
	// Both are YYYY-MM-DD (checked by their validators), so text order is date order.
	if datePattern.MatchString(due.ValueString()) && datePattern.MatchString(issue.ValueString()) && due.ValueString() < issue.ValueString() {
		resp.Diagnostics.AddAttributeError(path.Root("due_date"), "Invalid due date",
			fmt.Sprintf("The due date %s is before the issue date %s; an invoice falls due on or after its issue date.", due.ValueString(), issue.ValueString()))
	}
}

// ModifyPlan fills in each line's sub_total (quantity × unit_cost, exact) when it is known to
// have at most 2 decimals; otherwise it stays unknown until TimeCamp says how it rounds.
func (r *invoiceResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return
	}
	var lines []invoiceLineModel
	if diags := req.Plan.GetAttribute(ctx, path.Root("lines"), &lines); diags.HasError() {
		return // lines not known yet
	}
	for i, l := range lines {
		if !l.SubTotal.IsUnknown() {
			continue
		}
		sub := plannedSubTotal(l)
		if sub.IsUnknown() {
			continue
		}
		resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("lines").AtListIndex(i).AtName("sub_total"), sub)...)
	}
}

func plannedSubTotal(l invoiceLineModel) decimalString {
	if l.Quantity.IsNull() || l.Quantity.IsUnknown() || l.UnitCost.IsNull() || l.UnitCost.IsUnknown() {
		return decimalStringUnknown()
	}
	q, errQ := parseDecimalString(l.Quantity.ValueString())
	c, errC := parseDecimalString(l.UnitCost.ValueString())
	if errQ != nil || errC != nil {
		return decimalStringUnknown()
	}
	p := new(big.Rat).Mul(q, c)
	if cents := new(big.Rat).Mul(p, big.NewRat(100, 1)); !cents.IsInt() {
		return decimalStringUnknown()
	}
	return decimalStringValue(p.FloatString(2)) // money reads with two decimals ("20.20")
}

func (r *invoiceResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var plan invoiceModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	in := invoiceInput(ctx, plan, nil, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	number := plan.Number.ValueString()
	created, err := r.client.Invoices.Create(ctx, in)
	id := int64(0)
	if err == nil {
		id = int64(created.InvoiceID)
	} else {
		var ok bool
		id, ok = recoverCreate(ctx, &resp.Diagnostics, createCall{
			summary: "Unable to create invoice", what: fmt.Sprintf("invoice %q for client %d", number, in.ClientID), resource: "timecamp_invoice",
			find: func(ctx context.Context) ([]int64, error) {
				all, err := r.client.Invoices.List(ctx)
				return matchIDs(all, func(inv timecamp.Invoice) int64 { return int64(inv.InvoiceID) },
					func(inv timecamp.Invoice) bool {
						return string(inv.InvoiceNumber) == number && int64(inv.ClientID) == in.ClientID
					}), err
			},
		}, fmt.Sprintf("Creating invoice %q for client %d (PUT /invoice). Check that the client exists, that the linked time entries "+
			"exist and are on no other invoice, and that invoicing is enabled.", number, in.ClientID), err)
		if !ok {
			return
		}
	}
	inv, err := r.client.Invoices.Get(ctx, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to create invoice", fmt.Sprintf("Reading back invoice %q (id %d) after creating it. It exists in "+
			"TimeCamp: import it (terraform import <address> %d) rather than applying again, which would create a second one.", number, id, id), err)
		return
	}
	state := invoiceState(inv, plan, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *invoiceResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	prior, id, ok := r.stateOf(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	inv, err := r.client.Invoices.Get(ctx, id)
	if timecamp.IsNotFound(err) {
		resp.State.RemoveResource(ctx) // deleted outside Terraform: plan a new one
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read invoice", fmt.Sprintf("Reading invoice %d from the account's invoices (GET /invoice).", id), err)
		return
	}
	state := invoiceState(inv, prior, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *invoiceResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	_, id, ok := r.stateOf(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	var plan invoiceModel
	if resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...); resp.Diagnostics.HasError() {
		return
	}
	summary := "Unable to update invoice"
	cur, err := r.client.Invoices.Get(ctx, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, summary, fmt.Sprintf("Reading invoice %d before updating it.", id), err)
		return
	}
	in := invoiceInput(ctx, plan, cur.Lines(), &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	attempted := fmt.Sprintf("Updating invoice %q (id %d) with %d lines (POST /invoice).", plan.Number.ValueString(), id, len(in.Lines))
	if err := r.client.Invoices.Update(ctx, id, in); err != nil {
		if timecamp.IsNotFound(err) {
			attempted += " The invoice no longer exists in TimeCamp (deleted outside Terraform); run terraform apply again to create it anew."
		}
		addAPIError(&resp.Diagnostics, summary, attempted, err)
		return
	}
	inv, err := r.client.Invoices.Get(ctx, id)
	if err != nil {
		addAPIError(&resp.Diagnostics, summary, fmt.Sprintf("Reading back invoice %d after updating it.", id), err)
		return
	}
	state := invoiceState(inv, plan, &resp.Diagnostics)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *invoiceResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	state, id, ok := r.stateOf(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	if err := r.client.Invoices.Delete(ctx, id); err != nil && !timecamp.IsNotFound(err) { // already gone is what destroy wants
		addAPIError(&resp.Diagnostics, "Unable to delete invoice",
			fmt.Sprintf("Deleting invoice %q (id %d) (DELETE /invoice).", state.Number.ValueString(), id), err)
	}
}

func (r *invoiceResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importNumericID(ctx, "invoice", req, resp)
}

func (r *invoiceResource) stateOf(ctx context.Context, st tfsdk.State, diags *diag.Diagnostics) (invoiceModel, int64, bool) {
	return stateWithID(ctx, r.client, st, "invoice", func(m *invoiceModel) types.String { return m.ID }, diags)
}

// invoiceInput builds the whole invoice from the plan. Lines take the ids of TimeCamp's current
// lines by position (existing lines are rewritten, extra ones added, missing ones dropped).
func invoiceInput(ctx context.Context, plan invoiceModel, current []timecamp.InvoiceEntryAPI, diags *diag.Diagnostics) timecamp.InvoiceInput {
	in := timecamp.InvoiceInput{
		ClientID:     plan.ClientID.ValueInt64(),
		Number:       plan.Number.ValueString(),
		Description:  plan.Description.ValueString(),
		IssueDate:    plan.IssueDate.ValueString(),
		DueDate:      plan.DueDate.ValueString(),
		Status:       int64(indexOf(invoiceStatuses, plan.Status.ValueString())),
		NoteToClient: plan.NoteToClient.ValueString(),
		PONumber:     plan.PONumber.ValueString(),
	}
	if !plan.CurrencyID.IsNull() && !plan.CurrencyID.IsUnknown() {
		in.CurrencyID = timecamp.Set(plan.CurrencyID.ValueInt64())
	}
	for i, l := range plan.Lines {
		line := timecamp.InvoiceLineInput{
			EntryID:     -1,
			Name:        l.Name.ValueString(),
			Description: l.Description.ValueString(),
			Type:        int64(indexOf(invoiceLineTypes, l.Type.ValueString())),
			Quantity:    l.Quantity.ValueString(),
			UnitCost:    l.UnitCost.ValueString(),
			TaxID:       timecamp.NoTax,
		}
		if i < len(current) {
			line.EntryID = int64(current[i].InvoiceEntryID)
		}
		if !l.TaxID.IsNull() {
			line.TaxID = l.TaxID.ValueInt64()
		}
		if !l.TimeEntryIDs.IsNull() {
			diags.Append(l.TimeEntryIDs.ElementsAs(ctx, &line.TimeEntryIDs, false)...)
		}
		in.Lines = append(in.Lines, line)
	}
	return in
}

func indexOf(list []string, s string) int {
	for i, v := range list {
		if v == s {
			return i
		}
	}
	return 0
}

// nameOf is the configuration's word for a wire value; an unknown value shows as its number.
func nameOf(list []string, n int64) string {
	if n >= 0 && int(n) < len(list) {
		return list[n]
	}
	return fmt.Sprint(n)
}

// invoiceState maps an API invoice to state. prior (plan, state, or nothing on import and in the
// data source) decides null versus "" for texts and null versus an empty set of time entries.
func invoiceState(inv *timecamp.Invoice, prior invoiceModel, diags *diag.Diagnostics) invoiceModel {
	m := invoiceModel{
		ID:           idString(int64(inv.InvoiceID)),
		ClientID:     types.Int64Value(int64(inv.ClientID)),
		Number:       types.StringValue(string(inv.InvoiceNumber)),
		Description:  optionalString(inv.Description, prior.Description),
		IssueDate:    types.StringValue(string(inv.IssueDate)),
		DueDate:      types.StringNull(),
		Status:       types.StringValue(nameOf(invoiceStatuses, int64(inv.Status))),
		NoteToClient: optionalString(inv.NoteToClient, prior.NoteToClient),
		PONumber:     optionalString(inv.PONumber, prior.PONumber),
		CurrencyID:   types.Int64Value(int64(inv.CurrencyID)),
		AddDate:      types.StringValue(string(inv.AddDate)),
		PublicHash:   types.StringValue(string(inv.PublicHash)),
		Lines:        []invoiceLineModel{},
	}
	if timecamp.IsZeroDate(inv.IssueDate) {
		m.IssueDate = types.StringValue("")
	}
	if !timecamp.IsZeroDate(inv.DueDate) {
		m.DueDate = types.StringValue(string(inv.DueDate))
	}
	for i, l := range inv.Lines() {
		var p invoiceLineModel
		if i < len(prior.Lines) {
			p = prior.Lines[i]
		}
		line := invoiceLineModel{
			Name:         types.StringValue(l.Name.Value),
			Description:  optionalString(l.Description, p.Description),
			Type:         types.StringValue(nameOf(invoiceLineTypes, int64(l.Type))),
			Quantity:     decimalStringValue(string(l.Quantity)),
			UnitCost:     decimalStringValue(string(l.UnitCost)),
			TaxID:        types.Int64Null(),
			TimeEntryIDs: types.SetNull(types.Int64Type),
			SubTotal:     decimalStringValue(string(l.SubTotal)),
		}
		if l.HasTax() {
			line.TaxID = types.Int64Value(int64(l.TaxID))
		}
		if ids := l.TimeEntryIDs(); len(ids) > 0 || (!p.TimeEntryIDs.IsNull() && !p.TimeEntryIDs.IsUnknown()) {
			elems := make([]attr.Value, len(ids))
			for j, id := range ids {
				elems[j] = types.Int64Value(id)
			}
			set, d := types.SetValue(types.Int64Type, elems)
			diags.Append(d...)
			line.TimeEntryIDs = set
		}
		if l.SubTotal == "" {
			line.SubTotal = lineSubTotal(l)
		}
		m.Lines = append(m.Lines, line)
	}
	return m
}

// lineSubTotal computes a sub-total TimeCamp left out of its reply; null when it cannot.
func lineSubTotal(l timecamp.InvoiceEntryAPI) decimalString {
	q, okQ := new(big.Rat).SetString(strings.TrimSpace(string(l.Quantity)))
	c, okC := new(big.Rat).SetString(strings.TrimSpace(string(l.UnitCost)))
	if !okQ || !okC {
		return decimalString{StringValue: types.StringNull()}
	}
	return decimalStringValue(timecamp.DecimalText(new(big.Rat).Mul(q, c)))
}
