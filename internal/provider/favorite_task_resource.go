package provider

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
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
	_ resource.Resource                = (*favoriteTaskResource)(nil)
	_ resource.ResourceWithConfigure   = (*favoriteTaskResource)(nil)
	_ resource.ResourceWithImportState = (*favoriteTaskResource)(nil)
)

// NewFavoriteTaskResource is the constructor of timecamp_favorite_task.
func NewFavoriteTaskResource() resource.Resource { return &favoriteTaskResource{} }

type favoriteTaskResource struct {
	clientHolder
}

type favoriteTaskResourceModel struct {
	ID     types.String `tfsdk:"id"`
	TaskID types.Int64  `tfsdk:"task_id"`
}

func (r *favoriteTaskResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_favorite_task"
}

func (r *favoriteTaskResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: fmt.Sprintf("A task pinned as a favourite in the task picker of the user the provider's API token "+
			"belongs to (favourites are per user). TimeCamp allows at most %d favourites per user: a favourite beyond "+
			"the limit fails with an error that names the limit, and is not recorded in state (the ones that fit are "+
			"created, as Terraform does with any failed resource). A task that is already a favourite when the "+
			"resource is created is adopted.\n\n"+
			"**Destroy** unpins the task (`DELETE /v3/taskPicker/favourites/delete/{taskId}`); the task itself is not touched.",
			timecamp.DefaultFavouritesLimit),
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The task id, as a string (a task is a favourite at most once).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"task_id": schema.Int64Attribute{
				MarkdownDescription: "Id of the task or project to pin, such as `timecamp_task.<name>.id`. Changing it unpins " +
					"the old task and pins the new one.",
				Required:      true,
				Validators:    []validator.Int64{int64validator.AtLeast(1)},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.RequiresReplace()},
			},
		},
	}
}

func (r *favoriteTaskResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var plan favoriteTaskResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	taskID := plan.TaskID.ValueInt64()
	const summary = "Unable to pin favourite task"

	// Check the limit first, so that a full list fails with a clear message before any change.
	before, err := r.client.Favourites.List(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, summary, fmt.Sprintf("Listing the favourite tasks before pinning task %d.", taskID), err)
		return
	}
	if !before.Has(taskID) {
		if len(before.Tasks) >= before.Limit {
			resp.Diagnostics.AddError(summary, favouritesLimitDetail(taskID, before))
			return
		}
		err := r.client.Favourites.Add(ctx, taskID)
		switch {
		case timecamp.IsNotFound(err):
			resp.Diagnostics.AddAttributeError(path.Root("task_id"), summary, apiErrorDetail(
				fmt.Sprintf("Pinning task %d. TimeCamp has no task with this id: set task_id to the id of an existing task, "+
					"such as timecamp_task.<name>.id.", taskID), err))
			return
		case err != nil:
			r.explainAddError(ctx, taskID, err, &resp.Diagnostics)
			return
		}
	}

	// The reply of add is not relied on (its shape differs between sources): the list says
	// whether the task is pinned, so state never records a favourite TimeCamp dropped.
	after, err := r.client.Favourites.List(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, summary, fmt.Sprintf("Listing the favourite tasks after pinning task %d.", taskID), err)
		return
	}
	if !after.Has(taskID) {
		detail := fmt.Sprintf("TimeCamp accepted pinning task %d but does not list it among the favourite tasks.", taskID)
		if len(after.Tasks) >= after.Limit {
			detail = favouritesLimitDetail(taskID, after)
		}
		resp.Diagnostics.AddError(summary, detail)
		return
	}
	state := favoriteTaskResourceModel{ID: idString(taskID), TaskID: types.Int64Value(taskID)}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// explainAddError reports a refused add. When the list is full by now (other favourites pinned
// at the same time, or outside Terraform), the limit is what the user needs to hear.
func (r *favoriteTaskResource) explainAddError(ctx context.Context, taskID int64, err error, diags *diag.Diagnostics) {
	const summary = "Unable to pin favourite task"
	attempted := fmt.Sprintf("Pinning task %d as a favourite.", taskID)
	if status := timecamp.StatusCode(err); status >= 400 && status < 500 && status != http.StatusUnauthorized {
		if now, listErr := r.client.Favourites.List(ctx); listErr == nil && len(now.Tasks) >= now.Limit {
			diags.AddError(summary, favouritesLimitDetail(taskID, now)+"\n\nCause: "+err.Error())
			return
		}
	}
	addAPIError(diags, summary, attempted, err)
}

// favouritesLimitDetail says that the list is full, which tasks fill it, and what to do.
func favouritesLimitDetail(taskID int64, f *timecamp.Favourites) string {
	ids := make([]string, 0, len(f.Tasks))
	for _, t := range f.Tasks {
		ids = append(ids, strconv.FormatInt(int64(t.TaskID), 10))
	}
	return fmt.Sprintf("Cannot pin task %d: TimeCamp allows at most %d favourite tasks per user, and the API token's user "+
		"already has %d (task ids %s). Unpin one, by removing its timecamp_favorite_task or in TimeCamp's task picker, "+
		"or pin fewer tasks.", taskID, f.Limit, len(f.Tasks), strings.Join(ids, ", "))
}

func (r *favoriteTaskResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	taskID, ok := r.taskIDOf(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	favs, err := r.client.Favourites.List(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read favourite task", fmt.Sprintf("Listing the favourite tasks to find task %d.", taskID), err)
		return
	}
	if !favs.Has(taskID) {
		resp.State.RemoveResource(ctx) // unpinned outside Terraform (or the task is gone): plan to pin it again
		return
	}
	state := favoriteTaskResourceModel{ID: idString(taskID), TaskID: types.Int64Value(taskID)}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

// Update never changes anything in TimeCamp: task_id forces a replacement, and id is computed.
func (r *favoriteTaskResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	var plan favoriteTaskResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(resp.State.Set(ctx, &plan)...)
}

func (r *favoriteTaskResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	taskID, ok := r.taskIDOf(ctx, req.State, &resp.Diagnostics)
	if !ok {
		return
	}
	if err := r.client.Favourites.Remove(ctx, taskID); err != nil && !timecamp.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, "Unable to unpin favourite task", fmt.Sprintf("Unpinning task %d from the favourite tasks.", taskID), err)
	}
}

// taskIDOf reads the task id of the favourite in st; ok is false when diags got an error.
func (r *favoriteTaskResource) taskIDOf(ctx context.Context, st tfsdk.State, diags *diag.Diagnostics) (int64, bool) {
	if !requireClient(r.client, diags) {
		return 0, false
	}
	var m favoriteTaskResourceModel
	if diags.Append(st.Get(ctx, &m)...); diags.HasError() {
		return 0, false
	}
	id, err := parseID(m.ID.ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root("id"), "Invalid favourite task id in state", err.Error())
		return 0, false
	}
	return id, true
}

// ImportState takes the task id of a favourite; the read that follows fails the import when the
// task is not a favourite of the token's user.
func (r *favoriteTaskResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importNumericID(ctx, "favourite task (by its task id)", req, resp)
}
