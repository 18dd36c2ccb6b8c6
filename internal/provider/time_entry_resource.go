package provider

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/boolplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

var (
	_ resource.ResourceWithConfigure      = (*timeEntryResource)(nil)
	_ resource.ResourceWithImportState    = (*timeEntryResource)(nil)
	_ resource.ResourceWithValidateConfig = (*timeEntryResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*timeEntryResource)(nil)
)

// NewTimeEntryResource returns the timecamp_time_entry resource: one time entry. Destroy deletes it.
func NewTimeEntryResource() resource.Resource { return &timeEntryResource{} }

type timeEntryResource struct {
	clientHolder
}

type timeEntryModel struct {
	ID        types.String `tfsdk:"id"`
	Date      types.String `tfsdk:"date"`
	StartTime timeOfDay    `tfsdk:"start_time"`
	EndTime   timeOfDay    `tfsdk:"end_time"`
	Duration  types.Int64  `tfsdk:"duration"`
	TaskID    types.Int64  `tfsdk:"task_id"`
	Note      types.String `tfsdk:"note"`
	Billable  types.Bool   `tfsdk:"billable"`
	Tags      types.Set    `tfsdk:"tags"`
	UserID    types.Int64  `tfsdk:"user_id"`
	Locked    types.Bool   `tfsdk:"locked"`
	InvoiceID types.Int64  `tfsdk:"invoice_id"`
}

// timeEntryImportFormat is the import id, documented in the schema and in errors.
const timeEntryImportFormat = "`<user_id>:<date>:<entry_id>` (for example `1200000:2026-03-02:260000123`), or " +
	"`<date>:<entry_id>` for an entry of the token's user"

// Longest duration of an entry: one day. An entry with a time frame must also end before midnight.
const secondsPerDay = 24 * 3600

func (r *timeEntryResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_time_entry"
}

func (r *timeEntryResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "One time entry: time tracked on a day, with a start and an end time or a duration, " +
			"optionally on a task, with a note, a billable flag and tags.\n\n" +
			"Give the time either as `start_time` and `end_time`, as `start_time` (or `end_time`) and `duration`, or " +
			"as `duration` alone (an entry without a time frame). Values that contradict each other fail at plan time. " +
			"Times are wall-clock times in the TimeCamp account's time zone; any accepted spelling of the same time " +
			"(`9:00`, `09:00`, `09:00:00`, `9:00 AM`) is no change.\n\n" +
			"TimeCamp has no read of one entry: the provider finds the entry in the list of its day for its user. " +
			"An entry moved to another day or user outside Terraform therefore looks deleted, and is created again. " +
			"A create is never sent twice: should its reply be lost, the provider looks for the new entry in its day " +
			"and adopts it, or says how to import it.\n\n" +
			"**Destroy deletes the entry** (TimeCamp cannot archive entries). Entries locked by a timesheet approval " +
			"can neither be changed nor deleted.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The TimeCamp entry id.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"date": schema.StringAttribute{
				MarkdownDescription: "Day of the entry, `YYYY-MM-DD`. Changing it moves the entry in place.",
				Required:            true,
				Validators:          []validator.String{dateValidator{}},
			},
			"start_time": schema.StringAttribute{
				CustomType: timeOfDayType{},
				MarkdownDescription: "Start of the entry on its day, in the account's time zone: " + timeOfDayFormats +
					". Offsets and zones are refused (TimeCamp keeps no offset). Computed from `end_time` and `duration` when " +
					"left out; null for an entry without a time frame.",
				Optional: true,
				Computed: true,
			},
			"end_time": schema.StringAttribute{
				CustomType: timeOfDayType{},
				MarkdownDescription: "End of the entry on the same day, in the same spellings as `start_time`; not before " +
					"`start_time`, and at the latest `23:59:59`. Computed from `start_time` and `duration` when left out.",
				Optional: true,
				Computed: true,
			},
			"duration": schema.Int64Attribute{
				MarkdownDescription: "Length of the entry in seconds. With `start_time` and `end_time` it may be left out " +
					"(it is their difference) or must equal their difference. Alone, it makes an entry without a time frame.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.Int64{int64validator.Between(0, secondsPerDay)},
			},
			"task_id": schema.Int64Attribute{
				MarkdownDescription: "Id of the task (`timecamp_task`) the time is tracked on. Leave it out for time on no task.",
				Optional:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
			},
			"note": schema.StringAttribute{
				MarkdownDescription: "The entry's note (TimeCamp's description). Removing it from the configuration clears it.",
				Optional:            true,
			},
			"billable": schema.BoolAttribute{
				MarkdownDescription: "Whether the time is billable. When left out, TimeCamp decides (new entries are " +
					"not billable; TimeCamp does not take the task's setting), and a change made in TimeCamp is kept.",
				Optional:      true,
				Computed:      true,
				PlanModifiers: []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"tags": schema.SetAttribute{
				MarkdownDescription: "Ids of the tags (`timecamp_tag`) on the entry. Changed in place: tags are added " +
					"and removed one by one. Tags that do not exist or are archived are refused by TimeCamp.",
				ElementType: types.Int64Type,
				Optional:    true,
			},
			"user_id": schema.Int64Attribute{
				MarkdownDescription: "Id of the user the entry belongs to. Default: the token's user. Creating entries " +
					"for other users needs an administrator token. Changing it replaces the entry (TimeCamp cannot move " +
					"an entry to another user).",
				Optional: true,
				Computed: true,
				PlanModifiers: []planmodifier.Int64{
					int64planmodifier.UseStateForUnknown(),
					int64planmodifier.RequiresReplace(),
				},
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"locked": schema.BoolAttribute{
				MarkdownDescription: "Whether a timesheet approval locks the entry (it can then be neither changed nor deleted).",
				Computed:            true,
				PlanModifiers:       []planmodifier.Bool{boolplanmodifier.UseStateForUnknown()},
			},
			"invoice_id": schema.Int64Attribute{
				MarkdownDescription: "Id of the invoice the entry is billed on; null when it is not invoiced.",
				Computed:            true,
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
		},
	}
}

