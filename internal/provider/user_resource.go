package provider

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework-validators/stringvalidator"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/booldefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/int64planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/planmodifier"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringdefault"
	"github.com/hashicorp/terraform-plugin-framework/resource/schema/stringplanmodifier"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

var (
	_ resource.Resource                = (*userResource)(nil)
	_ resource.ResourceWithConfigure   = (*userResource)(nil)
	_ resource.ResourceWithImportState = (*userResource)(nil)
	_ resource.ResourceWithModifyPlan  = (*userResource)(nil)
)

// inviteWait bounds how long creation waits for an invited user to show up in TimeCamp's lists
// (TimeCamp needs 2-4 s, SPEC §1.8). Tests shorten it; it is not a user setting because a longer
// wait than a minute would only hide a problem on TimeCamp's side.
var inviteWait = timecamp.WaitOptions{Timeout: 60 * time.Second, Interval: 2 * time.Second}

// Group roles by the words the configuration uses (SPEC §3.5: 1, 2, 3, 5).
var groupRoles = map[string]int64{
	"administrator": timecamp.GroupRoleAdministrator,
	"supervisor":    timecamp.GroupRoleSupervisor,
	"user":          timecamp.GroupRoleUser,
	"guest":         timecamp.GroupRoleGuest,
}

// groupRoleWord names a group role id; an id the provider does not know reads as its number.
func groupRoleWord(id int64) string {
	for word, v := range groupRoles {
		if v == id {
			return word
		}
	}
	return fmt.Sprint(id)
}

func groupRoleWords() []string {
	words := make([]string, 0, len(groupRoles))
	for w := range groupRoles {
		words = append(words, w)
	}
	sort.Slice(words, func(i, j int) bool { return groupRoles[words[i]] < groupRoles[words[j]] })
	return words
}

// NewUserResource is the constructor of timecamp_user.
func NewUserResource() resource.Resource { return &userResource{} }

type userResource struct {
	clientHolder
}

type userResourceModel struct {
	ID              types.String `tfsdk:"id"`
	UserID          types.Int64  `tfsdk:"user_id"`
	Email           types.String `tfsdk:"email"`
	DisplayName     types.String `tfsdk:"display_name"`
	GroupID         types.Int64  `tfsdk:"group_id"`
	Role            types.String `tfsdk:"role"`
	SendInviteEmail types.Bool   `tfsdk:"send_invite_email"`
	DeleteOnDestroy types.Bool   `tfsdk:"delete_on_destroy"`
}

func (r *userResource) Metadata(_ context.Context, req resource.MetadataRequest, resp *resource.MetadataResponse) {
	resp.TypeName = req.ProviderTypeName + "_user"
}

