package provider

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64default"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

var (
	_ resource.Resource                = (*taskUserResource)(nil)
	_ resource.ResourceWithConfigure   = (*taskUserResource)(nil)
	_ resource.ResourceWithImportState = (*taskUserResource)(nil)
)

// NewTaskUserResource is the constructor of timecamp_task_user.
func NewTaskUserResource() resource.Resource { return &taskUserResource{} }

type taskUserResource struct {
	clientHolder
}

type taskUserResourceModel struct {
	ID     types.String `tfsdk:"id"`
	TaskID types.Int64  `tfsdk:"task_id"`
	UserID types.Int64  `tfsdk:"user_id"`
	RoleID types.Int64  `tfsdk:"role_id"`
}

func (r *taskUserResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_task_user"
}

func (r *taskUserResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "One person assigned directly to one project or task, with a task role. Declare one " +
			"resource per person: each only ever names its own person to TimeCamp " +
			"(`PUT /v3/projects/{task_id}/assign` and `.../unassign` with that one user id), so several assignments " +
			"on the same task never undo each other, and assignments made outside Terraform are left alone. " +
			"Assignments a person inherits from a parent task are not managed here. TimeCamp lists the assignments " +
			"of active people only, so the assignment of a person deactivated outside Terraform reads as gone " +
			"and is planned again.\n\n" +
			"**Destroy** removes the person's direct assignment (`PUT /v3/projects/{task_id}/unassign`); any " +
			"assignment inherited from a parent task stays, and so does the time they tracked.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "`<task_id>:<user_id>`, also the import id.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"task_id": schema.Int64Attribute{
				MarkdownDescription: "Id of the project or task. Changing it replaces the assignment.",
				Required:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.RequiresReplace()},
			},
			"user_id": schema.Int64Attribute{
				MarkdownDescription: "Id of the person, e.g. `timecamp_user.x.user_id`. Changing it replaces the assignment.",
				Required:            true,
				Validators:          []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.RequiresReplace()},
			},
			"role_id": schema.Int64Attribute{
				MarkdownDescription: fmt.Sprintf("Task role of the person on the task: an id from the `timecamp_roles` "+
					"data source. Every account has %d Project Manager, %d Regular User (the default: may track time) "+
					"and %d Guest; accounts can define their own. Changed in place.",
					timecamp.TaskRoleProjectManager, timecamp.TaskRoleRegularUser, timecamp.TaskRoleGuest),
				Optional:   true,
				Computed:   true,
				Default:    int64default.StaticInt64(timecamp.TaskRoleRegularUser),
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
		},
	}
}

func (r *taskUserResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	r.assignPlanned(ctx, req.Plan, &resp.State, &resp.Diagnostics, "create")
}

// assignPlanned is Create and Update: both assign the planned user with the planned role.
func (r *taskUserResource) assignPlanned(ctx context.Context, plan tfsdk.Plan, state *tfsdk.State, diags *diag.Diagnostics, verb string) {
	if !requireClient(r.client, diags) {
		return
	}
	var m taskUserResourceModel
	diags.Append(plan.Get(ctx, &m)...)
	if diags.HasError() {
		return
	}
	r.assign(ctx, m, verb, state, diags)
}

// assign (re-)assigns the user with the planned role and reads the assignment back.
func (r *taskUserResource) assign(ctx context.Context, plan taskUserResourceModel, verb string, state *tfsdk.State, diags *diag.Diagnostics) {
	taskID, userID, roleID := plan.TaskID.ValueInt64(), plan.UserID.ValueInt64(), plan.RoleID.ValueInt64()
	summary := "Unable to " + verb + " task assignment"
	attempted := fmt.Sprintf("Assigning user %d to task %d with role %d.", userID, taskID, roleID)
	if err := r.client.TaskUsers.Assign(ctx, taskID, roleID, userID); err != nil {
		addAPIError(diags, summary, attempted+missingHint(err, taskID, userID), err)
		return
	}
	row, err := r.direct(ctx, taskID, userID)
	if err != nil {
		addAPIError(diags, summary, fmt.Sprintf("Reading the assignment of user %d to task %d back.", userID, taskID), err)
		return
	}
	s := taskUserState(taskID, userID, row)
	diags.Append(state.Set(ctx, &s)...)
}