// timeFrame is an entry's configured or planned start, end and duration; a field is set when the
// value is known and valid.
type timeFrame struct {
	start, end, duration          int64
	hasStart, hasEnd, hasDuration bool
	unknown                       bool // one of the three is unknown (known only at apply)
}

func frameOf(m timeEntryModel) timeFrame {
	var f timeFrame
	f.start, f.hasStart = m.StartTime.Seconds()
	f.end, f.hasEnd = m.EndTime.Seconds()
	if !m.Duration.IsNull() && !m.Duration.IsUnknown() {
		f.duration, f.hasDuration = m.Duration.ValueInt64(), true
	}
	f.unknown = m.StartTime.IsUnknown() || m.EndTime.IsUnknown() || m.Duration.IsUnknown()
	return f
}

// ValidateConfig refuses start, end and duration that are missing or contradict each other,
// naming the attributes. Unknown values are checked at apply.
func (r *timeEntryResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var cfg timeEntryModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	for _, d := range frameProblems(cfg) {
		resp.Diagnostics.Append(d)
	}
}

// frameProblems lists what is wrong with a configuration's start, end and duration.
func frameProblems(cfg timeEntryModel) diag.Diagnostics {
	var diags diag.Diagnostics
	if cfg.StartTime.IsUnknown() || cfg.EndTime.IsUnknown() || cfg.Duration.IsUnknown() {
		return nil
	}
	// A value that does not parse is reported by its type's own validation.
	if _, ok := cfg.StartTime.Seconds(); !cfg.StartTime.IsNull() && !ok {
		return nil
	}
	if _, ok := cfg.EndTime.Seconds(); !cfg.EndTime.IsNull() && !ok {
		return nil
	}
	f := frameOf(cfg)
	switch {
	case !f.hasStart && !f.hasEnd && !f.hasDuration:
		diags.AddAttributeError(path.Root("duration"), "Missing time of the entry",
			"Set start_time and end_time, start_time (or end_time) and duration, or duration alone (seconds, for an "+
				"entry without a time frame). None of them is set.")
	case f.hasStart && !f.hasEnd && !f.hasDuration:
		diags.AddAttributeError(path.Root("start_time"), "Incomplete time of the entry",
			fmt.Sprintf("start_time = %q needs end_time or duration to say how long the entry is.", cfg.StartTime.ValueString()))
	case f.hasEnd && !f.hasStart && !f.hasDuration:
		diags.AddAttributeError(path.Root("end_time"), "Incomplete time of the entry",
			fmt.Sprintf("end_time = %q needs start_time or duration to say how long the entry is.", cfg.EndTime.ValueString()))
	case f.hasStart && f.hasEnd && f.end < f.start:
		diags.AddAttributeError(path.Root("end_time"), "End before start",
			fmt.Sprintf("end_time = %q is before start_time = %q. An entry ends on the day it starts: split an entry "+
				"past midnight into two.", cfg.EndTime.ValueString(), cfg.StartTime.ValueString()))
	case f.hasStart && f.hasEnd && f.hasDuration && f.duration != f.end-f.start:
		diags.AddAttributeError(path.Root("duration"), "Duration contradicts start and end",
			fmt.Sprintf("duration = %d seconds, but start_time = %q and end_time = %q are %d seconds apart. Leave duration "+
				"out (it is computed) or make them agree.", f.duration, cfg.StartTime.ValueString(), cfg.EndTime.ValueString(), f.end-f.start))
	case f.hasStart && !f.hasEnd && f.hasDuration && f.start+f.duration >= secondsPerDay:
		diags.AddAttributeError(path.Root("duration"), "Entry past midnight",
			fmt.Sprintf("start_time = %q plus duration = %d seconds ends at or after midnight. An entry ends on the day it "+
				"starts (at 23:59:59 at the latest).", cfg.StartTime.ValueString(), f.duration))
	case f.hasEnd && !f.hasStart && f.hasDuration && f.end-f.duration < 0:
		diags.AddAttributeError(path.Root("duration"), "Entry before midnight",
			fmt.Sprintf("end_time = %q minus duration = %d seconds starts before midnight. An entry starts on its own day.",
				cfg.EndTime.ValueString(), f.duration))
	}
	return diags
}

