package provider

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

var (
	_ resource.Resource                     = (*billingRateResource)(nil)
	_ resource.ResourceWithConfigure        = (*billingRateResource)(nil)
	_ resource.ResourceWithImportState      = (*billingRateResource)(nil)
	_ resource.ResourceWithConfigValidators = (*billingRateResource)(nil)
)

// NewBillingRateResource is the constructor of timecamp_billing_rate.
func NewBillingRateResource() resource.Resource { return &billingRateResource{} }

type billingRateResource struct {
	clientHolder
}

type billingRateResourceModel struct {
	ID         types.String `tfsdk:"id"`
	RateTypeID types.Int64  `tfsdk:"rate_type_id"`
	TaskID     types.Int64  `tfsdk:"task_id"`
	UserID     types.Int64  `tfsdk:"user_id"`
	GroupID    types.Int64  `tfsdk:"group_id"`
	Value      types.Number `tfsdk:"value"`
	AddDate    types.String `tfsdk:"add_date"`
}

// rateValueDecimals is how many decimals TimeCamp keeps of a rate ("21.00").
const rateValueDecimals = 2

func (r *billingRateResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_billing_rate"
}

func (r *billingRateResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	target := func(what string) schema.Int64Attribute {
		return schema.Int64Attribute{
			MarkdownDescription: what + " See the resource description for the allowed combinations. Changing it " +
				"makes a rate on the new target (the old one stays in TimeCamp, as on destroy).",
			Optional:      true,
			Validators:    []validator.Int64{int64validator.AtLeast(1)},
			PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()},
		}
	}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A billing rate: the value of one rate type (a billable or a cost rate, see the " +
			"`timecamp_rate_types` data source) on exactly one target: a task or project (`task_id` alone), a user " +
			"(`user_id` alone), a group (`group_id` alone), or one user on one task (`task_id` and `user_id` together, " +
			"a rate that overrides both the task's and the user's). Any other combination is refused at plan time. " +
			"Setting a rate is an upsert in TimeCamp, so creating this resource for a rate that already exists takes it " +
			"over and sets its value.\n\n" +
			"**Destroy leaves the rate in TimeCamp.** TimeCamp has no call that deletes a rate, and setting it to 0 " +
			"would not remove it either: a 0 rate is a real rate that stops the target from inheriting the rate of its " +
			"parent task, group or user, and would silently zero the billing of tracked time. So destroy only removes the " +
			"rate from Terraform's state (with a warning naming the rate); change or remove it in TimeCamp if needed. " +
			"A rate whose target is deleted goes with it.\n\n" +
			"Import with `task:<task_id>:<rate_type_id>`, `user:<user_id>:<rate_type_id>`, " +
			"`group:<group_id>:<rate_type_id>` or `task_user:<task_id>:<user_id>:<rate_type_id>`.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The rate as its import id, e.g. `task:80000012:1` or `task_user:80000012:1200001:1`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"rate_type_id": schema.Int64Attribute{
				MarkdownDescription: "Id of the rate type (`timecamp_rate_types`). Changing it makes a rate of the other " +
					"type (the old one stays in TimeCamp, as on destroy).",
				Required:      true,
				Validators:    []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()},
			},
			"task_id":  target("Id of the task (or project) the rate belongs to; with `user_id`, the task of a task-user override."),
			"user_id":  target("Id of the user the rate belongs to; with `task_id`, the user of a task-user override."),
			"group_id": target("Id of the group the rate belongs to; alone only."),
			"value": schema.NumberAttribute{
				MarkdownDescription: "The rate, an amount in the account's currency per hour, 0 or more with at most " +
					"2 decimals (TimeCamp keeps 2). It is an exact decimal, never a binary float: `12.30`, `12.3` and " +
					"`\"12.30\"` are the same value, and TimeCamp's `\"12.30\"` reads back without a diff (state shows `12.3`).",
				Required:   true,
				Validators: []validator.Number{rateValueValidator{}},
			},
			"add_date": schema.StringAttribute{
				MarkdownDescription: "Date the rate applies from, `YYYY-MM-DD`. Leave it out for a rate without a date, " +
					"which TimeCamp shows as `2000-01-01` (and this attribute then reads). Changing it updates the rate in place.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{dateValidator{}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
		},
	}
}

