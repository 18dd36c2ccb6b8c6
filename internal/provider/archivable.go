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
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-log/tflog"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

// Tag lists and tags share one life cycle: TimeCamp creates, renames, archives and restores them,
// and cannot delete them (SPEC §7). This file holds that life cycle once; timecamp_tag_list and
// timecamp_tag only say how their kind is created and read.

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
func (k archiveOnly) stateID(m archivableModel, diags *diag.Diagnostics) (int64, bool) {
	id, err := parseID(m.ID.ValueString())
	if err != nil {
		diags.AddError(fmt.Sprintf("Invalid %s id in state", k.kind),
			fmt.Sprintf("The state holds %s. Remove the resource from state (`terraform state rm`) and import it by its TimeCamp id.", err))
		return 0, false
	}
	return id, true
}

// archiveIfPlanned finishes a create whose plan says `archived = true`: TimeCamp creates every
// object active, so a second request archives it. If that fails the object exists, not archived:
// m says so, and the caller saves it (Terraform then marks it tainted and replaces it next apply).
func (k archiveOnly) archiveIfPlanned(ctx context.Context, c *timecamp.Client, id int64, m *archivableModel, diags *diag.Diagnostics) {
	m.ID = idString(id)
	if !m.Archived.ValueBool() {
		return
	}
	if err := k.update(ctx, c, id, timecamp.Field[string]{}, timecamp.Set(true)); err != nil {
		m.Archived = types.BoolValue(false)
		addAPIError(diags, "Unable to create "+k.kind,
			fmt.Sprintf("Archiving the new %s %q (id %d), as `archived = true` asks. The %s was created and is not archived; "+
				"Terraform keeps it in state marked tainted and replaces it on the next apply.", k.kind, m.Name.ValueString(), id, k.kind), err)
	}
}

// applyChanges renames, archives or restores in one request, sending only what the plan changes.
func (k archiveOnly) applyChanges(ctx context.Context, c *timecamp.Client, plan, state archivableModel, diags *diag.Diagnostics) {
	id, ok := k.stateID(state, diags)
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
	if !name.IsSet() && !archived.IsSet() {
		return
	}
	if err := k.update(ctx, c, id, name, archived); err != nil {
		detail := fmt.Sprintf("Changing %s %q (id %d): name %q, archived %t.", k.kind, state.Name.ValueString(), id,
			plan.Name.ValueString(), plan.Archived.ValueBool())
		if timecamp.IsNotFound(err) {
			detail += fmt.Sprintf(" The %s no longer exists in TimeCamp; run `terraform apply` again to create it anew.", k.kind)
		}
		addAPIError(diags, "Unable to update "+k.kind, detail, err)
	}
}

// readFailed handles the error of a Read. A missing object leaves the state, so that the next plan
// creates it again; any other error is reported. It returns true when Read must stop.
func (k archiveOnly) readFailed(ctx context.Context, err error, id int64, resp *resource.ReadResponse) bool {
	switch {
	case err == nil:
		return false
	case timecamp.IsNotFound(err):
		tflog.Warn(ctx, fmt.Sprintf("%s %d no longer exists in TimeCamp; removing it from state", k.kind, id))
		resp.State.RemoveResource(ctx)
	default:
		addAPIError(&resp.Diagnostics, "Unable to read "+k.kind, fmt.Sprintf("Reading %s %d.", k.kind, id), err)
	}
	return true
}

// read is the Read of an archive-only resource: state holds the model, get fetches the object
// and fills the model in. A missing object is removed from state.
func (k archiveOnly) read(ctx context.Context, c *timecamp.Client, state tfsdk.State, model any, base *archivableModel,
	get func(id int64) error, resp *resource.ReadResponse) {
	if !requireClient(c, &resp.Diagnostics) {
		return
	}
	resp.Diagnostics.Append(state.Get(ctx, model)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, ok := k.stateID(*base, &resp.Diagnostics)
	if !ok || k.readFailed(ctx, get(id), id, resp) {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, model)...)
}

// updateResource is the Update of an archive-only resource: plan and state are read into the two
// models, whose archivableModel parts are planBase and stateBase.
func (k archiveOnly) updateResource(ctx context.Context, c *timecamp.Client, req resource.UpdateRequest, resp *resource.UpdateResponse,
	plan, state any, planBase, stateBase *archivableModel) {
	if !requireClient(c, &resp.Diagnostics) {
		return
	}
	resp.Diagnostics.Append(req.Plan.Get(ctx, plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	k.applyChanges(ctx, c, *planBase, *stateBase, &resp.Diagnostics)
	if resp.Diagnostics.HasError() {
		return
	}
	planBase.ID = stateBase.ID
	resp.Diagnostics.Append(resp.State.Set(ctx, plan)...)
}

// archiveOnDestroy is the Delete of an archive-only resource: it archives the object. An object
// that is already gone counts as destroyed.
func (k archiveOnly) archiveOnDestroy(ctx context.Context, c *timecamp.Client, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if !requireClient(c, &resp.Diagnostics) {
		return
	}
	// The models differ by kind; destroy needs only the attributes all kinds have.
	var base archivableModel
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("id"), &base.ID)...)
	resp.Diagnostics.Append(req.State.GetAttribute(ctx, path.Root("name"), &base.Name)...)
	if resp.Diagnostics.HasError() {
		return
	}
	id, ok := k.stateID(base, &resp.Diagnostics)
	if !ok {
		return
	}
	err := k.update(ctx, c, id, timecamp.Field[string]{}, timecamp.Set(true))
	switch {
	case err == nil:
	case timecamp.IsNotFound(err):
		tflog.Info(ctx, fmt.Sprintf("%s %d was already gone from TimeCamp", k.kind, id))
	default:
		addAPIError(&resp.Diagnostics, "Unable to archive "+k.kind,
			fmt.Sprintf("Archiving %s %q (id %d), which is how Terraform destroys a %s (TimeCamp cannot delete one).",
				k.kind, base.Name.ValueString(), id, k.kind), err)
	}
}