// ModifyPlan fills in the computed parts of the time frame, and keeps the spelling in state for
// a configured time that names the same instant (Terraform accepts the prior value in place of an
// equivalent configured one), so that re-spelling a time plans nothing.
func (r *timeEntryResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var cfg, plan timeEntryModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	var state *timeEntryModel
	if !req.State.Raw.IsNull() {
		state = &timeEntryModel{}
		resp.Diagnostics.Append(req.State.Get(ctx, state)...)
		if resp.Diagnostics.HasError() {
			return
		}
	}
	// Keep the state's spelling of an equivalent configured time.
	if state != nil {
		if plan.StartTime.sameInstant(state.StartTime) {
			plan.StartTime = state.StartTime
		}
		if plan.EndTime.sameInstant(state.EndTime) {
			plan.EndTime = state.EndTime
		}
	}
	planFrame(cfg, state, &plan)
	resp.Diagnostics.Append(resp.Plan.Set(ctx, &plan)...)
}

// planFrame computes start_time, end_time and duration that the configuration leaves out.
func planFrame(cfg timeEntryModel, state *timeEntryModel, plan *timeEntryModel) {
	f := frameOf(cfg)
	if f.unknown || len(frameProblems(cfg)) > 0 {
		return // known at apply, or refused by validation
	}
	// derived is a computed time: the state's spelling when it names the same instant.
	derived := func(secs int64, prior *timeOfDay) timeOfDay {
		v := timeOfDayValue(formatTimeOfDay(secs))
		if prior != nil && prior.sameInstant(v) {
			return *prior
		}
		return v
	}
	var priorStart, priorEnd *timeOfDay
	if state != nil {
		priorStart, priorEnd = &state.StartTime, &state.EndTime
	}
	switch {
	case f.hasStart && f.hasEnd:
		plan.Duration = types.Int64Value(f.end - f.start)
	case f.hasStart && f.hasDuration:
		plan.EndTime = derived(f.start+f.duration, priorEnd)
	case f.hasEnd && f.hasDuration:
		plan.StartTime = derived(f.end-f.duration, priorStart)
	case f.hasDuration:
		// Duration alone. Unchanged: the frame stays as it is. Changed on an entry with a start:
		// TimeCamp keeps the start and moves the end. Otherwise TimeCamp decides (read back).
		switch {
		case state != nil && !state.Duration.IsNull() && state.Duration.ValueInt64() == f.duration:
			plan.StartTime, plan.EndTime = state.StartTime, state.EndTime
		case state != nil && !state.StartTime.IsNull() && !state.StartTime.IsUnknown():
			start, ok := state.StartTime.Seconds()
			if ok && start+f.duration < secondsPerDay {
				plan.StartTime, plan.EndTime = state.StartTime, derived(start+f.duration, priorEnd)
			} else {
				plan.StartTime, plan.EndTime = timeOfDayUnknown(), timeOfDayUnknown()
			}
		default:
			plan.StartTime, plan.EndTime = timeOfDayUnknown(), timeOfDayUnknown()
		}
	}
}

