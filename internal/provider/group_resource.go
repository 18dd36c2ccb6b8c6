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
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

var (
	_ resource.Resource                = (*groupResource)(nil)
	_ resource.ResourceWithConfigure   = (*groupResource)(nil)
	_ resource.ResourceWithImportState = (*groupResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*groupResource)(nil)
)

// maxGroupLevels is how deep TimeCamp's group tree may be; the root group is level 1 (SPEC §4).
const maxGroupLevels = 4

// maxGroupNameLen bounds group names. SPEC §4 states no limit; 255 is the usual column size and
// keeps a pasted paragraph from becoming a department.
const maxGroupNameLen = 255

// NewGroupResource is the constructor of timecamp_group.
func NewGroupResource() resource.Resource { return &groupResource{} }

type groupResource struct {
	clientHolder
}

type groupResourceModel struct {
	ID          types.String `tfsdk:"id"`
	Name        types.String `tfsdk:"name"`
	ParentID    types.Int64  `tfsdk:"parent_id"`
	RootGroupID types.Int64  `tfsdk:"root_group_id"`
}

func (r *groupResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_group"
}

func (r *groupResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A group (department) in the account's group tree. TimeCamp's tree is at most " +
			"4 levels deep and the account's root group is level 1, so a managed group sits at level 2, 3 or 4. " +
			"Changing `name` or `parent_id` updates the group in place (a change of `parent_id` moves it, " +
			"with its subgroups and people).\n\n" +
			"The root group itself cannot be managed (TimeCamp neither moves nor deletes it); read its id from " +
			"the `timecamp_current_user` data source.\n\n" +
			"**Destroy** deletes the group in TimeCamp (`DELETE /group`). Its subgroups are not deleted: " +
			"TimeCamp moves them to the account's root group. TimeCamp does not document what happens to " +
			"the group's people.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "TimeCamp id of the group (`group_id`). Use it as another group's `parent_id`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"name": schema.StringAttribute{
				MarkdownDescription: "Name of the group, as shown in TimeCamp. Must not be empty or start or end " +
					"with white space. Names need not be unique.",
				Required:   true,
				Validators: []validator.String{storedNameValidator{maxLen: maxGroupNameLen}},
			},
			"parent_id": schema.Int64Attribute{
				MarkdownDescription: "Id of the parent group. Leave it out to place the group directly under the " +
					"account's root group (level 2). The parent must be a group at level 1, 2 or 3 (the root group " +
					"is level 1), since TimeCamp allows 4 levels: a group at level 4 cannot have subgroups. " +
					"Changing it moves the group in place; it is not recreated.",
				Optional: true,
				Computed: true,
				Validators: []validator.Int64{
					int64validator.AtLeast(1),
				},
				PlanModifiers: []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"root_group_id": schema.Int64Attribute{
				MarkdownDescription: "Id of the account's root group (level 1), the top of the tree this group is in.",
				Computed:            true,
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
		},
	}
}

// ModifyPlan makes an omitted parent_id mean "the root group" on every plan, not only at create:
// without it, a group moved elsewhere outside Terraform would keep its new parent silently, and
// removing parent_id from the configuration would not move the group back.
//
// It also checks a known parent_id against the tree (one cached GET /group), so that a missing
// parent, a cycle of parents or a fifth level fails at plan time instead of at apply.
func (r *groupResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() {
		return // destroy
	}
	var configParent types.Int64
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("parent_id"), &configParent)...)
	if resp.Diagnostics.HasError() {
		return
	}
	r.checkParent(ctx, req, configParent, &resp.Diagnostics)
	if resp.Diagnostics.HasError() || req.State.Raw.IsNull() {
		return // create reads the root group from the API
	}
	var stateRoot types.Int64
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("root_group_id"), &stateRoot)...)
	if resp.Diagnostics.HasError() || !configParent.IsNull() || stateRoot.IsNull() || stateRoot.IsUnknown() {
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("parent_id"), stateRoot)...)
}

