package provider

import (
	"context"
	"fmt"
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
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

var (
	_ resource.Resource                = (*timerResource)(nil)
	_ resource.ResourceWithConfigure   = (*timerResource)(nil)
	_ resource.ResourceWithImportState = (*timerResource)(nil)
)

// importRunningTimer is the import id that adopts whichever timer is running.
const importRunningTimer = "running"

// NewTimerResource returns the timecamp_timer resource: a running timer of the token's user.
// Creating it starts the timer, destroying it stops it.
func NewTimerResource() resource.Resource { return &timerResource{} }

type timerResource struct {
	clientHolder
}

type timerResourceModel struct {
	ID        types.String `tfsdk:"id"`
	TaskID    types.Int64  `tfsdk:"task_id"`
	Note      types.String `tfsdk:"note"`
	TimerID   types.Int64  `tfsdk:"timer_id"`
	EntryID   types.Int64  `tfsdk:"entry_id"`
	StartedAt types.String `tfsdk:"started_at"`
	Start     types.String `tfsdk:"start"`
}

func (r *timerResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_timer"
}

func (r *timerResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	keep := []planmodifier.String{stringplanmodifier.UseStateForUnknown()}
	keepInt := []planmodifier.Int64{int64planmodifier.UseStateForUnknown()}
	resp.Schema = schema.Schema{
		MarkdownDescription: "A running timer of the user the provider's API token belongs to.\n\n" +
			"**Creating it starts the timer**: TimeCamp creates the timer's time entry at once (duration 0). " +
			"**Destroying it stops the timer**; the time tracked stays in that entry. A timer already stopped " +
			"when Terraform destroys it is left as it is.\n\n" +
			"TimeCamp runs one timer per user: starting this timer while another one runs stops the other one " +
			"(which keeps its time). A timer stopped **outside Terraform** (in TimeCamp's apps, with the API, or by " +
			"starting another timer) is removed from the state at the next refresh, so the **next plan starts a new " +
			"timer**; remove the resource from the configuration if the timer should stay stopped.\n\n" +
			"When the timer starts is decided by TimeCamp at apply time: nothing about \"now\" is known at plan time, " +
			"so `started_at`, `start`, `timer_id` and `entry_id` show as known after apply. A running timer cannot change its " +
			"task or note here: changing `task_id` or `note` stops this timer and starts a new one.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The timer id (the same number as `timer_id`).",
				Computed:            true,
				PlanModifiers:       keep,
			},
			"task_id": schema.Int64Attribute{
				MarkdownDescription: "Id of the task to track time to (a `timecamp_task`). Leave it out to track time to no " +
					"task. Changing it stops the timer and starts a new one.",
				Optional:      true,
				Validators:    []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()},
			},
			"note": schema.StringAttribute{
				MarkdownDescription: "Note of the timer's time entry. Changing it stops the timer and starts a new one.",
				Optional:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.RequiresReplace()},
			},
			"timer_id": schema.Int64Attribute{
				MarkdownDescription: timerIDDescription,
				Computed:            true,
				PlanModifiers:       keepInt,
			},
			"entry_id": schema.Int64Attribute{
				MarkdownDescription: timerEntryIDDescription,
				Computed:            true,
				PlanModifiers:       keepInt,
			},
			"started_at": schema.StringAttribute{
				MarkdownDescription: timerStartedAtDescription,
				Computed:            true,
				PlanModifiers:       keep,
			},
			"start": schema.StringAttribute{
				MarkdownDescription: timerStartDescription,
				Computed:            true,
				PlanModifiers:       keep,
			},
		},
	}
}