func (r *timeEntryResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var plan timeEntryModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	date := plan.Date.ValueString()
	userID, ok := r.entryUser(ctx, plan, &resp.Diagnostics)
	if !ok {
		return
	}
	tags, ok := tagIDs(ctx, plan.Tags, &resp.Diagnostics)
	if !ok {
		return
	}
	what := describeEntry(plan, userID)

	in := timecamp.EntryInput{Date: timecamp.Set(date), TagIDs: tags}
	setFrame(&in, plan)
	if !plan.TaskID.IsNull() {
		in.TaskID = timecamp.Set(plan.TaskID.ValueInt64())
	}
	if !plan.Note.IsNull() {
		in.Note = timecamp.Set(plan.Note.ValueString())
	}
	if !plan.Billable.IsUnknown() && !plan.Billable.IsNull() {
		in.Billable = timecamp.Set(plan.Billable.ValueBool())
	}
	if !plan.UserID.IsUnknown() && !plan.UserID.IsNull() {
		in.UserID = timecamp.Set(userID)
	}

	// The day as it is before the create: if the reply is lost, the new entry is the one that was
	// not there before (a create is never sent twice).
	before, err := r.client.Entries.Day(ctx, date, userID)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to create time entry",
			fmt.Sprintf("Listing the entries of user %d on %s before creating %s (the provider compares the day before and "+
				"after a create whose reply is lost). Nothing was created.", userID, date, what), err)
		return
	}
	id, err := r.client.Entries.Create(ctx, in)
	if err != nil {
		if !timecamp.CreateOutcomeUnknown(err) {
			if !plan.TaskID.IsNull() && timecamp.StatusCode(err) == http.StatusNotFound {
				resp.Diagnostics.AddAttributeError(path.Root("task_id"), "Unable to create time entry", apiErrorDetail(fmt.Sprintf(
					"Creating %s. TimeCamp found no task %d: set task_id to the id of an existing task, such as "+
						"timecamp_task.<name>.id. Nothing was created.", what, plan.TaskID.ValueInt64()), err))
				return
			}
			addAPIError(&resp.Diagnostics, "Unable to create time entry", "Creating "+what+". TimeCamp refused it; nothing was created.", err)
			return
		}
		id, ok = r.recoverCreate(ctx, in, userID, before, what, err, &resp.Diagnostics)
		if !ok {
			return
		}
	}
	ref := timecamp.EntryRef{ID: id, Date: date, UserID: userID}
	missing := r.readBack(ctx, ref, plan, "Reading back the new "+describeRef(ref)+".", &resp.State, &resp.Diagnostics)
	if len(missing) == 0 {
		return
	}
	// TimeCamp created the entry without the tags it skipped: delete it again, so that a refused
	// configuration leaves nothing half-made behind (kept in state, tainted, if that fails).
	if err := r.client.Entries.Delete(ctx, id); err != nil {
		tagsNotAttached(&resp.Diagnostics, missing, ref, fmt.Sprintf(" The provider tried to delete the entry it had "+
			"just created, and that failed too (%v): the entry stays in state, and the next apply replaces it.", err))
		return
	}
	resp.State.RemoveResource(ctx)
	tagsNotAttached(&resp.Diagnostics, missing, ref, " The provider deleted the entry again, so nothing was created.")
}