func (r *billingRateResource) ConfigValidators(context.Context) []resource.ConfigValidator {
	return []resource.ConfigValidator{rateTargetValidator{}}
}

func (r *billingRateResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	var plan billingRateResourceModel
	if !r.set(ctx, req.Plan.Get, &plan, "create", &resp.Diagnostics) {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *billingRateResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan billingRateResourceModel
	if !r.set(ctx, req.Plan.Get, &plan, "update", &resp.Diagnostics) {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

// set reads the plan into plan, sets the rate in TimeCamp and fills in id and add_date.
func (r *billingRateResource) set(ctx context.Context, get func(context.Context, any) diag.Diagnostics,
	plan *billingRateResourceModel, verb string, diags *diag.Diagnostics) bool {
	if !requireClient(r.client, diags) {
		return false
	}
	diags.Append(get(ctx, plan)...)
	if diags.HasError() {
		return false
	}
	target, typeID := plan.target(), plan.RateTypeID.ValueInt64()
	value, problem := rateValueText(plan.Value)
	if problem != "" {
		diags.AddAttributeError(path.Root("value"), "Invalid billing rate value", problem)
		return false
	}
	in := timecamp.RateInput{RateTypeID: typeID, Value: value}
	if !plan.AddDate.IsNull() && !plan.AddDate.IsUnknown() {
		in.AddDate = timecamp.Set(plan.AddDate.ValueString())
	}
	summary := "Unable to " + verb + " billing rate"
	attempted := fmt.Sprintf("Setting the rate of rate type %d for %s to %s.", typeID, target, value)
	reply, err := r.client.Rates.Set(ctx, target, in)
	if err != nil {
		var nf *timecamp.NotFoundError
		switch {
		case errors.As(err, &nf) && nf.Kind == "rate type":
			diags.AddAttributeError(path.Root("rate_type_id"), summary, apiErrorDetail(attempted+fmt.Sprintf(
				" TimeCamp has no rate type %d: use an id from the timecamp_rate_types data source.", typeID), err))
		case errors.As(err, &nf):
			diags.AddError(summary, apiErrorDetail(attempted+fmt.Sprintf(" TimeCamp has no %s %s: check %s.",
				nf.Kind, nf.ID, targetAttributes(target)), err))
		default:
			addAPIError(diags, summary, attempted, err)
		}
		return false
	}
	plan.ID = types.StringValue(rateID(target, typeID))
	if plan.AddDate.IsUnknown() {
		date := string(reply.AddDate)
		if date == "" { // a reply without the date: read the rate back
			rate, err := r.client.Rates.Get(ctx, target, typeID, "")
			if err != nil {
				addAPIError(diags, summary, "Reading back the date of the rate just set: "+attempted, err)
				return false
			}
			date = string(rate.AddDate)
		}
		plan.AddDate = types.StringValue(date)
	}
	return true
}

func (r *billingRateResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var state billingRateResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	target, typeID := state.target(), state.RateTypeID.ValueInt64()
	rate, err := r.client.Rates.Get(ctx, target, typeID, state.AddDate.ValueString())
	if timecamp.IsNotFound(err) {
		tflog.Warn(ctx, fmt.Sprintf("the rate of rate type %d for %s no longer exists in TimeCamp; removing it from state", typeID, target))
		resp.State.RemoveResource(ctx)
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read billing rate", fmt.Sprintf("Reading the rate of rate type %d for %s.", typeID, target), err)
		return
	}
	value, ok := new(big.Float).SetPrec(512).SetString(string(rate.Value))
	if !ok {
		resp.Diagnostics.AddError("Unable to read billing rate", fmt.Sprintf(
			"TimeCamp sent the value %q for the rate of rate type %d for %s, which is not a number. Please report it.", rate.Value, typeID, target))
		return
	}
	state.Value = types.NumberValue(value)
	state.AddDate = types.StringValue(string(rate.AddDate))
	state.ID = types.StringValue(rateID(target, typeID))
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Delete leaves the rate in TimeCamp, which cannot delete rates (see the resource description).
func (r *billingRateResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	var state billingRateResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	value, _ := rateValueText(state.Value)
	resp.Diagnostics.AddWarning("Billing rate left in TimeCamp",
		fmt.Sprintf("TimeCamp cannot delete billing rates, so the rate of rate type %d for %s stays in TimeCamp at %s "+
			"for as long as its target exists. Terraform no longer manages it. Change it in TimeCamp if it should not apply any more, or import it "+
			"again with `terraform import <address> %s`.", state.RateTypeID.ValueInt64(), state.target(), value, state.ID.ValueString()))
}

// ImportState takes task:<task_id>:<rate_type_id>, user:<user_id>:<rate_type_id>,
// group:<group_id>:<rate_type_id> or task_user:<task_id>:<user_id>:<rate_type_id>.
func (r *billingRateResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	target, typeID, err := parseRateID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID", err.Error())
		return
	}
	set := func(name string, id int64) {
		if id != 0 {
			resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root(name), id)...)
		}
	}
	set("task_id", target.TaskID)
	set("user_id", target.UserID)
	set("group_id", target.GroupID)
	set("rate_type_id", typeID)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), rateID(target, typeID))...)
}