func (r *timerResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var plan timerResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	in := timecamp.TimerStart{TaskID: plan.TaskID.ValueInt64()}
	if !plan.Note.IsNull() {
		note := plan.Note.ValueString()
		in.Note = &note
	}
	attempted := "Starting a timer " + describeTimer(plan) + "."

	started, err := r.client.Timer.Start(ctx, in)
	if err != nil {
		// A start is never sent twice. When its reply was lost, the timer running now with the
		// planned task and note is the one this start made (or one just like it): adopt it.
		if !timecamp.CreateOutcomeUnknown(err) {
			if timecamp.IsNotFound(err) && in.TaskID != 0 {
				resp.Diagnostics.AddAttributeError(path.Root("task_id"), "Unable to start timer", apiErrorDetail(attempted+fmt.Sprintf(
					" TimeCamp has no task %d: set task_id to the id of an existing task, such as timecamp_task.<name>.id.", in.TaskID), err))
				return
			}
			addAPIError(&resp.Diagnostics, "Unable to start timer", attempted, err)
			return
		}
		st, statusErr := r.client.Timer.Status(ctx)
		if statusErr != nil || !timerMatches(st, plan) {
			addAPIError(&resp.Diagnostics, "Unable to start timer", attempted+
				" The reply was lost and no running timer matches the plan, so the timer may or may not have "+
				"started: check TimeCamp, then run Terraform again (or import the running timer with the id \""+
				importRunningTimer+"\").", err)
			return
		}
		resp.Diagnostics.AddWarning("Timer start reply lost",
			fmt.Sprintf("TimeCamp's reply to the start was lost; timer %d, running %s, was adopted.", int64(st.TimerID), describeTimer(plan)))
		started = &timecamp.TimerStarted{TimerID: st.TimerID, EntryID: st.EntryID}
	}

	state := plan
	state.ID = idString(int64(started.TimerID))
	state.TimerID = types.Int64Value(int64(started.TimerID))
	state.EntryID = types.Int64Value(int64(started.EntryID))
	state.StartedAt, state.Start = types.StringValue(""), types.StringValue("")
	st, err := r.client.Timer.Status(ctx)
	switch {
	case err != nil:
		// The timer runs: keep it in state (tainted) rather than lose track of it.
		addAPIError(&resp.Diagnostics, "Unable to read the started timer",
			fmt.Sprintf("Timer %d started; reading it back (POST /timer, action status) failed.", int64(started.TimerID)), err)
	case bool(st.Running) && st.TimerID == started.TimerID:
		readTimer(&state, st)
	default:
		// Stopped already (by someone else, within a second): the next refresh removes it.
		resp.Diagnostics.AddWarning("Timer no longer running",
			fmt.Sprintf("Timer %d started but was not running any more when read back; the next plan will start a new one.", int64(started.TimerID)))
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// stateTimer reads the state and the timer id in it; ok is false after an error.
func (r *timerResource) stateTimer(ctx context.Context, from tfsdk.State, diags *diag.Diagnostics) (state timerResourceModel, id int64, ok bool) {
	if !requireClient(r.client, diags) {
		return state, 0, false
	}
	diags.Append(from.Get(ctx, &state)...)
	if diags.HasError() {
		return state, 0, false
	}
	id, err := parseID(state.ID.ValueString())
	if err != nil {
		diags.AddError("Invalid timer id in state", err.Error())
		return state, 0, false
	}
	return state, id, true
}

func (r *timerResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	state, id, ok := r.stateTimer(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	st, err := r.client.Timer.Status(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read timer", fmt.Sprintf("Reading timer %d (POST /timer, action status).", id), err)
		return
	}
	if !st.Running || int64(st.TimerID) != id {
		// Stopped or discarded outside Terraform, or replaced by another timer.
		resp.State.RemoveResource(ctx)
		return
	}
	readTimer(&state, st)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update is never called with a change: every configurable attribute forces a new timer.
func (r *timerResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan timerResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *timerResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	_, id, ok := r.stateTimer(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	if _, err := r.client.Timer.StopIfRunning(ctx, id); err != nil && !timecamp.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, "Unable to stop timer", fmt.Sprintf("Stopping timer %d (POST /timer, action stop).", id), err)
	}
}

// ImportState takes a timer id, or "running" for whichever timer of the token's user runs now.
func (r *timerResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	if !strings.EqualFold(strings.TrimSpace(req.ID), importRunningTimer) {
		if _, err := parseID(req.ID); err != nil {
			resp.Diagnostics.AddError("Invalid import ID", fmt.Sprintf("Import a timer by its TimeCamp id, a positive whole "+
				"number such as 6445832, or by %q for the timer running now; got %q.", importRunningTimer, req.ID))
			return
		}
		importNumericID(ctx, "timer", req, resp)
		return
	}
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	st, err := r.client.Timer.Status(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to import timer", "Reading the running timer (POST /timer, action status).", err)
		return
	}
	if !st.Running {
		resp.Diagnostics.AddError("No timer is running",
			"Import id \""+importRunningTimer+"\" adopts the running timer of the API token's user, and none is running. "+
				"Start one in TimeCamp, or let Terraform start it by applying the configuration without importing.")
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), fmt.Sprint(int64(st.TimerID)))...)
}

// readTimer copies a running timer's status into state. The note is read back only when the
// status carries one (SPEC §9 lists it as optional); null and "" stay as configured.
func readTimer(state *timerResourceModel, st *timecamp.TimerStatus) {
	state.ID = idString(int64(st.TimerID))
	state.TimerID = types.Int64Value(int64(st.TimerID))
	state.EntryID = types.Int64Value(int64(st.EntryID))
	state.TaskID = optionalID(st.TaskID)
	if st.NoteSent {
		state.Note = optionalString(st.Note, state.Note)
	} else if state.Note.IsUnknown() {
		state.Note = types.StringNull()
	}
	state.StartedAt = types.StringValue(string(st.StartTime))
	state.Start = types.StringValue(timecamp.NormalTimestamp(string(st.StartTime)))
}

// timerMatches reports whether a running timer has the planned task and note.
func timerMatches(st *timecamp.TimerStatus, plan timerResourceModel) bool {
	if !bool(st.Running) || int64(st.TaskID) != plan.TaskID.ValueInt64() {
		return false
	}
	return !st.NoteSent || st.Note.Value == plan.Note.ValueString()
}

func describeTimer(m timerResourceModel) string {
	s := "without a task"
	if !m.TaskID.IsNull() {
		s = fmt.Sprintf("on task %d", m.TaskID.ValueInt64())
	}
	if !m.Note.IsNull() {
		s += fmt.Sprintf(" with note %q", m.Note.ValueString())
	}
	return s
}