// recoverCreate finds the entry of a create whose outcome is unknown: the one entry of the day
// that was not there before and matches what was sent. When it cannot tell, it says how to
// import the entry instead of sending the create again.
func (r *timeEntryResource) recoverCreate(ctx context.Context, in timecamp.EntryInput, userID int64, before []timecamp.Entry,
	what string, createErr error, diags *diag.Diagnostics) (int64, bool) {
	date, _ := in.Date.Value()
	after, err := r.client.Entries.Day(ctx, date, userID)
	if err != nil {
		addAPIError(diags, "Unable to create time entry", fmt.Sprintf("Creating %s: the reply of TimeCamp was lost (%v), so the "+
			"entry may or may not exist, and listing the entries of %s to find out failed too. The create is not sent again. "+
			"Look at the day in TimeCamp: if the entry is there, import it (%s); otherwise run terraform apply again.",
			what, createErr, date, strings.ReplaceAll(timeEntryImportFormat, "`", "")), err)
		return 0, false
	}
	existed := map[int64]bool{}
	for _, e := range before {
		existed[int64(e.ID)] = true
	}
	var matches []int64
	for _, e := range after {
		if !existed[int64(e.ID)] && entryMatches(e, in) {
			matches = append(matches, int64(e.ID))
		}
	}
	if len(matches) == 1 {
		return matches[0], true
	}
	detail := fmt.Sprintf("Creating %s: the reply of TimeCamp was lost (%v), so the provider looked for the new entry among "+
		"the entries of %s that were not there before the create. The create is not sent again (that could make a duplicate).\n\n",
		what, createErr, date)
	if len(matches) == 0 {
		detail += "No new matching entry is there, so TimeCamp most likely did not create it: run terraform apply again. " +
			"Should the entry show in TimeCamp later, import it instead: terraform import <address> " +
			fmt.Sprintf("%d:%s:<entry id>.", userID, date)
	} else {
		ids := make([]string, len(matches))
		for i, id := range matches {
			ids[i] = fmt.Sprintf("%d:%s:%d", userID, date, id)
		}
		detail += fmt.Sprintf("%d new entries match it (made at the same time by something else), and the provider cannot "+
			"tell which one it created. Import the right one with terraform import <address> <id>, using one of: %s; "+
			"and delete any duplicate in TimeCamp.", len(matches), strings.Join(ids, ", "))
	}
	diags.AddError("Unable to create time entry", detail)
	return 0, false
}

// entryMatches reports whether a listed entry is what in asked for.
func entryMatches(e timecamp.Entry, in timecamp.EntryInput) bool {
	if task, _ := in.TaskID.Value(); int64(e.TaskID) != task {
		return false
	}
	if note, _ := in.Note.Value(); string(e.Description) != note {
		return false
	}
	if b, _ := in.Billable.Value(); in.Billable.IsSet() && bool(e.Billable) != b {
		return false
	}
	start, _ := in.StartTime.Value()
	end, _ := in.EndTime.Value()
	if in.StartTime.IsSet() {
		s, errS := parseTimeOfDay(e.StartTime.Value)
		en, errE := parseTimeOfDay(e.EndTime.Value)
		want, _ := parseTimeOfDay(start)
		wantEnd, _ := parseTimeOfDay(end)
		return errS == nil && errE == nil && s == want && en == wantEnd
	}
	d, _ := in.Duration.Value()
	return int64(e.Duration) == d
}