func (m billingRateResourceModel) target() timecamp.RateTarget {
	return timecamp.RateTarget{TaskID: m.TaskID.ValueInt64(), UserID: m.UserID.ValueInt64(), GroupID: m.GroupID.ValueInt64()}
}

// rateID renders the id (and import id) of a rate.
func rateID(t timecamp.RateTarget, typeID int64) string {
	switch t.Kind() {
	case timecamp.RateTargetTaskUser:
		return fmt.Sprintf("task_user:%d:%d:%d", t.TaskID, t.UserID, typeID)
	case timecamp.RateTargetUser:
		return fmt.Sprintf("user:%d:%d", t.UserID, typeID)
	case timecamp.RateTargetGroup:
		return fmt.Sprintf("group:%d:%d", t.GroupID, typeID)
	}
	return fmt.Sprintf("task:%d:%d", t.TaskID, typeID)
}

const rateIDForms = "task:<task_id>:<rate_type_id>, user:<user_id>:<rate_type_id>, group:<group_id>:<rate_type_id> " +
	"or task_user:<task_id>:<user_id>:<rate_type_id> (for example task:80000012:1)"

// parseRateID reads an import id made by rateID.
func parseRateID(s string) (timecamp.RateTarget, int64, error) {
	parts := strings.Split(strings.TrimSpace(s), ":")
	ids, ok := parseIDList(parts[1:])
	want := map[string]int{timecamp.RateTargetTask: 2, timecamp.RateTargetUser: 2, timecamp.RateTargetGroup: 2, timecamp.RateTargetTaskUser: 3}
	n, known := want[parts[0]]
	if !known || !ok || len(ids) != n {
		//nolint:staticcheck // ST1005: shown as the diagnostic's whole sentence
		return timecamp.RateTarget{}, 0, fmt.Errorf("Import a billing rate as %s; got %q.", rateIDForms, s)
	}
	var t timecamp.RateTarget
	switch parts[0] {
	case timecamp.RateTargetTask:
		t.TaskID = ids[0]
	case timecamp.RateTargetUser:
		t.UserID = ids[0]
	case timecamp.RateTargetGroup:
		t.GroupID = ids[0]
	case timecamp.RateTargetTaskUser:
		t.TaskID, t.UserID = ids[0], ids[1]
	}
	return t, ids[n-1], nil
}