func (r *groupResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var plan groupResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	name := plan.Name.ValueString()

	parentID := plan.ParentID.ValueInt64()
	if plan.ParentID.IsNull() || plan.ParentID.IsUnknown() {
		me, err := r.client.Me.Get(ctx)
		if err != nil {
			addAPIError(&resp.Diagnostics, "Unable to create group",
				fmt.Sprintf("Reading the account's root group (GET /me), to create group %q under it because parent_id is not set.", name), err)
			return
		}
		parentID = int64(me.RootGroupID)
	}

	g, err := r.client.Groups.Create(ctx, name, parentID)
	if err != nil {
		attempted := fmt.Sprintf("Creating group %q under parent_id %d.", name, parentID)
		if !timecamp.CreateOutcomeUnknown(err) {
			r.explainRefusal(ctx, &resp.Diagnostics, "Unable to create group", attempted, 0, parentID, err)
			return
		}
		id, ok := recoverCreate(ctx, &resp.Diagnostics, createCall{
			summary: "Unable to create group", what: fmt.Sprintf("group %q under parent_id %d", name, parentID), resource: "timecamp_group",
			find: func(ctx context.Context) ([]int64, error) {
				groups, err := r.client.Groups.List(ctx)
				return matchIDs(groups, func(g timecamp.Group) int64 { return int64(g.GroupID) },
					func(g timecamp.Group) bool { return string(g.Name) == name && int64(g.ParentID) == parentID }), err
			},
		}, attempted, err)
		if !ok {
			return
		}
		g = &timecamp.Group{GroupID: timecamp.Int(id)} // read back below
	}

	state := groupResourceModel{
		ID:          idString(int64(g.GroupID)),
		Name:        types.StringValue(string(g.Name)),
		ParentID:    types.Int64Value(int64(g.ParentID)),
		RootGroupID: types.Int64Value(int64(g.RootGroupID)),
	}
	if g.Name == "" || g.ParentID == 0 || g.RootGroupID == 0 {
		// A reply without the usual fields: read the group back instead of guessing.
		read, found, diags := r.read(ctx, int64(g.GroupID))
		resp.Diagnostics.Append(diags...)
		if resp.Diagnostics.HasError() {
			return
		}
		if !found {
			resp.Diagnostics.AddError("Unable to create group",
				fmt.Sprintf("TimeCamp answered the creation of group %q with id %d, but the group is not in the account's group list. Run Terraform again; if a duplicate group appears in TimeCamp, delete it there.", name, g.GroupID))
			return
		}
		state = *read
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, &state)...)
}

func (r *groupResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var state groupResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := parseID(state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Invalid group id in state", err.Error())
		return
	}
	read, found, diags := r.read(ctx, id)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !found {
		resp.State.RemoveResource(ctx) // deleted outside Terraform
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, read)...)
}

func (r *groupResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var plan, state groupResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := parseID(state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Invalid group id in state", err.Error())
		return
	}

	var u timecamp.GroupUpdate
	var what []string
	if !plan.Name.Equal(state.Name) {
		u.Name = timecamp.Set(plan.Name.ValueString())
		what = append(what, fmt.Sprintf("renaming it to %q", plan.Name.ValueString()))
	}
	if !plan.ParentID.IsUnknown() && !plan.ParentID.IsNull() && !plan.ParentID.Equal(state.ParentID) {
		u.ParentID = timecamp.Set(plan.ParentID.ValueInt64())
		what = append(what, fmt.Sprintf("moving it under parent_id %d", plan.ParentID.ValueInt64()))
	}
	if len(what) > 0 {
		attempted := fmt.Sprintf("Updating group %q (id %d): %s.", state.Name.ValueString(), id, strings.Join(what, " and "))
		err := r.client.Groups.Update(ctx, id, u)
		switch {
		case err == nil:
		case timecamp.IsNotFound(err):
			addAPIError(&resp.Diagnostics, "Unable to update group",
				attempted+" The group no longer exists in TimeCamp (deleted outside Terraform); run terraform apply again to create it anew.", err)
			return
		case u.ParentID.IsSet():
			r.explainRefusal(ctx, &resp.Diagnostics, "Unable to update group", attempted, id, plan.ParentID.ValueInt64(), err)
			return
		default:
			addAPIError(&resp.Diagnostics, "Unable to update group", attempted, err)
			return
		}
	}

	// TimeCamp answers an update with an empty body: read the group back.
	read, found, diags := r.read(ctx, id)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	if !found {
		resp.Diagnostics.AddError("Unable to update group",
			fmt.Sprintf("Group %q (id %d) was updated but is no longer in the account's group list; it was probably deleted outside Terraform. Run terraform apply again to create it anew.", state.Name.ValueString(), id))
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, read)...)
}