func (r *timeEntryResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	prior, ref, ok := r.inState(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	entry, err := r.client.Entries.Get(ctx, ref)
	if timecamp.IsNotFound(err) {
		resp.State.RemoveResource(ctx) // deleted (or moved to another day or user) outside Terraform
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read time entry", "Reading "+describeRef(ref)+".", err)
		return
	}
	state := entryState(entry, prior)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *timeEntryResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	state, ref, ok := r.inState(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	var plan timeEntryModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}

	// Send only what changed, comparing times by the instant they name.
	var in timecamp.EntryInput
	changed := false
	if !plan.Date.Equal(state.Date) {
		in.Date, changed = timecamp.Set(plan.Date.ValueString()), true
	}
	if !plan.StartTime.sameInstant(state.StartTime) || !plan.EndTime.sameInstant(state.EndTime) ||
		!plan.Duration.Equal(state.Duration) {
		if setFrame(&in, plan) {
			changed = true
		}
	}
	if !plan.TaskID.Equal(state.TaskID) {
		in.TaskID, changed = timecamp.Set(plan.TaskID.ValueInt64()), true // null is 0: no task
	}
	if !plan.Note.Equal(state.Note) {
		in.Note, changed = timecamp.Set(plan.Note.ValueString()), true // null clears the note
	}
	if !plan.Billable.IsUnknown() && !plan.Billable.Equal(state.Billable) {
		in.Billable, changed = timecamp.Set(plan.Billable.ValueBool()), true
	}
	what := describeRef(ref)
	if changed {
		if _, err := r.client.Entries.Update(ctx, ref, in); err != nil {
			attempted := "Updating " + what + "."
			if timecamp.IsNotFound(err) {
				attempted += " The entry is no longer in its day: it was deleted or moved outside Terraform. Run terraform apply again to create it."
			}
			addAPIError(&resp.Diagnostics, "Unable to update time entry", attempted, err)
			return
		}
	}
	ref.Date = plan.Date.ValueString()

	// Tags change one by one through the entry's tags endpoints.
	want, ok := tagIDs(ctx, plan.Tags, &resp.Diagnostics)
	if !ok {
		return
	}
	have, ok := tagIDs(ctx, state.Tags, &resp.Diagnostics)
	if !ok {
		return
	}
	add, remove := diffIDs(have, want)
	if _, err := r.client.Entries.AddTags(ctx, ref, add); err != nil {
		addAPIError(&resp.Diagnostics, "Unable to update time entry", fmt.Sprintf("Adding tags %v to %s.", add, what), err)
		return
	}
	if _, err := r.client.Entries.RemoveTags(ctx, ref, remove); err != nil {
		addAPIError(&resp.Diagnostics, "Unable to update time entry", fmt.Sprintf("Removing tags %v from %s.", remove, what), err)
		return
	}
	if missing := r.readBack(ctx, ref, plan, "Reading back "+what+" after the update.", &resp.State, &resp.Diagnostics); len(missing) > 0 {
		tagsNotAttached(&resp.Diagnostics, missing, ref, "")
	}
}

func (r *timeEntryResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	_, ref, ok := r.inState(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	// TimeCamp answers an entry already gone with success (204): deleting twice is harmless.
	if err := r.client.Entries.Delete(ctx, ref.ID); err != nil && !timecamp.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, "Unable to delete time entry", "Deleting "+describeRef(ref)+".", err)
	}
}

// ImportState takes <user_id>:<date>:<entry_id> or <date>:<entry_id>: TimeCamp finds an entry
// only in the list of its day, so the id alone is not enough.
func (r *timeEntryResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	userID, date, id, err := parseEntryImportID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID", fmt.Sprintf("Import a time entry as %s: TimeCamp finds an entry only "+
			"in the list of its day. %s.", strings.ReplaceAll(timeEntryImportFormat, "`", ""), err))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), strconv.FormatInt(id, 10))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("date"), date)...)
	if userID != 0 {
		resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("user_id"), userID)...)
	}
}

// parseEntryImportID reads <user_id>:<date>:<entry_id> or <date>:<entry_id> (user 0: the token's user).
func parseEntryImportID(s string) (userID int64, date string, id int64, err error) {
	parts := strings.Split(strings.TrimSpace(s), ":")
	switch len(parts) {
	case 2:
		date, parts[0] = parts[0], ""
	case 3:
		if userID, err = parseID(parts[0]); err != nil {
			return 0, "", 0, fmt.Errorf("%q: the user id %q is not a positive whole number", s, parts[0])
		}
		date = parts[1]
	default:
		return 0, "", 0, fmt.Errorf("%q has %d part(s) separated by ':', want 2 or 3", s, len(parts))
	}
	if err := checkDate(date); err != nil {
		return 0, "", 0, fmt.Errorf("%q: %w", s, err)
	}
	if id, err = parseID(parts[len(parts)-1]); err != nil {
		return 0, "", 0, fmt.Errorf("%q: the entry id %q is not a positive whole number", s, parts[len(parts)-1])
	}
	return userID, date, id, nil
}

// entryUser is the entry's user: the configured one, the one in state, or the token's user.
func (r *timeEntryResource) entryUser(ctx context.Context, m timeEntryModel, diags *diag.Diagnostics) (int64, bool) {
	if !m.UserID.IsNull() && !m.UserID.IsUnknown() {
		return m.UserID.ValueInt64(), true
	}
	me, err := r.client.Me.Get(ctx)
	if err != nil {
		addAPIError(diags, "Unable to create time entry", "Reading the token's user (GET /me), whom the entry belongs to when user_id is left out.", err)
		return 0, false
	}
	return int64(me.UserID), true
}