func (r *userResource) Schema(_ context.Context, _ resource.SchemaRequest, resp *resource.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "A person in the TimeCamp account, added by invitation (`POST /group/{group_id}/user`). " +
			"TimeCamp lists an invited person only a few seconds after the invitation, so creation waits for them " +
			"(up to a minute; interrupting Terraform stops the wait) and fails with a message naming the address if " +
			"they never appear. Changing `group_id` moves the person and changing `role` or `display_name` updates " +
			"them, both in place; a new `email` means a new person.\n\n" +
			"**Creation never takes over an active person.** Before inviting, it looks the address up in the account " +
			"(without regard to case). If nobody has it, the person is invited. If a **deactivated** person has it, " +
			"they are reactivated (same user id, their data kept), moved to " +
			"`group_id` and given `role` and `display_name`. This is how a person destroyed by Terraform, or " +
			"deactivated outside it, comes back. If an **active** person has it, creation fails with an error on `email` naming their user id and the " +
			"command that imports them (`terraform import timecamp_user.<name> <user_id>`). So two resources with " +
			"one address (`dup@example.com` and `Dup@example.com`) cannot both claim one person, and a person managed " +
			"elsewhere is not silently changed. The same error comes when TimeCamp answers the invitation " +
			"\"Already exists\" because someone was given the address in the meantime. Only an invitation that the " +
			"provider sent again after its reply was lost finds its own person \"already existing\", and that " +
			"person is taken into state.\n\n" +
			"**The API token's own user is never managed** (the person `timecamp_current_user` reads): destroying " +
			"the resource would deactivate the person running Terraform and lock them out. A plan with their " +
			"address fails on `email`, importing their user id fails, and destroy refuses to deactivate or remove " +
			"them should a state hold them anyway (take such a resource out of the state with `terraform state rm`).\n\n" +
			"**Destroy deactivates the person** by default: the provider sets their `disabled_user` setting to `1` " +
			"(`PUT /user/{user_id}/setting`). They can no longer log in or send time, they stop counting against " +
			"the licence, and their tracked time stays in the account for reports (TimeCamp's help: disabling a " +
			"user keeps \"all gathered data\"). Applying the resource again reactivates them.\n\n" +
			"With `delete_on_destroy = true`, destroy **removes** the person instead (`DELETE /group/{group_id}/user` " +
			"with their `user_id`). TimeCamp documents neither that call's effect on the person's tracked time nor " +
			"its request body; its reply says `\"wiped\": true` and TimeCamp's help suggests disabling users " +
			"precisely so as not to lose their data, so assume the time is lost.\n\n" +
			"**A deactivated person counts as gone.** If someone deactivates them outside Terraform, the next plan " +
			"adds them again (and applying reactivates them). Import takes the user id of an active person; " +
			"importing a deactivated one fails with an error that says so: declare the resource with their address " +
			"and apply instead, which reactivates them.",
		Attributes: map[string]schema.Attribute{
			"id": schema.StringAttribute{
				MarkdownDescription: "The person's TimeCamp user id, as a string (the same number as `user_id`).",
				Computed:            true,
				PlanModifiers:       []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"user_id": schema.Int64Attribute{
				MarkdownDescription: "The person's TimeCamp user id. Use it as `user_id` of `timecamp_task_user`.",
				Computed:            true,
				PlanModifiers:       []planmodifier.Int64{int64planmodifier.UseStateForUnknown()},
			},
			"email": schema.StringAttribute{
				MarkdownDescription: "E-mail address the invitation goes to: the person's TimeCamp login. Compared " +
					"without regard to case, so `Ann@Example.com` and `ann@example.com` are the same person and " +
					"changing only the case plans nothing. Any other change replaces the person (a new invitation; " +
					"destroy applies to the old one). An address an active person already has is refused (import " +
					"them instead), one of a deactivated person reactivates them, and the API token's own address " +
					"is refused (see above).",
				Required: true,
				Validators: []validator.String{stringvalidator.RegexMatches(inviteAddressPattern,
					"must be an e-mail address such as ann@example.com, without spaces")},
				PlanModifiers: []planmodifier.String{caseInsensitivePlanModifier{}, stringplanmodifier.RequiresReplace()},
			},
			"display_name": schema.StringAttribute{
				MarkdownDescription: "Name shown for the person in TimeCamp, set after the invitation (`POST /user`). " +
					"Leave it out to let the person choose their own: Terraform then reads the name but never changes it.",
				Optional:      true,
				Computed:      true,
				Validators:    []validator.String{notBlankValidator{}},
				PlanModifiers: []planmodifier.String{stringplanmodifier.UseStateForUnknown()},
			},
			"group_id": schema.Int64Attribute{
				MarkdownDescription: "Id of the group (department) the person belongs to; default the account's root " +
					"group. Changing it moves the person in place (`PUT /group/{group_id}/user`), keeping their user id; " +
					"leaving it out moves them back to the root group.",
				Optional:   true,
				Computed:   true,
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"role": schema.StringAttribute{
				MarkdownDescription: "The person's role in their group: `administrator`, `supervisor`, `user` (default) " +
					"or `guest` (TimeCamp's group roles 1, 2, 3 and 5). Changed in place.",
				Optional:   true,
				Computed:   true,
				Default:    stringdefault.StaticString("user"),
				Validators: []validator.String{stringvalidator.OneOf(groupRoleWords()...)},
			},
			"send_invite_email": schema.BoolAttribute{
				MarkdownDescription: "Whether TimeCamp e-mails the invitation (default `true`). With `false` the person " +
					"is added to the group silently (for single sign-on setups). Only used when the invitation is " +
					"sent: changing it later changes nothing in TimeCamp, and `terraform import` sets `true`.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(true),
			},
			"delete_on_destroy": schema.BoolAttribute{
				MarkdownDescription: "What destroy does: `false` (default) deactivates the person and keeps their data; " +
					"`true` removes them from the account, **presumably with their tracked time** (see above). " +
					"Terraform only: never sent to TimeCamp, `terraform import` sets `false`, and a change must be " +
					"applied before destroying.",
				Optional: true,
				Computed: true,
				Default:  booldefault.StaticBool(false),
			},
		},
	}
}

// inviteAddressPattern is a plausibility check of an address: something@domain.tld, no spaces.
var inviteAddressPattern = regexp.MustCompile(`^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$`)

// ModifyPlan refuses to create the token's own user, and makes an omitted group_id mean "the root
// group" on every plan, so that a person moved elsewhere outside Terraform, or a group_id removed
// from the configuration, plans a move back.
func (r *userResource) ModifyPlan(ctx context.Context, req resource.ModifyPlanRequest, resp *resource.ModifyPlanResponse) {
	if req.Plan.Raw.IsNull() || r.client == nil {
		return // destroy, or a provider configured with values known only later (group_id stays unknown)
	}
	// A create of the token's own user is refused before anything is applied. An address unknown
	// now is checked when Terraform plans again at apply time, with the value known, before Create.
	if req.State.Raw.IsNull() {
		var email types.String
		resp.Diagnostics.Append(req.Plan.GetAttribute(ctx, path.Root("email"), &email)...)
		if resp.Diagnostics.HasError() ||
			(!email.IsUnknown() && !r.refuseTokenOwner(ctx, email.ValueString(), "Unable to plan user", &resp.Diagnostics)) {
			return
		}
	}
	var configGroup types.Int64
	resp.Diagnostics.Append(req.Config.GetAttribute(ctx, path.Root("group_id"), &configGroup)...)
	if resp.Diagnostics.HasError() || !configGroup.IsNull() {
		return
	}
	root, err := r.client.Users.RootGroupID(ctx)
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to plan user",
			"Reading the account's root group (GET /me), the default group_id of a person.", err)
		return
	}
	resp.Diagnostics.Append(resp.Plan.SetAttribute(ctx, path.Root("group_id"), root)...)
}

