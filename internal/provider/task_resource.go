package provider

import (
	"context"
	"fmt"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework-validators/float64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/float64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

var (
	_ resource.Resource                   = (*taskResource)(nil)
	_ resource.ResourceWithConfigure      = (*taskResource)(nil)
	_ resource.ResourceWithImportState    = (*taskResource)(nil)
	_ resource.ResourceWithValidateConfig = (*taskResource)(nil)
	_ resource.ResourceWithModifyPlan     = (*taskResource)(nil)
)

// NewTaskResource returns the timecamp_task resource: a project (a root task) or a task below one.
func NewTaskResource() resource.Resource { return &taskResource{} }

type taskResource struct {
	clientHolder
}

type taskResourceModel struct {
	ID               types.String  `tfsdk:"id"`
	Name             types.String  `tfsdk:"name"`
	ParentID         types.Int64   `tfsdk:"parent_id"`
	Note             types.String  `tfsdk:"note"`
	Keywords         types.String  `tfsdk:"keywords"`
	ExternalTaskID   types.String  `tfsdk:"external_task_id"`
	ExternalParentID types.String  `tfsdk:"external_parent_id"`
	Billable         types.Bool    `tfsdk:"billable"`
	BudgetUnit       types.String  `tfsdk:"budget_unit"`
	Budget           types.Float64 `tfsdk:"budget"`
	Archived         types.Bool    `tfsdk:"archived"`
	DeleteOnDestroy  types.Bool    `tfsdk:"delete_on_destroy"`
	Level            types.Int64   `tfsdk:"level"`
	Color            types.String  `tfsdk:"color"`
	RootGroupID      types.Int64   `tfsdk:"root_group_id"`
}

func (r *taskResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_task"
}

func (r *taskResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A TimeCamp project or task. Projects and tasks share one tree in TimeCamp: a task without " +
			"`parent_id` is a project at the root, any other task sits below its parent.\n\n" +
			"**Destroy archives the task** by default, because deleting a task in TimeCamp also deletes the time " +
			"tracked on it (and on its subtasks). An archived task stays in TimeCamp and can be restored there. To delete " +
			"the task for good instead, set `delete_on_destroy = true` and apply that change **before** destroying " +
			"(Terraform destroys with the value in state).",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The TimeCamp task id.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Name of the project or task: at most 190 characters, without tabs, leading or trailing " +
					"spaces, `|` or `→` (TimeCamp would store such a name differently).",
				Required:   true,
				Validators: []validator.String{storedNameValidator{maxLen: 190, forbidden: "|→"}},
			},
			"parent_id": schema.Int64Attribute{
				MarkdownDescription: "Id of the parent task. Leave it out for a project at the root of the tree. " +
					"Changing it moves the task (with its subtasks) in place, also to or from the root.",
				Optional:   true,
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"note": schema.StringAttribute{
				MarkdownDescription: "Description of the task. Removing it from the configuration clears it in TimeCamp.",
				Optional:            true,
			},
			"keywords": schema.StringAttribute{
				MarkdownDescription: "Keywords of the task as one comma-separated text, for example `\"IT, R&D\"` " +
					"(plain text, not tag ids). Removing it from the configuration clears it.",
				Optional: true,
			},
			"external_task_id": schema.StringAttribute{
				MarkdownDescription: "Id of the task in another system (integrations look tasks up by it). TimeCamp does " +
					"not require it to be unique. Removing it from the configuration clears it.",
				Optional: true,
			},
			"external_parent_id": schema.StringAttribute{
				MarkdownDescription: "Id of the task's parent in another system. Removing it from the configuration clears it.",
				Optional:            true,
			},
			"billable": schema.BoolAttribute{
				MarkdownDescription: "Whether time tracked on the task is billable. Default `true` (TimeCamp's default).",
				Optional:            true,
				Computed:            true,
				Default:             booldefault.StaticBool(true),
			},
			"budget_unit": schema.StringAttribute{
				MarkdownDescription: "Unit of `budget`: `hours` (default) or `fee` (an amount in the account currency).",
				Optional:            true,
				Computed:            true,
				Default:             stringdefault.StaticString(timecamp.BudgetUnitHours),
				Validators:          []validator.String{stringvalidator.OneOf(timecamp.BudgetUnitHours, timecamp.BudgetUnitFee)},
			},
			"budget": schema.Float64Attribute{
				MarkdownDescription: "Budget of the task, 0 (default) for none. With `budget_unit = \"hours\"` it is a number " +
					"of hours that must come to whole seconds (TimeCamp stores seconds): `1.5` is 90 minutes, `0.1` is 6 " +
					"minutes, and minutes can be written as a fraction such as `20/60`. With `budget_unit = \"fee\"` it is a " +
					"whole amount in the account currency.",
				Optional:   true,
				Computed:   true,
				Default:    float64default.StaticFloat64(0),
				Validators: []validator.Float64{float64validator.AtLeast(0)},
			},
			"archived": schema.BoolAttribute{
				MarkdownDescription: "Whether the task is archived (hidden from time tracking, its time kept). Default " +
					"`false`; setting it archives or restores the task in place.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"delete_on_destroy": schema.BoolAttribute{
				MarkdownDescription: "What destroy does: `false` (default) archives the task; `true` deletes it for good, " +
					"**together with its subtasks and all time tracked on them**. Terraform only: never sent to TimeCamp, " +
					"and `terraform import` sets it to `false`. Apply a change of it before destroying.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
			"level": schema.Int64Attribute{
				MarkdownDescription: "Depth of the task in the tree: 1 for a project at the root, 2 for its tasks, and so on.",
				Computed:            true,
				PlanModifiers:       []planmodifier.Int64{taskLevelPlanModifier{}},
			},
			"color": schema.StringAttribute{
				MarkdownDescription: "Colour of the task as `#RRGGBB` (TimeCamp gives new tasks `#34C644`).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"root_group_id": schema.Int64Attribute{
				MarkdownDescription: "Id of the account's root group, which owns the task.",
				Computed:            true,
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
		},
	}
}

// ValidateConfig checks the budget against its unit, which no single attribute validator can see.
func (r *taskResource) ValidateConfig(ctx context.Context, req resource.ValidateConfigRequest, resp *resource.ValidateConfigResponse) {
	var budget types.Float64
	var unit types.String
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("budget"), &budget)...)
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("budget_unit"), &unit)...)
	if resp.Diagnostics.HasError() || budget.IsNull() || budget.IsUnknown() || unit.IsUnknown() {
		return
	}
	if budget.ValueFloat64() < 0 {
		return // reported by the attribute's validator
	}
	u := timecamp.BudgetUnitHours
	if !unit.IsNull() {
		u = unit.ValueString()
	}
	if u != timecamp.BudgetUnitHours && u != timecamp.BudgetUnitFee {
		return // reported by budget_unit's validator
	}
	if _, problem := budgetToAPI(u, budget.ValueFloat64()); problem != "" {
		resp.Diagnostics.AddAttributeError(path.Root("budget"), "Invalid budget", problem)
	}
}

