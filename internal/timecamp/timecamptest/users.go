package timecamptest

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
)

// Users, group membership and user settings (SPEC §3). Where the sources are
// silent the emulator chooses, and says so here:
//   - Invites (§3.3): a new address becomes a user of the group with group
//     role 3 and display_name null; it shows up in every user list (and can
//     be assigned to tasks) only Options.InviteDelay after the invite,
//     measured on the wall clock (the delay is a real-time effect, so the
//     injectable Now clock does not drive it). An address that matches an
//     existing user without regard to case is "Already exists" and changes
//     nothing. The status of a new user is "Invite", or "Add to group" when
//     send_email (or OAS's send_mail) is 0. force_change_pass and
//     force_change_password are accepted and ignored. Addresses are stored as
//     written (trimmed).
//   - DELETE /group/{id}/user (§17.10) names the user with "user_id" in the
//     body (JSON or form) or the query. The user leaves the account: no call
//     sees them any more, their task assignments and favourites go, and the
//     address can be invited again as a new user. What happens to their time
//     entries is undocumented: the emulator keeps every record that names the
//     user (entries, rates, ...) and the user record itself, marked Removed.
//     The token's own user cannot be removed (403 "You cannot remove users
//     from this group").
//   - PUT /group/{id}/user with group_id moves the users and keeps their
//     roles; with role_id sets it (1, 2, 3 or 5; anything else is a 400
//     "role_id must be one of: 1, 2, 3, 5"); with both, does both; with
//     neither, 400 "You must send group_id or role_id". The token's own role
//     cannot be changed (403, as for any user the caller may not change).
//   - POST /user: an e-mail address another user already has (compared
//     without regard to case) is a 400 "This email is already used by another
//     user"; a malformed one is a 400 "invalid email <address>".
//   - Settings: only the names TimeCamp's own tools use can be written
//     (settingNames); others are a 403 "Setting <name> cannot be changed". A
//     missing user is a 403 "You can not change this user" on PUT and DELETE,
//     and a 404 `[]` on GET, like an unset setting. The bulk GET
//     (/user/1,2/setting?name[]=...) answers the "new" keyed shape, and `[]`
//     when nobody has any of the settings.
const (
	msgInviteForbidden      = "You cannot invite people to this group"
	msgInvalidEmail         = "invalid email "
	msgUserCannotChange     = "You can not change this user"
	msgUserOneAtATime       = "You can change one user at time"
	msgUserFields           = "You must send valid group fields to change: language, display_name, email, time_zone, current_password, new_password, confirm_new_password, summary"
	msgUserEmailTaken       = "This email is already used by another user"
	msgGroupRolesForbidden  = "You cannot change roles in this group"
	msgGroupRolesOfUser     = "You cannot change roles of this user: %d"
	msgGroupMoveForbidden   = "You cannot move people to this group"
	msgGroupChangeFields    = "You must send group_id or role_id"
	msgGroupRoleInvalid     = "role_id must be one of: 1, 2, 3, 5"
	msgGroupRemoveForbidden = "You cannot remove users from this group"
	msgGroupUserNotFound    = "User with specified ID wasn't found"
	msgGroupUserNotMember   = "User does not belong to this group"
	msgSettingCannotChange  = "Setting %s cannot be changed"

	inviteStatusInvite  = "Invite"
	inviteStatusAdded   = "Add to group"
	inviteStatusExists  = "Already exists"
	groupRoleAdmin      = 1
	groupRoleSupervisor = 2
	groupRoleUser       = 3
	groupRoleGuest      = 5
	settingDisabledUser = "disabled_user"
)

// settingNames are the user settings the emulator lets callers write.
var settingNames = map[string]bool{
	settingDisabledUser: true, "external_id": true, "additional_email": true, "added_manually": true,
	"tt_global_admin": true, "tt_can_create_level_1_tasks": true, "can_view_rates": true,
}

func validGroupRole(r int64) bool {
	return r == groupRoleAdmin || r == groupRoleSupervisor || r == groupRoleUser || r == groupRoleGuest
}

// roleOf is the user's group role; records without one are plain users.
func roleOf(u *UserRecord) int64 {
	if u.RoleID == 0 {
		return groupRoleUser
	}
	return u.RoleID
}