// targetAttributes names the attributes of a target, for messages.
func targetAttributes(t timecamp.RateTarget) string {
	switch t.Kind() {
	case timecamp.RateTargetTaskUser:
		return "task_id and user_id"
	case timecamp.RateTargetUser:
		return "user_id"
	case timecamp.RateTargetGroup:
		return "group_id"
	}
	return "task_id"
}

// rateValueText renders a rate as the decimal text sent to TimeCamp, or says why it cannot be one.
// The number arrives exact (Terraform numbers are 512-bit), and its shortest decimal form is what
// the configuration wrote: 12.30 and 12.3 both give "12.3".
func rateValueText(v types.Number) (string, string) {
	if v.IsNull() || v.IsUnknown() {
		return "", ""
	}
	f := v.ValueBigFloat()
	text := f.Text('f', -1)
	switch {
	case f.Sign() < 0:
		return text, fmt.Sprintf("The rate %s is negative; a billing rate is 0 or more.", text)
	case f.IsInf():
		return text, "The rate is infinite."
	}
	if _, decimals, found := strings.Cut(text, "."); found && len(decimals) > rateValueDecimals {
		return text, fmt.Sprintf("The rate %s has %d decimals; TimeCamp keeps %d (it would store %s and every plan would show a change). "+
			"Round it, e.g. %s.", text, len(decimals), rateValueDecimals, rounded(text), rounded(text))
	}
	return text, ""
}

// rounded rounds decimal text to TimeCamp's decimals, half away from zero, in decimal (12.345 ->
// 12.35; a binary float would say 12.34).
func rounded(text string) string {
	r, ok := new(big.Rat).SetString(text)
	if !ok {
		return text
	}
	return r.FloatString(rateValueDecimals)
}

// rateValueValidator checks a rate at plan time.
type rateValueValidator struct{}

func (rateValueValidator) Description(context.Context) string {
	return fmt.Sprintf("a number, 0 or more, with at most %d decimals", rateValueDecimals)
}
func (v rateValueValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (rateValueValidator) ValidateNumber(_ context.Context, req validator.NumberRequest, resp *validator.NumberResponse) {
	if _, problem := rateValueText(req.ConfigValue); problem != "" {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid billing rate value", problem)
	}
}

// rateTargetValidator makes the allowed target combinations plain at plan time: task_id alone,
// user_id alone, group_id alone, or task_id with user_id.
type rateTargetValidator struct{}

const rateTargetRule = "A billing rate belongs to exactly one target: task_id alone (a task's rate), user_id alone " +
	"(a user's rate), group_id alone (a group's rate), or task_id together with user_id (that user's rate on that task)."

func (rateTargetValidator) Description(context.Context) string { return rateTargetRule }
func (v rateTargetValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (rateTargetValidator) ValidateResource(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var set, maybe []string // attributes given, and attributes whose value is not known yet
	for _, name := range []string{"task_id", "user_id", "group_id"} {
		var v types.Int64
		resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root(name), &v)...)
		switch {
		case v.IsUnknown():
			maybe = append(maybe, name)
		case !v.IsNull():
			set = append(set, name)
		}
	}
	if resp.Diagnostics.HasError() {
		return
	}
	has := func(name string) bool {
		for _, s := range set {
			if s == name {
				return true
			}
		}
		return false
	}
	switch {
	case len(set) == 0 && len(maybe) == 0:
		resp.Diagnostics.AddAttributeError(path.Root("task_id"), "Missing billing rate target",
			rateTargetRule+" None of them is set.")
	case has("group_id") && len(set) > 1:
		others := strings.Join(set[:len(set)-1], " and ")
		resp.Diagnostics.AddAttributeError(path.Root("group_id"), "Invalid billing rate target",
			rateTargetRule+" group_id cannot be combined with "+others+": use a separate timecamp_billing_rate for each target.")
	}
}