// maxTaskDepth bounds the walk up the task tree, should replies ever show a loop.
const maxTaskDepth = 100

// ModifyPlan refuses, at plan time, a parent_id that does not exist (on create or on a move) and a
// move of the task under itself or one of its subtasks: TimeCamp refuses them with a bare 404 or
// 403 at apply. It walks up from the new parent (cached reads); when a read fails it leaves the
// check to the apply. A new task under a parent created by the same apply reads nothing.
func (r *taskResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if r.client == nil || req.Plan.Raw.IsNull() {
		return
	}
	var planParent, stateParent types.Int64
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("parent_id"), &planParent)...)
	var id int64 // 0 for a new task
	if !req.State.Raw.IsNull() {
		var stateID types.String
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("parent_id"), &stateParent)...)
		resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &stateID)...)
		var err error
		if id, err = parseID(stateID.ValueString()); err != nil {
			return // reported by the update
		}
	}
	if resp.Diagnostics.HasError() || planParent.IsNull() || planParent.IsUnknown() || planParent.Equal(stateParent) {
		return
	}
	parent := planParent.ValueInt64()
	if id == 0 && r.client.Tasks.Created(parent) {
		// A parent this apply created moments ago exists, and a new task cannot close a cycle:
		// nothing to read (the apply repeats this check once the parent's id is known).
		return
	}
	for at, steps := parent, 0; at != 0 && steps <= maxTaskDepth; steps++ {
		if at == id {
			detail := fmt.Sprintf("parent_id %d is the task itself: a task cannot be its own parent.", parent)
			if parent != id {
				detail = fmt.Sprintf("Task %d is inside this task (id %d), so moving the task under it would make a cycle "+
					"of parents, which TimeCamp refuses. Move task %d out first, or choose another parent_id.", parent, id, parent)
			}
			resp.Diagnostics.AddAttributeError(path.Root("parent_id"), "Invalid parent task", detail)
			return
		}
		t, err := r.client.Tasks.Get(ctx, at)
		switch {
		case timecamp.IsNotFound(err) && at == parent:
			resp.Diagnostics.AddAttributeError(path.Root("parent_id"), "Invalid parent task",
				fmt.Sprintf("TimeCamp has no task with id %d (archived tasks count). Set parent_id to the id of an existing "+
					"task, such as timecamp_task.<name>.id.", parent))
			return
		case err != nil, id == 0:
			return // a new task cannot be anyone's parent yet
		}
		at = int64(t.ParentID)
	}
}