// user returns a user the API can see: one that exists and whose invite
// delay has passed.
func (e *Emulator) user(id int64) (*UserRecord, bool) {
	u, ok := e.acct.users[id]
	if !ok || u.Removed {
		return nil, false
	}
	if at, pending := e.acct.pending[id]; pending {
		if time.Now().Before(at) {
			return nil, false
		}
		delete(e.acct.pending, id)
	}
	return u, true
}

// visibleUsers returns the users the API can see, ordered by id.
func (e *Emulator) visibleUsers() []*UserRecord {
	out := make([]*UserRecord, 0, len(e.acct.users))
	for id := range e.acct.users {
		if u, ok := e.user(id); ok {
			out = append(out, u)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

func (u *UserRecord) disabled() bool {
	return strings.TrimSpace(u.Settings[settingDisabledUser]) == "1"
}

// userByEmail finds any user in the account, visible yet or not, with the
// address (case ignored).
func (e *Emulator) userByEmail(email string) (*UserRecord, bool) {
	for _, u := range e.acct.users {
		if !u.Removed && strings.EqualFold(u.Email, email) {
			return u, true
		}
	}
	return nil, false
}

// validEmail is a plausibility check: one @, something on both sides, a dot
// in the domain, no spaces.
func validEmail(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	return ok && local != "" && strings.Contains(domain, ".") && !strings.ContainsAny(s, " \t\r\n") &&
		!strings.Contains(domain, "@") && !strings.HasPrefix(domain, ".") && !strings.HasSuffix(domain, ".")
}

// GET /users (SPEC §3.1): an array, every value a string, display_name may
// be null; active_only=1/true leaves deactivated users out.
func handleUsersList(e *Emulator, r *apiRequest) reply {
	activeOnly := false
	if p := r.get("active_only"); !p.isEmpty() {
		var err error
		if activeOnly, err = p.flag(); err != nil {
			return badRequest(err)
		}
	}
	out := []any{}
	for _, u := range e.visibleUsers() {
		if activeOnly && u.disabled() {
			continue
		}
		out = append(out, object{
			{"group_id", str(u.GroupID)},
			{"user_id", str(u.ID)},
			{"email", u.Email},
			{"login_count", "0"},
			{"login_time", nil},
			{"display_name", nullable(u.DisplayName)},
			{"synch_time", nil},
		})
	}
	return jsonReply(http.StatusOK, out)
}

// groupPathID reads /group/{id}/user; ok is false for a group that does not exist.
func (e *Emulator) groupPathID(r *apiRequest) (int64, bool) {
	id, ok := r.pathID(1)
	if !ok {
		return id, false
	}
	_, exists := e.acct.groups[id]
	return id, exists
}

// GET /group/{id}/user (SPEC §3.2): the group's direct members as an array of
// string-valued rows; 404 `[]` for a group that does not exist.
func handleGroupUsers(e *Emulator, r *apiRequest) reply {
	gid, ok := e.groupPathID(r)
	if !ok {
		return jsonReply(http.StatusNotFound, []any{})
	}
	out := []any{}
	for _, u := range e.visibleUsers() {
		if u.GroupID != gid {
			continue
		}
		out = append(out, object{
			{"group_id", str(u.GroupID)},
			{"user_id", str(u.ID)},
			{"activated", "1"},
			{"role_id", str(roleOf(u))},
			{"id", str(u.ID)},
			{"email", u.Email},
			{"synch_time", nil},
			{"login_time", nil},
			{"register_time", u.RegisterTime},
			{"time_zone", "0"},
			{"start_of_the_week", "0"},
			{"display_name", nullable(u.DisplayName)},
			{"login_count", "0"},
			{"language", "0"},
			{"root_group_id", str(e.acct.rootGroupID)},
			{"already", "1"},
			{"additional_email", ""},
		})
	}
	return jsonReply(http.StatusOK, out)
}

// POST /group/{id}/user invites addresses (SPEC §3.3).
func handleGroupUserInvite(e *Emulator, r *apiRequest) reply {
	a := e.acct
	gid, ok := e.groupPathID(r)
	if !ok {
		return messageReply(http.StatusForbidden, msgInviteForbidden)
	}
	emails, err := textList(r.get("email"))
	if err != nil {
		return badRequest(err)
	}
	guests := map[string]bool{}
	if p := r.get("guests"); p.present {
		list, _ := p.raw.([]any)
		for _, g := range list {
			m, _ := g.(map[string]any)
			addr, _ := m["email"].(string)
			isGuest, _ := param{name: "guest", present: true, raw: m["guest"]}.flag()
			if addr != "" && isGuest {
				guests[strings.ToLower(strings.TrimSpace(addr))] = true
				if !containsFold(emails, addr) {
					emails = append(emails, strings.TrimSpace(addr))
				}
			}
		}
	}
	if len(emails) == 0 {
		return messageReply(http.StatusBadRequest, msgInvalidEmail)
	}
	for _, addr := range emails {
		if !validEmail(addr) {
			return messageReply(http.StatusBadRequest, msgInvalidEmail+addr)
		}
	}
	sendEmail := true
	for _, name := range []string{"send_email", "send_mail"} {
		if p := r.get(name); !p.isEmpty() {
			if sendEmail, err = p.flag(); err != nil {
				return badRequest(err)
			}
		}
	}
	dryRun := false
	if p := r.get("dry_run"); !p.isEmpty() {
		if dryRun, err = p.flag(); err != nil {
			return badRequest(err)
		}
	}
	flags := map[string]bool{}
	for _, name := range []string{"tt_global_admin", "tt_can_create_level_1_tasks", "can_view_rates", "add_to_all_projects"} {
		if p := r.get(name); !p.isEmpty() {
			if flags[name], err = p.flag(); err != nil {
				return badRequest(err)
			}
		}
	}
	projects, err := r.get("projects").ints()
	if err != nil {
		return badRequest(err)
	}

	statuses := object{}
	for _, addr := range emails {
		if _, exists := e.userByEmail(addr); exists {
			statuses = append(statuses, member{addr, object{{"status", inviteStatusExists}}})
			continue
		}
		status := inviteStatusInvite
		if !sendEmail {
			status = inviteStatusAdded
		}
		statuses = append(statuses, member{addr, object{{"status", status}}})
		if dryRun {
			continue
		}
		u := &UserRecord{
			ID: a.newID(&a.next.User), Email: addr, GroupID: gid, RoleID: groupRoleUser,
			RegisterTime: e.timestamp(), Settings: map[string]string{},
		}
		if guests[strings.ToLower(addr)] {
			u.RoleID = groupRoleGuest
		}
		if flags["tt_global_admin"] {
			flags["tt_can_create_level_1_tasks"], flags["can_view_rates"] = true, true // OAS
		}
		for _, name := range []string{"tt_global_admin", "tt_can_create_level_1_tasks", "can_view_rates"} {
			if flags[name] {
				u.Settings[name] = "1"
			}
		}
		a.users[u.ID] = u
		if e.opts.InviteDelay > 0 {
			a.pending[u.ID] = time.Now().Add(e.opts.InviteDelay)
		}
		for id, t := range a.tasks {
			if flags["add_to_all_projects"] || containsID(projects, id) {
				t.Users[u.ID] = taskRoleRegularUser
			}
		}
		e.changed()
	}
	return jsonReply(http.StatusOK, object{{"statuses", statuses}})
}

// PUT /group/{id}/user moves users and changes their group roles (SPEC §3.5).
func handleGroupUserChange(e *Emulator, r *apiRequest) reply {
	a := e.acct
	gid, ok := e.groupPathID(r)
	if !ok {
		return messageReply(http.StatusForbidden, msgGroupRolesForbidden)
	}
	uids, err := r.get("user_id").ints()
	if err != nil {
		return badRequest(err)
	}
	if len(uids) == 0 {
		return messageReply(http.StatusForbidden, msgGroupUserNotFound)
	}
	hasGroup, hasRole := !r.get("group_id").isEmpty(), !r.get("role_id").isEmpty()
	if !hasGroup && !hasRole {
		return messageReply(http.StatusBadRequest, msgGroupChangeFields)
	}
	target, role := gid, int64(0)
	if hasGroup {
		if target, err = r.get("group_id").int(); err != nil {
			return badRequest(err)
		}
		if _, ok := a.groups[target]; !ok {
			return messageReply(http.StatusForbidden, msgGroupMoveForbidden)
		}
	}
	if hasRole {
		if role, err = r.get("role_id").int(); err != nil {
			return badRequest(err)
		}
		if !validGroupRole(role) {
			return messageReply(http.StatusBadRequest, msgGroupRoleInvalid)
		}
	}
	users := make([]*UserRecord, 0, len(uids))
	for _, uid := range uids {
		u, ok := e.user(uid)
		if !ok || u.GroupID != gid || (hasRole && uid == a.adminUserID && role != roleOf(u)) {
			return messageReply(http.StatusForbidden, fmt.Sprintf(msgGroupRolesOfUser, uid))
		}
		users = append(users, u)
	}
	for _, u := range users {
		if u.GroupID != target || (hasRole && roleOf(u) != role) {
			u.GroupID = target
			if hasRole {
				u.RoleID = role
			}
			e.changed()
		}
	}
	return jsonReply(http.StatusOK, object{{"user_id", uids}, {"role_id", role}, {"group_id", target}})
}

// DELETE /group/{id}/user removes a user from the group and the account.
func handleGroupUserRemove(e *Emulator, r *apiRequest) reply {
	a := e.acct
	gid, ok := e.groupPathID(r)
	if !ok {
		return messageReply(http.StatusForbidden, msgGroupRemoveForbidden)
	}
	uids, err := r.get("user_id").ints()
	if err != nil {
		return badRequest(err)
	}
	if len(uids) != 1 {
		return messageReply(http.StatusForbidden, msgGroupUserNotFound)
	}
	u, ok := e.user(uids[0])
	switch {
	case !ok:
		return messageReply(http.StatusForbidden, msgGroupUserNotFound)
	case u.GroupID != gid:
		return messageReply(http.StatusForbidden, msgGroupUserNotMember)
	case u.ID == a.adminUserID:
		return messageReply(http.StatusForbidden, msgGroupRemoveForbidden)
	}
	u.Removed = true
	delete(a.pending, u.ID)
	delete(a.favourites, u.ID)
	for _, t := range a.tasks {
		delete(t.Users, u.ID)
	}
	e.changed()
	return jsonReply(http.StatusOK, object{{"status", "ok"}, {"wiped", true}})
}

// POST /user updates a profile (SPEC §3.4): 200 with an empty body.
func handleUserUpdate(e *Emulator, r *apiRequest) reply {
	a := e.acct
	uid := a.adminUserID
	if p := r.get("user_id"); !p.isEmpty() {
		ids, err := p.ints()
		if err != nil {
			return badRequest(err)
		}
		if len(ids) != 1 {
			return messageReply(http.StatusForbidden, msgUserOneAtATime)
		}
		uid = ids[0]
	}
	u, ok := e.user(uid)
	if !ok {
		return messageReply(http.StatusForbidden, msgUserCannotChange)
	}
	known := false
	for _, name := range []string{"language", "display_name", "email", "time_zone", "current_password", "new_password", "confirm_new_password", "summary"} {
		known = known || r.has(name)
	}
	if !known {
		return messageReply(http.StatusBadRequest, msgUserFields)
	}
	next := *u
	if r.has("display_name") {
		name, err := r.get("display_name").optText()
		if err != nil {
			return badRequest(err)
		}
		next.DisplayName = name
	}
	if r.has("email") {
		addr, err := r.get("email").text()
		if err != nil {
			return badRequest(err)
		}
		addr = strings.TrimSpace(addr)
		if !validEmail(addr) {
			return messageReply(http.StatusBadRequest, msgInvalidEmail+addr)
		}
		if other, taken := e.userByEmail(addr); taken && other.ID != u.ID {
			return messageReply(http.StatusBadRequest, msgUserEmailTaken)
		}
		next.Email = addr
	}
	if !equalStrPtr(next.DisplayName, u.DisplayName) || next.Email != u.Email {
		*u = next
		e.changed()
	}
	return emptyReply(http.StatusOK)
}

// GET /user/{ids}/setting (SPEC §3.7). One id and a plain "name": one
// {"userId","name","value"} object, 404 `[]` when unset. Several ids or
// name[]: {"<user id>": [{"name","value"}]} for the users that have any.
func handleUserSettingGet(e *Emulator, r *apiRequest) reply {
	ids, err := param{name: "user_id", present: true, raw: r.segs[1]}.ints()
	if err != nil || len(ids) == 0 {
		return jsonReply(http.StatusNotFound, []any{})
	}
	p := r.get("name")
	names, err := textList(p)
	if err != nil {
		return badRequest(err)
	}
	_, bulk := p.raw.([]any)
	if !bulk && len(ids) == 1 {
		u, ok := e.user(ids[0])
		if !ok || len(names) != 1 {
			return jsonReply(http.StatusNotFound, []any{})
		}
		v, set := u.Settings[names[0]]
		if !set {
			return jsonReply(http.StatusNotFound, []any{})
		}
		return jsonReply(http.StatusOK, object{{"userId", str(u.ID)}, {"name", names[0]}, {"value", v}})
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	out := object{}
	for _, id := range ids {
		u, ok := e.user(id)
		if !ok {
			continue
		}
		rows := []any{}
		for _, n := range names {
			if v, set := u.Settings[n]; set {
				rows = append(rows, object{{"name", n}, {"value", v}})
			}
		}
		if len(rows) > 0 {
			out = append(out, member{str(id), rows})
		}
	}
	if len(out) == 0 {
		return jsonReply(http.StatusOK, []any{})
	}
	return jsonReply(http.StatusOK, out)
}

// PUT /user/{id}/setting {"name","value"} and DELETE /user/{id}/setting
// {"name"}: 200 {"userId","name","value"} (DELETE answers the old value).
func handleUserSettingWrite(e *Emulator, r *apiRequest) reply {
	uid, ok := r.pathID(1)
	var u *UserRecord
	if ok {
		u, ok = e.user(uid)
	}
	if !ok {
		return messageReply(http.StatusForbidden, msgUserCannotChange)
	}
	name, err := r.get("name").text()
	if err != nil {
		return badRequest(err)
	}
	if !settingNames[name] {
		return messageReply(http.StatusForbidden, fmt.Sprintf(msgSettingCannotChange, name))
	}
	if u.Settings == nil {
		u.Settings = map[string]string{}
	}
	if r.method == http.MethodDelete {
		old, set := u.Settings[name]
		delete(u.Settings, name)
		e.changed()
		var value any
		if set {
			value = old
		}
		return jsonReply(http.StatusOK, object{{"userId", str(u.ID)}, {"name", name}, {"value", value}})
	}
	value, err := r.get("value").text()
	if err != nil {
		return badRequest(err)
	}
	if u.Settings[name] != value {
		u.Settings[name] = value
		e.changed()
	}
	return jsonReply(http.StatusOK, object{{"userId", str(u.ID)}, {"name", name}, {"value", value}})
}

// textList reads a list of texts sent as a JSON array, a form name[] list or
// one string.
func textList(p param) ([]string, error) {
	var items []any
	switch v := p.raw.(type) {
	case nil:
		return nil, nil
	case []any:
		items = v
	default:
		items = []any{v}
	}
	var out []string
	for _, it := range items {
		s, err := param{name: p.name, present: true, raw: it}.text()
		if err != nil {
			return nil, err
		}
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out, nil
}

func containsFold(list []string, s string) bool {
	for _, x := range list {
		if strings.EqualFold(strings.TrimSpace(x), strings.TrimSpace(s)) {
			return true
		}
	}
	return false
}

func containsID(list []int64, id int64) bool {
	for _, x := range list {
		if x == id {
			return true
		}
	}
	return false
}

func equalStrPtr(a, b *string) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return *a == *b
}

func cloneSettings(m map[string]string) map[string]string {
	if m == nil {
		return nil
	}
	c := make(map[string]string, len(m))
	for k, v := range m {
		c[k] = v
	}
	return c
}

// loadPeople checks the users of a loaded snapshot and restores the task
// roles (an older snapshot without them gets the defaults). Invites are
// never pending after a load.
func (a *account) loadPeople(s *Snapshot) error {
	a.pending = map[int64]time.Time{}
	if admin, ok := a.users[a.adminUserID]; ok && admin.RoleID == 0 {
		admin.RoleID = groupRoleAdmin // snapshots from before group roles
	}
	for _, u := range a.users {
		if u.RoleID != 0 && !validGroupRole(u.RoleID) {
			return fmt.Errorf("user %d: group role %d is not one of 1, 2, 3, 5", u.ID, u.RoleID)
		}
		if u.Email == "" {
			return fmt.Errorf("user %d has no e-mail address", u.ID)
		}
	}
	return a.loadTaskRoles(s)
}