// missingHint explains which object a not-found error is about.
func missingHint(err error, taskID, userID int64) string {
	var nf *timecamp.NotFoundError
	if !errors.As(err, &nf) {
		if timecamp.StatusCode(err) == http.StatusBadRequest {
			return " Check role_id against the timecamp_roles data source."
		}
		return ""
	}
	switch nf.Kind {
	case "task":
		return fmt.Sprintf(" TimeCamp has no task %d: check task_id.", taskID)
	case "user":
		return fmt.Sprintf(" TimeCamp has no user %d: check user_id (a person invited moments ago is listed only after a few seconds).", userID)
	}
	return ""
}

// direct reads the user's direct assignment on the task back after a write, from GET
// /v3/projects/{task}/assigned-users: rows whose taskId is null are direct, the others are
// inherited from an ancestor (SPEC §5.7). This endpoint is the read side of the assign/unassign
// calls, and asks about one task only, where a refresh (Read) answers from the whole task list
// (TaskUsers.Get). It lists active people only, so the assignment of a deactivated person reads as
// gone. A missing task or assignment is ErrNotFound.
func (r *taskUserResource) direct(ctx context.Context, taskID, userID int64) (*timecamp.AssignedUser, error) {
	list, err := r.client.TaskUsers.List(ctx, taskID)
	if err != nil {
		return nil, err
	}
	row, ok := list.Direct(taskID, userID)
	if !ok {
		return nil, fmt.Errorf("user %d has no direct assignment on task %d: %w", userID, taskID, timecamp.ErrNotFound)
	}
	return row, nil
}

func taskUserState(taskID, userID int64, row *timecamp.AssignedUser) taskUserResourceModel {
	return taskUserResourceModel{
		ID:     types.StringValue(fmt.Sprintf("%d:%d", taskID, userID)),
		TaskID: types.Int64Value(taskID),
		UserID: types.Int64Value(userID),
		RoleID: types.Int64Value(int64(row.RoleID)),
	}
}

func (r *taskUserResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var prior taskUserResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	if resp.Diagnostics.HasError() {
		return
	}
	taskID, userID := prior.TaskID.ValueInt64(), prior.UserID.ValueInt64()
	row, err := r.client.TaskUsers.Get(ctx, taskID, userID)
	if timecamp.IsNotFound(err) {
		resp.State.RemoveResource(ctx) // unassigned (or the task deleted) outside Terraform
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read task assignment",
			fmt.Sprintf("Reading the assignment of user %d to task %d.", userID, taskID), err)
		return
	}
	s := taskUserState(taskID, userID, row)
	resp.Diagnostics.Append(resp.State.Set(ctx, &s)...)
}

// Update changes the role: assigning again with the new role replaces the old one.
func (r *taskUserResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	r.assignPlanned(ctx, req.Plan, &resp.State, &resp.Diagnostics, "update")
}

func (r *taskUserResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var state taskUserResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	taskID, userID := state.TaskID.ValueInt64(), state.UserID.ValueInt64()
	err := r.client.TaskUsers.Unassign(ctx, taskID, userID)
	if err != nil && !timecamp.IsNotFound(err) { // the task or the person is gone: so is the assignment
		addAPIError(&resp.Diagnostics, "Unable to delete task assignment",
			fmt.Sprintf("Unassigning user %d from task %d.", userID, taskID), err)
	}
}

// ImportState takes "<task_id>:<user_id>".
func (r *taskUserResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	taskPart, userPart, ok := strings.Cut(req.ID, ":")
	taskID, err1 := parseID(taskPart)
	userID, err2 := parseID(userPart)
	if !ok || err1 != nil || err2 != nil {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("Import a task assignment as <task_id>:<user_id>, two TimeCamp ids such as 81272870:1200001; got %q.", req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), fmt.Sprintf("%d:%d", taskID, userID))...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("task_id"), taskID)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("user_id"), userID)...)
}