// readBack reads the entry after a create or an update and stores it. It returns the planned tags
// TimeCamp did not keep (it skips tags that do not exist or are archived without an error).
func (r *timeEntryResource) readBack(ctx context.Context, ref timecamp.EntryRef, plan timeEntryModel, attempted string,
	state interface {
		Set(context.Context, any) diag.Diagnostics
	}, diags *diag.Diagnostics) []int64 {
	entry, err := r.client.Entries.Get(ctx, ref)
	if err != nil {
		addAPIError(diags, "Unable to read time entry", attempted, err)
		// Keep the entry in state (tainted): it exists, or existed, and must not be created a second
		// time. The next refresh reads it, or drops it if it is not in its day.
		partial := plan
		partial.ID = idString(ref.ID)
		partial.UserID = types.Int64Value(ref.UserID)
		fillUnknowns(&partial)
		diags.Append(state.Set(ctx, &partial)...)
		return nil
	}
	s := entryState(entry, plan)
	diags.Append(state.Set(ctx, &s)...)
	want, ok := tagIDs(ctx, plan.Tags, diags)
	if !ok {
		return nil
	}
	missing, _ := diffIDs(entry.TagIDs(), want)
	return missing
}

// tagsNotAttached reports planned tags TimeCamp skipped; then says what became of the entry.
func tagsNotAttached(diags *diag.Diagnostics, missing []int64, ref timecamp.EntryRef, then string) {
	diags.AddAttributeError(path.Root("tags"), "Tags not attached to the time entry",
		fmt.Sprintf("TimeCamp did not attach tag(s) %v to %s: they do not exist, are archived, or are not allowed "+
			"for the entry's task. Use ids of active tags (timecamp_tag.<name>.id).%s", missing, describeRef(ref), then))
}

// fillUnknowns replaces unknown computed values with null, so a partial state can be saved.
func fillUnknowns(m *timeEntryModel) {
	if m.StartTime.IsUnknown() {
		m.StartTime = timeOfDayNull()
	}
	if m.EndTime.IsUnknown() {
		m.EndTime = timeOfDayNull()
	}
	if m.Duration.IsUnknown() {
		m.Duration = types.Int64Null()
	}
	if m.Billable.IsUnknown() {
		m.Billable = types.BoolNull()
	}
	if m.Locked.IsUnknown() {
		m.Locked = types.BoolNull()
	}
	if m.InvoiceID.IsUnknown() {
		m.InvoiceID = types.Int64Null()
	}
}

// entryState maps an entry from the API to state. prior is the plan (create, update) or the
// state (read): it decides null versus "" for the note, null versus [] for tags, and keeps
// user_id's configured value.
func entryState(e *timecamp.Entry, prior timeEntryModel) timeEntryModel {
	s := timeEntryModel{
		ID:        idString(int64(e.ID)),
		Date:      types.StringValue(string(e.Date)),
		StartTime: timeOfDayNull(),
		EndTime:   timeOfDayNull(),
		Duration:  types.Int64Value(int64(e.Duration)),
		TaskID:    types.Int64Null(),
		Note:      optionalString(timecamp.NullString{Value: string(e.Description), Valid: true}, prior.Note),
		Billable:  types.BoolValue(bool(e.Billable)),
		UserID:    types.Int64Value(int64(e.UserID)),
		Locked:    types.BoolValue(bool(e.Locked)),
		InvoiceID: types.Int64Null(),
	}
	if e.StartTime.Valid && e.StartTime.Value != "" {
		s.StartTime = timeOfDayValue(e.StartTime.Value)
	}
	if e.EndTime.Valid && e.EndTime.Value != "" {
		s.EndTime = timeOfDayValue(e.EndTime.Value)
	}
	if e.TaskID != 0 {
		s.TaskID = types.Int64Value(int64(e.TaskID))
	}
	if e.InvoiceID != 0 {
		s.InvoiceID = types.Int64Value(int64(e.InvoiceID))
	}
	ids := e.TagIDs()
	if len(ids) == 0 && (prior.Tags.IsNull() || prior.Tags.IsUnknown()) {
		s.Tags = types.SetNull(types.Int64Type)
	} else {
		elems := make([]attr.Value, len(ids))
		for i, id := range ids {
			elems[i] = types.Int64Value(id)
		}
		s.Tags = types.SetValueMust(types.Int64Type, elems)
	}
	return s
}