func (r *taskResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var plan taskResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	budgeted, ok := plannedBudget(plan, &resp.Diagnostics)
	if !ok {
		return
	}
	in := timecamp.TaskInput{
		Name:       timecamp.Set(plan.Name.ValueString()),
		Budgeted:   timecamp.Set(budgeted),
		BudgetUnit: timecamp.Set(plan.BudgetUnit.ValueString()),
		Billable:   timecamp.Set(plan.Billable.ValueBool()),
	}
	if !plan.ParentID.IsNull() {
		in.ParentID = timecamp.Set(plan.ParentID.ValueInt64())
	}
	if plan.Archived.ValueBool() {
		in.Archived = timecamp.Set(true)
	}
	// On create a null text is simply not sent: a new task has none.
	in.Note = createStringField(plan.Note)
	in.Keywords = createStringField(plan.Keywords)
	in.ExternalTaskID = createStringField(plan.ExternalTaskID)
	in.ExternalParentID = createStringField(plan.ExternalParentID)

	task, err := r.client.Tasks.Create(ctx, in)
	if err != nil {
		name, parent := plan.Name.ValueString(), plan.ParentID.ValueInt64() // 0: a project
		call := createCall{
			summary: "Unable to create task", what: fmt.Sprintf("task %q %s", name, describeParent(plan.ParentID)), resource: "timecamp_task",
			find: func(ctx context.Context) ([]int64, error) {
				tasks, err := r.client.Tasks.List(ctx, timecamp.TaskListOptions{})
				return matchIDs(tasks, func(t timecamp.Task) int64 { return int64(t.TaskID) },
					func(t timecamp.Task) bool { return string(t.Name) == name && int64(t.ParentID) == parent }), err
			},
		}
		id, ok := recoverCreate(ctx, &resp.Diagnostics, call,
			fmt.Sprintf("Creating task %q %s.%s", name, describeParent(plan.ParentID), parentHint(plan.ParentID, err)), err)
		if !ok {
			return
		}
		if task, err = r.client.Tasks.Get(ctx, id); err != nil {
			call.readBackFailed(&resp.Diagnostics, id, err)
			return
		}
	}
	state := taskState(task, plan)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *taskResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var prior taskResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := parseID(prior.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Unable to read task", "The task id in state is invalid: "+err.Error())
		return
	}
	task, err := r.client.Tasks.Get(ctx, id)
	if timecamp.IsNotFound(err) {
		resp.State.RemoveResource(ctx) // deleted outside Terraform: plan a new one
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read task", fmt.Sprintf("Reading task %d (%q).", id, prior.Name.ValueString()), err)
		return
	}
	state := taskState(task, prior)
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *taskResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var plan, state taskResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := parseID(state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Unable to update task", "The task id in state is invalid: "+err.Error())
		return
	}

	// Send only what changed: one PUT, and TimeCamp's modify_time moves only for real changes.
	var in timecamp.TaskInput
	changed := false
	if !plan.Name.Equal(state.Name) {
		in.Name, changed = timecamp.Set(plan.Name.ValueString()), true
	}
	if !plan.ParentID.Equal(state.ParentID) {
		in.ParentID, changed = timecamp.Set(plan.ParentID.ValueInt64()), true // null is 0: the root
	}
	for _, f := range []struct {
		dst         *timecamp.Field[string]
		plan, state types.String
	}{
		{&in.Note, plan.Note, state.Note},
		{&in.Keywords, plan.Keywords, state.Keywords},
		{&in.ExternalTaskID, plan.ExternalTaskID, state.ExternalTaskID},
		{&in.ExternalParentID, plan.ExternalParentID, state.ExternalParentID},
	} {
		if !f.plan.Equal(f.state) {
			*f.dst, changed = stringField(f.plan), true
		}
	}
	if !plan.Billable.Equal(state.Billable) {
		in.Billable, changed = timecamp.Set(plan.Billable.ValueBool()), true
	}
	if !plan.Archived.Equal(state.Archived) {
		in.Archived, changed = timecamp.Set(plan.Archived.ValueBool()), true
	}
	if plan.Budget.ValueFloat64() != state.Budget.ValueFloat64() || !plan.BudgetUnit.Equal(state.BudgetUnit) {
		// The unit decides what the number means, so the two always travel together.
		budgeted, ok := plannedBudget(plan, &resp.Diagnostics)
		if !ok {
			return
		}
		in.Budgeted, in.BudgetUnit, changed = timecamp.Set(budgeted), timecamp.Set(plan.BudgetUnit.ValueString()), true
	}

	if !changed {
		// Only delete_on_destroy changed, which lives in Terraform alone; the plan already holds
		// every computed value from state.
		resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
		return
	}
	task, err := r.client.Tasks.Update(ctx, id, in)
	if err != nil {
		attempted := fmt.Sprintf("Updating task %d (%q).", id, state.Name.ValueString())
		if timecamp.IsNotFound(err) && !plan.ParentID.Equal(state.ParentID) && !plan.ParentID.IsNull() {
			attempted = fmt.Sprintf("Moving task %d (%q) under task %d. TimeCamp found no task %d or no task %d: "+
				"check that the new parent_id exists (archived tasks count) and that the task was not deleted outside Terraform.",
				id, state.Name.ValueString(), plan.ParentID.ValueInt64(), id, plan.ParentID.ValueInt64())
		}
		if timecamp.StatusCode(err) == http.StatusForbidden && !plan.ParentID.Equal(state.ParentID) && !plan.ParentID.IsNull() {
			// Known at plan time only when the new parent is; a parent made in the same apply is checked here.
			resp.Diagnostics.AddAttributeError(path.Root("parent_id"), "Unable to update task", apiErrorDetail(attempted+
				fmt.Sprintf(" TimeCamp refuses to move a task under itself or one of its subtasks: check that parent_id %d is "+
					"not task %d or inside it.", plan.ParentID.ValueInt64(), id), err))
			return
		}
		addAPIError(&resp.Diagnostics, "Unable to update task", attempted, err)
		return
	}
	newState := taskState(task, plan)
	resp.Diagnostics.Append(resp.State.Set(ctx, &newState)...)
}