// tokenOwner is the user the API token belongs to (GET /me, read once per operation).
func (r *userResource) tokenOwner(ctx context.Context, summary string, diags *diag.Diagnostics) (*timecamp.Me, bool) {
	me, err := r.client.Me.Get(ctx)
	if err != nil {
		addAPIError(diags, summary, "Reading the user the API token belongs to (GET /me), whom timecamp_user never manages.", err)
		return nil, false
	}
	return me, true
}

// refuseTokenOwner fails (false) when email is the address of the token's own user: destroying
// the resource would deactivate the person running Terraform.
func (r *userResource) refuseTokenOwner(ctx context.Context, email, summary string, diags *diag.Diagnostics) bool {
	me, ok := r.tokenOwner(ctx, summary, diags)
	if !ok {
		return false
	}
	if !strings.EqualFold(strings.TrimSpace(string(me.Email)), strings.TrimSpace(email)) {
		return true
	}
	diags.AddAttributeError(path.Root("email"), summary, fmt.Sprintf(
		"%q is the address of user %d, the user the API token belongs to. That user cannot be managed as a "+
			"timecamp_user: destroying the resource would deactivate them, locking you (and Terraform) out of "+
			"TimeCamp. Remove this resource from the configuration; the timecamp_current_user data source reads "+
			"the token's user, for example their user_id.", email, int64(me.UserID)))
	return false
}