// setFrame puts the planned time frame into in: start and end when both are known, else the
// duration (with an entry's known start). It reports whether anything was set.
func setFrame(in *timecamp.EntryInput, plan timeEntryModel) bool {
	start, hasStart := plan.StartTime.Seconds()
	end, hasEnd := plan.EndTime.Seconds()
	if hasStart && hasEnd {
		in.StartTime, in.EndTime = timecamp.Set(formatTimeOfDay(start)), timecamp.Set(formatTimeOfDay(end))
		in.Duration = timecamp.Set(end - start)
		return true
	}
	if !plan.Duration.IsNull() && !plan.Duration.IsUnknown() {
		in.Duration = timecamp.Set(plan.Duration.ValueInt64())
		return true
	}
	return false
}

// inState reads the entry in state, and how to find it in TimeCamp, for Read, Update and Delete.
func (r *timeEntryResource) inState(ctx context.Context, state tfsdk.State, diags *diag.Diagnostics) (timeEntryModel, timecamp.EntryRef, bool) {
	var m timeEntryModel
	if !requireClient(r.client, diags) {
		return m, timecamp.EntryRef{}, false
	}
	diags.Append(state.Get(ctx, &m)...)
	if diags.HasError() {
		return m, timecamp.EntryRef{}, false
	}
	ref, ok := entryRef(m, diags)
	return m, ref, ok
}

// entryRef is how the entry in state is found: its id, day and user.
func entryRef(m timeEntryModel, diags *diag.Diagnostics) (timecamp.EntryRef, bool) {
	id, err := parseID(m.ID.ValueString())
	if err != nil {
		diags.AddError("Invalid time entry in state", "The entry id in state is invalid: "+err.Error())
		return timecamp.EntryRef{}, false
	}
	ref := timecamp.EntryRef{ID: id, Date: m.Date.ValueString()}
	if !m.UserID.IsNull() && !m.UserID.IsUnknown() {
		ref.UserID = m.UserID.ValueInt64()
	}
	return ref, true
}

func describeRef(ref timecamp.EntryRef) string {
	if ref.UserID == 0 {
		return fmt.Sprintf("time entry %d on %s", ref.ID, ref.Date)
	}
	return fmt.Sprintf("time entry %d of user %d on %s", ref.ID, ref.UserID, ref.Date)
}

// describeEntry names a planned entry in messages: "the entry of user 5 on 2026-03-02, 09:00:00-10:00:00, on task 8".
func describeEntry(m timeEntryModel, userID int64) string {
	s := fmt.Sprintf("the time entry of user %d on %s", userID, m.Date.ValueString())
	start, hasStart := m.StartTime.Seconds()
	end, hasEnd := m.EndTime.Seconds()
	switch {
	case hasStart && hasEnd:
		s += fmt.Sprintf(", %s-%s", formatTimeOfDay(start), formatTimeOfDay(end))
	case !m.Duration.IsNull() && !m.Duration.IsUnknown():
		s += fmt.Sprintf(", %d seconds", m.Duration.ValueInt64())
	}
	if !m.TaskID.IsNull() {
		s += fmt.Sprintf(", on task %d", m.TaskID.ValueInt64())
	}
	return s
}

// tagIDs reads a set of tag ids, ascending.
func tagIDs(ctx context.Context, set types.Set, diags *diag.Diagnostics) ([]int64, bool) {
	if set.IsNull() || set.IsUnknown() {
		return nil, true
	}
	var ids []int64
	diags.Append(set.ElementsAs(ctx, &ids, false)...)
	if diags.HasError() {
		return nil, false
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids, true
}

// diffIDs returns the ids of want missing from have, and those of have not in want.
func diffIDs(have, want []int64) (add, remove []int64) {
	in := func(list []int64, id int64) bool {
		for _, x := range list {
			if x == id {
				return true
			}
		}
		return false
	}
	for _, id := range want {
		if !in(have, id) {
			add = append(add, id)
		}
	}
	for _, id := range have {
		if !in(want, id) {
			remove = append(remove, id)
		}
	}
	return add, remove
}