func (r *taskResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var state taskResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := parseID(state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Unable to delete task", "The task id in state is invalid: "+err.Error())
		return
	}

	if !state.DeleteOnDestroy.ValueBool() {
		// The default: archive, so that the time tracked on the task survives.
		err := r.client.Tasks.Archive(ctx, id)
		if err != nil && !timecamp.IsNotFound(err) {
			addAPIError(&resp.Diagnostics, "Unable to archive task",
				fmt.Sprintf("Archiving task %d (%q) on destroy (delete_on_destroy is false).", id, state.Name.ValueString()), err)
		}
		return
	}

	err = r.client.Tasks.Remove(ctx, id)
	if err == nil || timecamp.IsNotFound(err) {
		return
	}
	// TimeCamp answers the removal of a task that no longer exists with 403 "Can't remove task":
	// a task that is already gone is what destroy wants.
	if timecamp.StatusCode(err) == http.StatusForbidden {
		if _, getErr := r.client.Tasks.Get(ctx, id); timecamp.IsNotFound(getErr) {
			return
		}
	}
	addAPIError(&resp.Diagnostics, "Unable to delete task",
		fmt.Sprintf("Deleting task %d (%q) and its subtasks (delete_on_destroy is true).", id, state.Name.ValueString()), err)
}