func (r *groupResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var state groupResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, err := parseID(state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddAttributeError(path.Root("id"), "Invalid group id in state", err.Error())
		return
	}
	err = r.client.Groups.Delete(ctx, id)
	if err != nil && !timecamp.IsNotFound(err) { // already gone is what destroy wants
		addAPIError(&resp.Diagnostics, "Unable to delete group",
			fmt.Sprintf("Deleting group %q (id %d). Its subgroups would have moved to the root group.", state.Name.ValueString(), id), err)
	}
}

func (r *groupResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importNumericID(ctx, "group", req, resp)
}

// read lists the account's groups and returns the state of group id; found is false when the group
// does not exist.
func (r *groupResource) read(ctx context.Context, id int64) (*groupResourceModel, bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	groups, err := r.client.Groups.List(ctx)
	if err != nil {
		addAPIError(&diags, "Unable to read group", fmt.Sprintf("Reading group %d (GET /group lists every group of the account).", id), err)
		return nil, false, diags
	}
	var group *timecamp.Group
	rootID := int64(0)
	for i := range groups {
		if int64(groups[i].GroupID) == id {
			group = &groups[i]
		}
		if groups[i].ParentID == 0 {
			rootID = int64(groups[i].GroupID)
		}
	}
	if group == nil {
		return nil, false, diags
	}
	if group.ParentID == 0 {
		diags.AddAttributeError(path.Root("id"), "Unable to manage the root group",
			fmt.Sprintf("Group %q (id %d) is the account's root group. TimeCamp does not let it be moved or deleted, so timecamp_group cannot manage it. "+
				"Refer to it by id instead: the timecamp_current_user data source exports it as root_group_id.", group.Name, id))
		return nil, false, diags
	}
	if rootID == 0 {
		me, err := r.client.Me.Get(ctx)
		if err != nil {
			addAPIError(&diags, "Unable to read group", fmt.Sprintf("Reading the account's root group (GET /me) for group %d: the group list names no root.", id), err)
			return nil, false, diags
		}
		rootID = int64(me.RootGroupID)
	}
	return &groupResourceModel{
		ID:          idString(id),
		Name:        types.StringValue(string(group.Name)),
		ParentID:    types.Int64Value(int64(group.ParentID)),
		RootGroupID: types.Int64Value(rootID),
	}, true, diags
}

// isGroupDepthError recognises TimeCamp's answer to a group that would be too deep:
// 404 "You can create groups only up to level 4" (SPEC §1.7, §4.2).
func isGroupDepthError(err error) bool {
	var apiErr *timecamp.APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusNotFound &&
		strings.Contains(strings.ToLower(apiErr.Message), "level")
}

// checkParent refuses, at plan time, a configured parent_id that TimeCamp would refuse. It asks
// the API only when the parent is known and new (a create, or a move); when the tree cannot be read
// it leaves the check to the apply.
func (r *groupResource) checkParent(ctx context.Context, req resource.ModifyPlanRequest, parent types.Int64, diags *diag.Diagnostics) {
	if r.client == nil || parent.IsNull() || parent.IsUnknown() || parent.ValueInt64() < 1 {
		return
	}
	var id int64
	if !req.State.Raw.IsNull() {
		var state groupResourceModel
		diags.Append(req.State.Get(ctx, &state)...)
		if diags.HasError() || state.ParentID.Equal(parent) {
			return
		}
		var err error
		if id, err = parseID(state.ID.ValueString()); err != nil {
			return // reported by the update
		}
	}
	t, err := r.tree(ctx)
	if err != nil {
		return
	}
	if problem := t.parentProblem(id, parent.ValueInt64()); problem != "" {
		diags.AddAttributeError(path.Root("parent_id"), "Invalid parent group", problem)
	}
}

// groupParents is the account's group tree as GET /group gives it: each group's parent.
type groupParents map[int64]int64

func (r *groupResource) tree(ctx context.Context) (groupParents, error) {
	groups, err := r.client.Groups.List(ctx)
	if err != nil {
		return nil, err
	}
	t := groupParents{}
	for _, g := range groups {
		t[int64(g.GroupID)] = int64(g.ParentID)
	}
	return t, nil
}

// level is the depth of id: 1 for the root group, 0 for a group not in the tree.
func (t groupParents) level(id int64) int {
	n := 0
	for id != 0 && n <= len(t) {
		p, ok := t[id]
		if !ok {
			break
		}
		n++
		id = p
	}
	return n
}

