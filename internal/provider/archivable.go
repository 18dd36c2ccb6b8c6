package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

// Tag lists and tags share one life cycle: TimeCamp creates, renames, archives and restores them,
// and cannot delete them (SPEC §7). This file holds that life cycle once. timecamp_tag_list and
// timecamp_tag embed archiveOnlyResource, which gives them Configure, Update, Delete (archive) and
// ImportState, and write only what differs: their schema, Create and Read.

// tagNameMaxLen bounds tag and tag list names. No source gives TimeCamp's limit (SPEC §17 leaves
// name rules open); 255 is the usual size of a name column, so a longer name is refused at plan
// time rather than cut by TimeCamp and shown as a change on every plan.
const tagNameMaxLen = 255

// archivableModel is the state every archive-only object has; resource models embed it.
type archivableModel struct {
	ID       types.String `tfsdk:"id"`
	Name     types.String `tfsdk:"name"`
	Archived types.Bool   `tfsdk:"archived"`
}

// archivable gives the shared part of a model that embeds archivableModel.
func (m *archivableModel) archivable() *archivableModel { return m }

// readFrom sets name and archived as TimeCamp reports them.
func (m *archivableModel) readFrom(name timecamp.String, archived timecamp.Bool) {
	m.Name = types.StringValue(string(name))
	m.Archived = types.BoolValue(bool(archived))
}

// archiveOnly is one kind of object TimeCamp archives instead of deleting.
type archiveOnly struct {
	kind   string // "tag list" or "tag", in descriptions and messages
	update func(ctx context.Context, c *timecamp.Client, id int64, name timecamp.Field[string], archived timecamp.Field[bool]) error
}

var (
	tagListKind = archiveOnly{kind: "tag list", update: func(ctx context.Context, c *timecamp.Client, id int64, name timecamp.Field[string], archived timecamp.Field[bool]) error {
		return c.TagLists.Update(ctx, id, name, archived)
	}}
	tagKind = archiveOnly{kind: "tag", update: func(ctx context.Context, c *timecamp.Client, id int64, name timecamp.Field[string], archived timecamp.Field[bool]) error {
		return c.Tags.Update(ctx, id, name, archived)
	}}
)

// destroyNote is the part of a resource description that says what destroy does.
func (k archiveOnly) destroyNote(importAddress string) string {
	return fmt.Sprintf("TimeCamp cannot delete a %[1]s. Destroying this resource (or removing it from the configuration) "+
		"**archives** the %[1]s instead: it stays in TimeCamp, hidden, with its name, and time entries keep it. "+
		"To use an archived %[1]s again, import it (`terraform import %[2]s <id>`) and leave `archived` false, "+
		"which restores it in place; creating a new %[1]s with the same name makes a second one.", k.kind, importAddress)
}

// attributes returns the schema of id, name and archived.
func (k archiveOnly) attributes() map[string]schema.Attribute {
	return map[string]schema.Attribute{
		"id": schema.StringAttribute{
			MarkdownDescription: fmt.Sprintf("TimeCamp id of the %s.", k.kind),
			Computed:            true,
			PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
		},
		"name": schema.StringAttribute{
			MarkdownDescription: fmt.Sprintf("Name of the %s. Not empty, without leading or trailing white space or tabs, "+
				"at most %d characters. Renaming happens in place.", k.kind, tagNameMaxLen),
			Required:   true,
			Validators: []validator.String{storedNameValidator{maxLen: tagNameMaxLen}},
		},
		"archived": schema.BoolAttribute{
			MarkdownDescription: fmt.Sprintf("Whether the %[1]s is archived (hidden in TimeCamp; time entries keep it). "+
				"Default `false`. Setting it to `true` archives the %[1]s and `false` restores it, both in place. "+
				"If the %[1]s is archived outside Terraform, the next plan restores it unless this is `true`.", k.kind),
			Optional: true,
			Computed: true,
			Default:  booldefault.StaticBool(false),
		},
	}
}

// stateID reads the numeric id of m, reporting a state that does not hold one.
func (k archiveOnly) stateID(m *archivableModel, diags *diag.Diagnostics) (int64, bool) {
	id, err := parseID(m.ID.ValueString())
	if err != nil {
		diags.AddError(fmt.Sprintf("Invalid %s id in state", k.kind),
			fmt.Sprintf("The state holds %s. Remove the resource from state (`terraform state rm`) and import it by its TimeCamp id.", err))
		return 0, false
	}
	return id, true
}

// archiveOnlyModel is a pointer to a resource model M that embeds archivableModel.
type archiveOnlyModel[M any] interface {
	*M
	archivable() *archivableModel
}

// archiveOnlyResource is the part of an archive-only resource that does not depend on its kind.
// M is the resource's model (P is *M).
type archiveOnlyResource[M any, P archiveOnlyModel[M]] struct {
	clientHolder
	archiveOnly
}