// ImportState takes a task id. delete_on_destroy is not stored in TimeCamp: an imported task gets
// the default, false (destroy archives it).
func (r *taskResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importNumericID(ctx, "task", req, resp)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("delete_on_destroy"), false)...)
}

// taskState maps a task from the API to state. prior is the plan (create, update) or the state
// (read): it decides null versus "" for empty texts and carries delete_on_destroy.
func taskState(t *timecamp.Task, prior taskResourceModel) taskResourceModel {
	s := taskResourceModel{
		ID:               idString(int64(t.TaskID)),
		Name:             types.StringValue(string(t.Name)),
		ParentID:         types.Int64Null(),
		Note:             optionalString(t.Note, prior.Note),
		Keywords:         optionalString(t.Keywords, prior.Keywords),
		ExternalTaskID:   optionalString(t.ExternalTaskID, prior.ExternalTaskID),
		ExternalParentID: optionalString(t.ExternalParentID, prior.ExternalParentID),
		Billable:         types.BoolValue(bool(t.Billable)),
		BudgetUnit:       types.StringValue(string(t.BudgetUnit)),
		Budget:           types.Float64Value(budgetFromAPI(string(t.BudgetUnit), int64(t.Budgeted))),
		Archived:         types.BoolValue(bool(t.Archived)),
		DeleteOnDestroy:  prior.DeleteOnDestroy,
		Level:            types.Int64Value(int64(t.Level)),
		Color:            types.StringValue(string(t.Color)),
		RootGroupID:      types.Int64Value(int64(t.RootGroupID)),
	}
	if t.ParentID != 0 {
		s.ParentID = types.Int64Value(int64(t.ParentID))
	}
	if s.DeleteOnDestroy.IsNull() || s.DeleteOnDestroy.IsUnknown() {
		s.DeleteOnDestroy = types.BoolValue(false)
	}
	return s
}

// plannedBudget converts the planned budget to TimeCamp's `budgeted`. ValidateConfig has checked it
// when it was known at plan time; this catches values known only at apply.
func plannedBudget(plan taskResourceModel, diags *diag.Diagnostics) (int64, bool) {
	budgeted, problem := budgetToAPI(plan.BudgetUnit.ValueString(), plan.Budget.ValueFloat64())
	if problem != "" {
		diags.AddAttributeError(path.Root("budget"), "Invalid budget", problem)
		return 0, false
	}
	return budgeted, true
}

// createStringField sends a text on create only when it is set ("" included).
func createStringField(v types.String) timecamp.Field[string] {
	if v.IsNull() || v.IsUnknown() {
		return timecamp.Field[string]{}
	}
	return timecamp.Set(v.ValueString())
}

func describeParent(parentID types.Int64) string {
	if parentID.IsNull() {
		return "as a project at the root"
	}
	return fmt.Sprintf("under task %d", parentID.ValueInt64())
}

// parentHint explains TimeCamp's 404 on create, which means the parent was not found.
func parentHint(parentID types.Int64, err error) string {
	if parentID.IsNull() || timecamp.StatusCode(err) != http.StatusNotFound {
		return ""
	}
	return fmt.Sprintf(" TimeCamp found no task %d: check parent_id.", parentID.ValueInt64())
}

// taskLevelPlanModifier keeps the known level while the task stays under the same parent; a move
// makes it unknown until TimeCamp reports it.
type taskLevelPlanModifier struct{}

func (taskLevelPlanModifier) Description(context.Context) string {
	return "Keeps the level from state unless parent_id changes."
}
func (m taskLevelPlanModifier) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (taskLevelPlanModifier) PlanModifyInt64(ctx context.Context, req planmodifier.Int64Request, resp *planmodifier.Int64Response) {
	if req.StateValue.IsNull() || req.StateValue.IsUnknown() || req.Plan.Raw.IsNull() {
		return
	}
	var planParent, stateParent types.Int64
	resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("parent_id"), &planParent)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("parent_id"), &stateParent)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if planParent.Equal(stateParent) {
		resp.PlanValue = req.StateValue
	}
}