// height is the number of levels id and its subgroups span (1 for a group without subgroups).
func (t groupParents) height(id int64) int {
	var walk func(id int64, seen int) int
	walk = func(id int64, seen int) int {
		h := 1
		if seen > len(t) {
			return h
		}
		for child, p := range t {
			if p == id {
				h = max(h, 1+walk(child, seen+1))
			}
		}
		return h
	}
	return walk(id, 0)
}

// isUnder reports whether group id is ancestor itself or one of its subgroups.
func (t groupParents) isUnder(id, ancestor int64) bool {
	for n := 0; id != 0 && n <= len(t); n++ {
		if id == ancestor {
			return true
		}
		id = t[id]
	}
	return false
}

// parentProblem says why group id (0 for a new one) cannot be placed under parentID, or "" when it
// can: the parent does not exist, is the group or one of its subgroups, or is too deep.
func (t groupParents) parentProblem(id, parentID int64) string {
	if _, ok := t[parentID]; !ok {
		return fmt.Sprintf("TimeCamp has no group with id %d. Set parent_id to the id of an existing group, such as "+
			"timecamp_group.<name>.id, or leave it out for a group under the account's root group.", parentID)
	}
	if id != 0 && t.isUnder(parentID, id) {
		if parentID == id {
			return fmt.Sprintf("parent_id %d is the group itself: a group cannot be its own parent.", parentID)
		}
		return fmt.Sprintf("Group %d is inside this group (id %d), so moving the group under it would make a cycle of "+
			"parents. Move group %d out first, or choose another parent_id.", parentID, id, parentID)
	}
	at := t.level(parentID) + 1
	deepest := at
	if id != 0 {
		deepest = at + t.height(id) - 1
	}
	if deepest > maxGroupLevels {
		return t.depthExplanation(id, parentID)
	}
	return ""
}

// depthExplanation says, for the diagnostic, at which level the group (id, 0 for a new one) would
// have ended up under parentID.
func (t groupParents) depthExplanation(id, parentID int64) string {
	limit := fmt.Sprintf("TimeCamp allows %d levels: the root group is level 1, so a parent_id must be a group at level 1 to %d "+
		"(a group at level %d cannot have subgroups).", maxGroupLevels, maxGroupLevels-1, maxGroupLevels)
	at := t.level(parentID) + 1
	if at <= 1 {
		return fmt.Sprintf("The group would be deeper than level %d, and %s", maxGroupLevels, limit)
	}
	if id == 0 {
		return fmt.Sprintf("Parent group %d is at level %d, so the new group would be at level %d, and %s", parentID, at-1, at, limit)
	}
	deepest := at + t.height(id) - 1
	if deepest == at {
		return fmt.Sprintf("Parent group %d is at level %d, so the group would be at level %d, and %s", parentID, at-1, at, limit)
	}
	return fmt.Sprintf("Parent group %d is at level %d, so the group would be at level %d and its deepest subgroup at level %d, and %s",
		parentID, at-1, at, deepest, limit)
}

// depthExplanation reads the tree for groupParents.depthExplanation; if that fails it says what it can.
func (r *groupResource) depthExplanation(ctx context.Context, id, parentID int64) string {
	t, err := r.tree(ctx)
	if err != nil {
		t = groupParents{}
	}
	return t.depthExplanation(id, parentID)
}

// explainRefusal adds the diagnostic of a refused create or move: attached to parent_id with the
// reason when the tree shows one (TimeCamp answers a missing parent or a cycle with a bare 403),
// as a plain API error otherwise.
func (r *groupResource) explainRefusal(ctx context.Context, diags *diag.Diagnostics, summary, attempted string, id, parentID int64, err error) {
	if isGroupDepthError(err) {
		diags.AddAttributeError(path.Root("parent_id"), summary, apiErrorDetail(attempted+" "+r.depthExplanation(ctx, id, parentID), err))
		return
	}
	if t, treeErr := r.tree(ctx); treeErr == nil {
		if problem := t.parentProblem(id, parentID); problem != "" {
			diags.AddAttributeError(path.Root("parent_id"), summary, attempted+" "+problem+"\n\nCause: "+err.Error())
			return
		}
	}
	addAPIError(diags, summary, attempted, err)
}