// create is the body of Create: the plan is read into plan, create makes the object (reporting
// its own errors) and, when the plan says `archived = true`, a second request archives it
// (TimeCamp creates every object active).
func (r *archiveOnlyResource[M, P]) create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse,
	plan P, create func(diags *diag.Diagnostics) (int64, bool)) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	resp.Diagnostics.Append(req.Plan.Get(ctx, plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, ok := create(&resp.Diagnostics)
	if !ok {
		return
	}
	base := plan.archivable()
	base.ID = idString(id)
	if base.Archived.ValueBool() {
		if err := r.update(ctx, r.client, id, timecamp.Field[string]{}, timecamp.Set(true)); err != nil {
			// The object exists, not archived: save it so (Terraform marks it tainted and replaces it
			// on the next apply) rather than leave it behind unknown.
			base.Archived = types.BoolValue(false)
			addAPIError(&resp.Diagnostics, "Unable to create "+r.kind,
				fmt.Sprintf("Archiving the new %s %q (id %d), as `archived = true` asks. The %s was created and is not archived; "+
					"Terraform keeps it in state marked tainted and replaces it on the next apply.", r.kind, base.Name.ValueString(), id, r.kind), err)
		}
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// read is the body of Read: the state is read into state, get fetches the object by id and fills
// state in. A missing object (get returns an error matching timecamp.ErrNotFound) leaves the
// state, so that the next plan creates it again.
func (r *archiveOnlyResource[M, P]) read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse,
	state P, get func(id int64) error) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, ok := r.stateID(state.archivable(), &resp.Diagnostics)
	if !ok {
		return
	}
	switch err := get(id); {
	case err == nil:
		resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
	case timecamp.IsNotFound(err):
		tflog.Warn(ctx, fmt.Sprintf("%s %d no longer exists in TimeCamp; removing it from state", r.kind, id))
		resp.State.RemoveResource(ctx)
	default:
		addAPIError(&resp.Diagnostics, "Unable to read "+r.kind, fmt.Sprintf("Reading %s %d.", r.kind, id), err)
	}
}

// Update renames, archives or restores in one request, sending only what the plan changes.
// Everything else about a tag or list either cannot change or requires replacement.
func (r *archiveOnlyResource[M, P]) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var planModel, stateModel M
	resp.Diagnostics.Append(req.Plan.Get(ctx, P(&planModel))...)
	resp.Diagnostics.Append(req.State.Get(ctx, P(&stateModel))...)
	if resp.Diagnostics.HasError() {
		return
	}
	plan, state := P(&planModel).archivable(), P(&stateModel).archivable()
	id, ok := r.stateID(state, &resp.Diagnostics)
	if !ok {
		return
	}
	var name timecamp.Field[string]
	var archived timecamp.Field[bool]
	if !plan.Name.Equal(state.Name) {
		name = timecamp.Set(plan.Name.ValueString())
	}
	if !plan.Archived.Equal(state.Archived) {
		archived = timecamp.Set(plan.Archived.ValueBool())
	}
	if name.IsSet() || archived.IsSet() {
		if err := r.update(ctx, r.client, id, name, archived); err != nil {
			detail := fmt.Sprintf("Changing %s %q (id %d) to name %q, archived %t.", r.kind, state.Name.ValueString(), id,
				plan.Name.ValueString(), plan.Archived.ValueBool())
			if timecamp.IsNotFound(err) {
				detail += fmt.Sprintf(" The %s no longer exists in TimeCamp; run `terraform apply` again to create it anew.", r.kind)
			}
			addAPIError(&resp.Diagnostics, "Unable to update "+r.kind, detail, err)
			return
		}
	}
	plan.ID = state.ID
	resp.Diagnostics.Append(resp.State.Set(ctx, P(&planModel))...)
}

// Delete archives the object, which is all TimeCamp allows. An object already gone counts as
// destroyed.
func (r *archiveOnlyResource[M, P]) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var base archivableModel // destroy needs only the attributes every kind has
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &base.ID)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("name"), &base.Name)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, ok := r.stateID(&base, &resp.Diagnostics)
	if !ok {
		return
	}
	switch err := r.update(ctx, r.client, id, timecamp.Field[string]{}, timecamp.Set(true)); {
	case err == nil:
	case timecamp.IsNotFound(err):
		tflog.Info(ctx, fmt.Sprintf("%s %d was already gone from TimeCamp", r.kind, id))
	default:
		addAPIError(&resp.Diagnostics, "Unable to archive "+r.kind,
			fmt.Sprintf("Archiving %s %q (id %d), which is how Terraform destroys a %s (TimeCamp cannot delete one).",
				r.kind, base.Name.ValueString(), id, r.kind), err)
	}
}

// ImportState takes the TimeCamp id; Read fills in the rest.
func (r *archiveOnlyResource[M, P]) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importNumericID(ctx, r.kind, req, resp)
}