func (r *userResource) Create(ctx context.Context, req resource.CreateRequest, resp *resource.CreateResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var plan userResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	if resp.Diagnostics.HasError() {
		return
	}
	// Not the token's own address: ModifyPlan refused that (and takeOver would refuse them as an
	// active person anyway).
	email := plan.Email.ValueString()
	groupID := plan.GroupID.ValueInt64()
	if plan.GroupID.IsUnknown() || plan.GroupID.IsNull() {
		root, err := r.client.Users.RootGroupID(ctx)
		if err != nil {
			addAPIError(&resp.Diagnostics, "Unable to create user", "Reading the account's root group (GET /me), the default group_id.", err)
			return
		}
		groupID = root
	}

	// Who has the address before anything is sent decides what "Already exists" means later.
	var userID, currentGroup int64
	ok := false
	existing, err := r.client.Users.ByEmail(ctx, email)
	switch {
	case err == nil:
		userID, currentGroup, ok = r.takeOver(ctx, existing, email, &resp.Diagnostics)
	case timecamp.IsNotFound(err):
		userID, currentGroup, ok = r.invite(ctx, plan, groupID, &resp.Diagnostics)
	default:
		addAPIError(&resp.Diagnostics, "Unable to create user",
			fmt.Sprintf("Looking for a user with the address %q (GET /users) before inviting them.", email), err)
	}
	if !ok {
		return
	}

	state, ok := r.apply(ctx, plan, userID, currentGroup, "create", &resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

// invite invites the address of plan into groupID and waits for the person to show up. An
// "Already exists" answer to an invitation that was sent once means someone got the address after
// Create looked (another resource of this apply, say): takeOver decides. To an invitation sent
// again after a lost reply it means the person this create made.
func (r *userResource) invite(ctx context.Context, plan userResourceModel, groupID int64, diags *diag.Diagnostics) (userID, currentGroup int64, ok bool) {
	email := plan.Email.ValueString()
	res, err := r.client.Users.Invite(ctx, groupID, timecamp.Invitation{Email: email, SendEmail: plan.SendInviteEmail.ValueBool()})
	if err != nil {
		attempted := fmt.Sprintf("Inviting %q into group %d.", email, groupID)
		// TimeCamp answers an invite into a group that does not exist with the 403 of a refusal.
		if _, getErr := r.client.Groups.Get(ctx, groupID); timecamp.IsNotFound(getErr) {
			diags.AddAttributeError(path.Root("group_id"), "Unable to create user", attempted+fmt.Sprintf(
				" TimeCamp has no group with id %d: set group_id to the id of an existing group, such as "+
					"timecamp_group.<name>.id, or leave it out for the root group.\n\nCause: %s", groupID, err))
			return 0, 0, false
		}
		addAPIError(diags, "Unable to create user", attempted, err)
		return 0, 0, false
	}
	if res.Status != timecamp.InviteStatusAlreadyExists {
		m, err := r.client.Users.WaitForMember(ctx, groupID, email, inviteWait)
		if err != nil {
			addAPIError(diags, "Unable to create user", waitDetail(email, groupID, res.Status, err), err)
			return 0, 0, false
		}
		return m.User(), groupID, true
	}
	// The person may still be being added: wait for them in any group.
	u, err := r.client.Users.WaitForUser(ctx, email, inviteWait)
	if err != nil {
		addAPIError(diags, "Unable to create user", waitDetail(email, groupID, res.Status, err), err)
		return 0, 0, false
	}
	if !res.Repeated {
		return r.takeOver(ctx, u, email, diags)
	}
	return int64(u.UserID), int64(u.GroupID), true
}

// takeOver returns a deactivated person who has the address, reactivated. An active one belongs
// to someone else (another resource, or nobody in Terraform yet): two resources managing one
// person would undo each other, so the create is refused with the import command.
func (r *userResource) takeOver(ctx context.Context, u *timecamp.User, email string, diags *diag.Diagnostics) (userID, currentGroup int64, ok bool) {
	userID, currentGroup = int64(u.UserID), int64(u.GroupID)
	disabled, err := r.client.Users.Disabled(ctx, userID)
	if err != nil {
		addAPIError(diags, "Unable to create user",
			fmt.Sprintf("Reading whether user %d, who already has the address %q, is deactivated.", userID, email), err)
		return 0, 0, false
	}
	if !disabled {
		diags.AddAttributeError(path.Root("email"), "Unable to create user", fmt.Sprintf(
			"The address %q already belongs to user %d (%q), who is active in the TimeCamp account. "+
				"timecamp_user does not take over an active person: they are managed elsewhere (by another "+
				"resource, or outside Terraform), and two resources managing one person would undo each "+
				"other's changes. To manage them with this resource, import them:\n\n"+
				"  terraform import timecamp_user.<name> %d\n\n"+
				"Otherwise use another address. (A deactivated person with the address would be reactivated instead.)",
			email, userID, string(u.Email), userID))
		return 0, 0, false
	}
	if err := r.client.Users.SetDisabled(ctx, userID, false); err != nil {
		addAPIError(diags, "Unable to create user",
			fmt.Sprintf("Reactivating user %d (%q), who already has the address and is deactivated.", userID, email), err)
		return 0, 0, false
	}
	return userID, currentGroup, true
}

// waitDetail explains a failed wait for an invited user.
func waitDetail(email string, groupID int64, status string, err error) string {
	var timeout *timecamp.WaitTimeoutError
	if !errors.As(err, &timeout) {
		return fmt.Sprintf("Waiting for %q to appear in TimeCamp after inviting them into group %d (TimeCamp's status: %q).", email, groupID, status)
	}
	return fmt.Sprintf("TimeCamp accepted the invitation of %q into group %d (status %q) but did not list the person "+
		"within %s. TimeCamp usually lists an invited person after a few seconds. Once they show up in TimeCamp, "+
		"import them (terraform import timecamp_user.<name> <user id>) rather than applying again: an apply "+
		"refuses an address that already belongs to an active person.",
		email, groupID, status, timeout.Waited.Round(time.Second))
}

// apply brings an existing user to the plan: group, role and display name, then reads them back.
// currentGroup is the group the user is in now.
func (r *userResource) apply(ctx context.Context, plan userResourceModel, userID, currentGroup int64, verb string, diags *diag.Diagnostics) (*userResourceModel, bool) {
	summary := "Unable to " + verb + " user"
	who := fmt.Sprintf("user %d (%q)", userID, plan.Email.ValueString())
	groupID := currentGroup
	if !plan.GroupID.IsUnknown() && !plan.GroupID.IsNull() {
		groupID = plan.GroupID.ValueInt64()
	}
	if groupID != currentGroup {
		if _, err := r.client.Users.Move(ctx, currentGroup, userID, groupID); err != nil {
			addAPIError(diags, summary, fmt.Sprintf("Moving %s from group %d to group %d.", who, currentGroup, groupID), err)
			return nil, false
		}
	}
	wantRole := groupRoles[plan.Role.ValueString()]
	m, err := r.client.Users.Member(ctx, groupID, userID)
	if err != nil {
		addAPIError(diags, summary, fmt.Sprintf("Reading the role of %s in group %d.", who, groupID), err)
		return nil, false
	}
	if int64(m.RoleID) != wantRole {
		if _, err := r.client.Users.SetRole(ctx, groupID, userID, wantRole); err != nil {
			addAPIError(diags, summary, fmt.Sprintf("Setting the role of %s in group %d to %s.", who, groupID, plan.Role.ValueString()), err)
			return nil, false
		}
	}
	if !plan.DisplayName.IsUnknown() && !plan.DisplayName.IsNull() &&
		(!m.DisplayName.Valid || m.DisplayName.Value != plan.DisplayName.ValueString()) {
		if err := r.client.Users.Update(ctx, userID, timecamp.UserUpdate{DisplayName: timecamp.Set(plan.DisplayName.ValueString())}); err != nil {
			addAPIError(diags, summary, fmt.Sprintf("Setting the display name of %s to %q.", who, plan.DisplayName.ValueString()), err)
			return nil, false
		}
	}
	state, err := r.read(ctx, userID, plan)
	if err != nil {
		addAPIError(diags, summary, fmt.Sprintf("Reading %s back.", who), err)
		return nil, false
	}
	return state, true
}

// read returns the user as TimeCamp has them. A user who left the account, or was deactivated, is
// ErrNotFound. prior (plan or state) keeps the configured case of the e-mail address and the
// Terraform-only settings.
func (r *userResource) read(ctx context.Context, userID int64, prior userResourceModel) (*userResourceModel, error) {
	u, err := r.client.Users.Get(ctx, userID)
	if err != nil {
		return nil, err
	}
	// The deactivation flag and the group's member list are separate requests: sent together.
	type member struct {
		m   *timecamp.GroupMember
		err error
	}
	got := make(chan member, 1)
	go func() {
		m, err := r.client.Users.Member(ctx, int64(u.GroupID), userID)
		got <- member{m, err}
	}()
	disabled, err := r.client.Users.Disabled(ctx, userID)
	mr := <-got
	if err != nil {
		return nil, err
	}
	if disabled {
		return nil, fmt.Errorf("user %d is deactivated: %w", userID, timecamp.ErrNotFound)
	}
	m, err := mr.m, mr.err
	if err != nil {
		return nil, fmt.Errorf("reading the role of user %d in group %d: %w", userID, u.GroupID, err)
	}
	s := &userResourceModel{
		ID:              idString(userID),
		UserID:          types.Int64Value(userID),
		Email:           types.StringValue(string(u.Email)),
		DisplayName:     optionalString(u.DisplayName, prior.DisplayName),
		GroupID:         types.Int64Value(int64(u.GroupID)),
		Role:            types.StringValue(groupRoleWord(int64(m.RoleID))),
		SendInviteEmail: prior.SendInviteEmail,
		DeleteOnDestroy: prior.DeleteOnDestroy,
	}
	if !prior.Email.IsNull() && !prior.Email.IsUnknown() && strings.EqualFold(prior.Email.ValueString(), string(u.Email)) {
		s.Email = prior.Email
	}
	if s.SendInviteEmail.IsNull() || s.SendInviteEmail.IsUnknown() {
		s.SendInviteEmail = types.BoolValue(true)
	}
	if s.DeleteOnDestroy.IsNull() || s.DeleteOnDestroy.IsUnknown() {
		s.DeleteOnDestroy = types.BoolValue(false)
	}
	return s, nil
}

func (r *userResource) Read(ctx context.Context, req resource.ReadRequest, resp *resource.ReadResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var prior userResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	if resp.Diagnostics.HasError() {
		return
	}
	userID, err := parseID(prior.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Unable to read user", "The user id in state is invalid: "+err.Error())
		return
	}
	state, err := r.read(ctx, userID, prior)
	if timecamp.IsNotFound(err) {
		resp.State.RemoveResource(ctx) // removed or deactivated outside Terraform: plan to add them again
		return
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to read user", fmt.Sprintf("Reading user %d (%q).", userID, prior.Email.ValueString()), err)
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *userResource) Update(ctx context.Context, req resource.UpdateRequest, resp *resource.UpdateResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var plan, prior userResourceModel
	resp.Diagnostics.Append(req.Plan.Get(ctx, &plan)...)
	resp.Diagnostics.Append(req.State.Get(ctx, &prior)...)
	if resp.Diagnostics.HasError() {
		return
	}
	userID, err := parseID(prior.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Unable to update user", "The user id in state is invalid: "+err.Error())
		return
	}
	state, ok := r.apply(ctx, plan, userID, prior.GroupID.ValueInt64(), "update", &resp.Diagnostics)
	if !ok {
		return
	}
	resp.Diagnostics.Append(resp.State.Set(ctx, state)...)
}

func (r *userResource) Delete(ctx context.Context, req resource.DeleteRequest, resp *resource.DeleteResponse) {
	if !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	var state userResourceModel
	resp.Diagnostics.Append(req.State.Get(ctx, &state)...)
	if resp.Diagnostics.HasError() {
		return
	}
	userID, err := parseID(state.ID.ValueString())
	if err != nil {
		resp.Diagnostics.AddError("Unable to delete user", "The user id in state is invalid: "+err.Error())
		return
	}
	who := fmt.Sprintf("user %d (%q)", userID, state.Email.ValueString())
	// A safety net: creation and import refuse the token's own user, but a state may hold them
	// anyway (written by an older version of the provider, or edited by hand).
	me, ok := r.tokenOwner(ctx, "Unable to delete user", &resp.Diagnostics)
	if !ok {
		return
	}
	if int64(me.UserID) == userID {
		resp.Diagnostics.AddError("Unable to delete user", fmt.Sprintf(
			"%s is the user the API token belongs to. The provider does not deactivate or remove them: that would "+
				"lock you (and Terraform) out of TimeCamp. Nothing was changed in TimeCamp. Take the resource out of "+
				"Terraform's state without touching TimeCamp, then out of the configuration:\n\n"+
				"  terraform state rm timecamp_user.<name>", who))
		return
	}

	if !state.DeleteOnDestroy.ValueBool() {
		err := r.client.Users.SetDisabled(ctx, userID, true)
		if err != nil && !timecamp.IsNotFound(err) {
			addAPIError(&resp.Diagnostics, "Unable to deactivate user",
				fmt.Sprintf("Deactivating %s on destroy (setting disabled_user to 1; delete_on_destroy is false).", who), err)
		}
		return
	}
	// The group in state may be stale: TimeCamp needs the group the person is in now.
	u, err := r.client.Users.Get(ctx, userID)
	if timecamp.IsNotFound(err) {
		return
	}
	if err == nil {
		err = r.client.Users.Remove(ctx, int64(u.GroupID), userID)
	}
	if err != nil && !timecamp.IsNotFound(err) {
		addAPIError(&resp.Diagnostics, "Unable to delete user",
			fmt.Sprintf("Removing %s from the account (delete_on_destroy is true).", who), err)
	}
}

// ImportState takes a user id. The Terraform-only settings get their defaults: the invitation
// e-mail flag true, delete_on_destroy false (destroy deactivates). The token's own user and a
// deactivated user are refused with the reason (the resource manages neither); a user who is not
// in the account at all is left to Read, and Terraform reports it.
func (r *userResource) ImportState(ctx context.Context, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	importNumericID(ctx, "user", req, resp)
	if resp.Diagnostics.HasError() {
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("send_invite_email"), true)...)
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("delete_on_destroy"), false)...)
	userID, _ := parseID(req.ID) // importNumericID checked it
	if resp.Diagnostics.HasError() || !requireClient(r.client, &resp.Diagnostics) {
		return
	}
	me, ok := r.tokenOwner(ctx, "Unable to import user", &resp.Diagnostics)
	if !ok {
		return
	}
	if int64(me.UserID) == userID {
		resp.Diagnostics.AddError("Unable to import user", fmt.Sprintf(
			"User %d (%q) is the user the API token belongs to, and cannot be managed as a timecamp_user: "+
				"destroying the resource would deactivate them, locking you (and Terraform) out of TimeCamp. "+
				"The timecamp_current_user data source reads the token's user.", userID, string(me.Email)))
		return
	}
	u, err := r.client.Users.Get(ctx, userID)
	if timecamp.IsNotFound(err) {
		return // Read finds nothing either, and Terraform says so
	}
	var disabled bool
	if err == nil {
		disabled, err = r.client.Users.Disabled(ctx, userID)
	}
	if err != nil {
		addAPIError(&resp.Diagnostics, "Unable to import user", fmt.Sprintf("Reading user %d.", userID), err)
		return
	}
	if disabled {
		resp.Diagnostics.AddError("Unable to import user", fmt.Sprintf(
			"User %d (%q) is deactivated in TimeCamp. timecamp_user manages active people only: a deactivated "+
				"person counts as gone, so there is nothing to import. To bring them back under Terraform, declare "+
				"the resource with their address (email = %q) and run terraform apply: the provider reactivates the "+
				"same user, keeping their id and data, instead of inviting someone new.", userID, string(u.Email), string(u.Email)))
	}
}

// caseInsensitivePlanModifier keeps the value in state when the configuration differs from it only
// in letter case, so that such a change plans nothing (and replaces nothing).
type caseInsensitivePlanModifier struct{}

func (caseInsensitivePlanModifier) Description(context.Context) string {
	return "Ignores changes of letter case only."
}
func (m caseInsensitivePlanModifier) MarkdownDescription(ctx context.Context) string {
	return m.Description(ctx)
}

func (caseInsensitivePlanModifier) PlanModifyString(_ context.Context, req planmodifier.StringRequest, resp *planmodifier.StringResponse) {
	if req.StateValue.IsNull() || req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if strings.EqualFold(req.ConfigValue.ValueString(), req.StateValue.ValueString()) {
		resp.PlanValue = req.StateValue
	}
}
