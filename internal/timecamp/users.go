package timecamp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// User is one row of GET /users (SPEC §3.1). GroupID is the user's primary group. TimeCamp sends
// every value as a string and display_name may be null.
type User struct {
	UserID      Int        `json:"user_id"`
	GroupID     Int        `json:"group_id"`
	Email       String     `json:"email"`
	DisplayName NullString `json:"display_name"`
	LoginCount  Int        `json:"login_count"`
	LoginTime   NullString `json:"login_time"`
	SynchTime   NullString `json:"synch_time"`
}

// GroupMember is one row of GET /group/{id}/user (SPEC §3.2). RoleID is the user's role in the
// group (GroupRole*). ID repeats the user id; some rows carry only one of the two.
type GroupMember struct {
	UserID      Int        `json:"user_id"`
	ID          Int        `json:"id"`
	GroupID     Int        `json:"group_id"`
	RoleID      Int        `json:"role_id"`
	Email       String     `json:"email"`
	DisplayName NullString `json:"display_name"`
	Activated   Bool       `json:"activated"`
}

// User returns the member's user id, whichever of user_id and id the row carries.
func (m GroupMember) User() int64 {
	if m.UserID != 0 {
		return int64(m.UserID)
	}
	return int64(m.ID)
}

// Group roles: a user's role in the group they belong to (SPEC §3.2, §3.5). There is no 4.
const (
	GroupRoleAdministrator int64 = 1
	GroupRoleSupervisor    int64 = 2
	GroupRoleUser          int64 = 3
	GroupRoleGuest         int64 = 5
)

// Invite statuses TimeCamp reports per address (SPEC §3.3); others may exist (§17.11).
const (
	InviteStatusInvited       = "Invite"
	InviteStatusAddedToGroup  = "Add to group"
	InviteStatusAlreadyExists = "Already exists"
)

// SettingDisabledUser is the user setting that deactivates a user ("1"): they can no longer log in
// or send data, their data stays, and they free a licence (SPEC §3.7).
const SettingDisabledUser = "disabled_user"

// UsersService manages the people of the account.
//
// With Config.SnapshotReads the user list, each group's member list and everyone's deactivation
// flag are read once (see snapshot.go), so a refresh of many people costs a request per kind and
// group instead of three per person; every write of a user drops them. Waiting for an invited
// user always reads afresh.
type UsersService struct {
	c *Client

	rootMu sync.Mutex
	root   int64 // the account's root group, once read

	snapshots bool
	list      snapshot[[]User]
	disabled  snapshot[map[int64]bool]
	members   snapshotMap[int64, []GroupMember] // by group id
}

func newUsersService(c *Client, snapshots bool) *UsersService {
	return &UsersService{
		c: c, snapshots: snapshots,
		list:     snapshot[[]User]{enabled: snapshots},
		disabled: snapshot[map[int64]bool]{enabled: snapshots},
		members:  snapshotMap[int64, []GroupMember]{enabled: snapshots},
	}
}

// invalidate drops every cached read of users, after a write.
func (s *UsersService) invalidate() {
	s.list.invalidate()
	s.disabled.invalidate()
	s.members.invalidate()
}

// List returns every user of the account, deactivated ones included, ordered by id.
func (s *UsersService) List(ctx context.Context) ([]User, error) {
	return s.list.get(ctx, s.loadList)
}

func (s *UsersService) loadList(ctx context.Context) ([]User, error) {
	req := request{method: http.MethodGet, path: "/users", replayable: true}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	// An array today; an object keyed by user id in some clients' mocks (SPEC §3.1, §14).
	var rows Keyed[User]
	if err := decodeJSON(req, resp.body, &rows); err != nil {
		return nil, err
	}
	users := rows.Values()
	if err := requireIDs(req, resp.body, users, func(u *User) Int { return u.UserID }); err != nil {
		return nil, err
	}
	sort.SliceStable(users, func(i, j int) bool { return users[i].UserID < users[j].UserID })
	return users, nil
}

// Get finds one user in the list; a user who is not in the account is ErrNotFound.
func (s *UsersService) Get(ctx context.Context, id int64) (*User, error) {
	users, err := s.List(ctx)
	if err != nil {
		return nil, err
	}
	for i := range users {
		if int64(users[i].UserID) == id {
			return &users[i], nil
		}
	}
	return nil, notFound("user", id, nil)
}

// ByEmail finds the user with email (compared without regard to case), deactivated or not, in a
// fresh read of the list, whatever is cached; nobody with the address is ErrNotFound.
func (s *UsersService) ByEmail(ctx context.Context, email string) (*User, error) {
	defer s.invalidate() // what follows (the user's deactivation flag, say) is read afresh too
	users, err := s.loadList(ctx)
	if err != nil {
		return nil, err
	}
	for i := range users {
		if sameEmail(string(users[i].Email), email) {
			return &users[i], nil
		}
	}
	return nil, notFound("user with e-mail", email, nil)
}

// GroupMembers returns the users whose group is groupID, with their group roles, ordered by user
// id. TimeCamp answers an unknown group with 404 and `[]`: that is ErrNotFound.
//
// With Config.SnapshotReads the member lists of the groups the cached user list names are loaded
// together once a second group is asked for (see prefetch.go).
func (s *UsersService) GroupMembers(ctx context.Context, groupID int64) ([]GroupMember, error) {
	return s.members.getAndPrefetch(ctx, groupID, s.loadMembers, s.groupsWithUsers, s.c.prefetchWorkers())
}

// groupsWithUsers are the groups that users of the cached user list belong to, by id; none when
// the list is not cached (it is never read for this).
func (s *UsersService) groupsWithUsers() []int64 {
	users, ok := s.list.peek()
	if !ok {
		return nil
	}
	seen := map[int64]bool{}
	var ids []int64
	for _, u := range users {
		if g := int64(u.GroupID); g != 0 && !seen[g] {
			seen[g] = true
			ids = append(ids, g)
		}
	}
	slices.Sort(ids)
	return ids
}

func (s *UsersService) loadMembers(ctx context.Context, groupID int64) ([]GroupMember, error) {
	req := request{method: http.MethodGet, path: groupUserPath(groupID), replayable: true}
	resp, err := s.c.do(ctx, req)
	if StatusCode(err) == http.StatusNotFound {
		return nil, notFound("group", groupID, err)
	}
	if err != nil {
		return nil, err
	}
	var rows Keyed[GroupMember]
	if err := decodeJSON(req, resp.body, &rows); err != nil {
		return nil, err
	}
	members := rows.Values()
	sort.SliceStable(members, func(i, j int) bool { return members[i].User() < members[j].User() })
	return members, nil
}

// Member finds one user in a group's list; a user who is not in that group is ErrNotFound.
func (s *UsersService) Member(ctx context.Context, groupID, userID int64) (*GroupMember, error) {
	members, err := s.GroupMembers(ctx, groupID)
	if err != nil {
		return nil, err
	}
	for i := range members {
		if members[i].User() == userID {
			return &members[i], nil
		}
	}
	return nil, notFound("user", userID, fmt.Errorf("not a member of group %d", groupID))
}

// RootGroupID is the account's root group, read once per client (GET /me).
func (s *UsersService) RootGroupID(ctx context.Context) (int64, error) {
	s.rootMu.Lock()
	defer s.rootMu.Unlock()
	if s.root != 0 {
		return s.root, nil
	}
	me, err := s.c.Me.Get(ctx)
	if err != nil {
		return 0, err
	}
	if me.RootGroupID == 0 {
		return 0, errors.New("GET /me named no root_group_id")
	}
	s.root = int64(me.RootGroupID)
	return s.root, nil
}

// Invitation is one invite.
type Invitation struct {
	Email string
	// SendEmail asks TimeCamp to send the invitation e-mail. Without it the person is added to
	// the group silently (status "Add to group").
	SendEmail bool
}

// InviteResult is TimeCamp's answer to one invitation.
type InviteResult struct {
	// Status is TimeCamp's status for the address: "Invite", "Add to group", "Already exists", ...
	Status string
	// Repeated says the invitation was sent more than once because an earlier attempt may have
	// reached TimeCamp (its reply was lost or unreadable). "Already exists" may then name the
	// person this very invitation added; without Repeated it always means someone had the address
	// before.
	Repeated bool
}

// Invite invites one address into groupID and returns TimeCamp's answer for it. No user id comes
// back: WaitForMember finds it.
//
// The invite is sent again after a lost reply: TimeCamp answers a repeated invitation of the same
// address with "Already exists" and creates no second user (SPEC §3.3), so it is idempotent; the
// result says when that happened (Repeated).
// The field names follow SPEC §14: send_email and force_change_password.
func (s *UsersService) Invite(ctx context.Context, groupID int64, inv Invitation) (InviteResult, error) {
	defer s.invalidate()
	req := request{method: http.MethodPost, path: groupUserPath(groupID), replayable: true, json: body{
		"email":                 []string{inv.Email},
		"send_email":            bit(inv.SendEmail),
		"force_change_password": 0, // the invitee chooses a password from the invitation
	}}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		return InviteResult{}, err
	}
	var out struct {
		Statuses Keyed[struct {
			Status String `json:"status"`
		}] `json:"statuses"`
	}
	if err := decodeJSON(req, resp.body, &out); err != nil {
		return InviteResult{}, err
	}
	for addr, st := range out.Statuses {
		if strings.EqualFold(strings.TrimSpace(addr), strings.TrimSpace(inv.Email)) {
			return InviteResult{Status: string(st.Status), Repeated: resp.repeated}, nil
		}
	}
	if len(out.Statuses) == 1 { // keyed differently (normalised address, or a list): still ours
		for _, st := range out.Statuses {
			return InviteResult{Status: string(st.Status), Repeated: resp.repeated}, nil
		}
	}
	return InviteResult{}, &DecodeError{Method: req.method, Path: req.path, Body: abbreviate(resp.body),
		Err: fmt.Errorf("no status for %q", inv.Email)}
}

// WaitOptions bound a wait for an invited user to show up.
type WaitOptions struct {
	Timeout  time.Duration // default 60s
	Interval time.Duration // between polls; default 2s
}

func (o WaitOptions) withDefaults() WaitOptions {
	if o.Timeout <= 0 {
		o.Timeout = 60 * time.Second
	}
	if o.Interval <= 0 {
		o.Interval = 2 * time.Second
	}
	return o
}

// WaitTimeoutError says that an invited user did not show up in time.
type WaitTimeoutError struct {
	Email  string
	Where  string // "group 500000", "the account's user list"
	Waited time.Duration
	Polls  int
}

func (e *WaitTimeoutError) Error() string {
	return fmt.Sprintf("no user with e-mail %q appeared in %s after %s (%d look-ups)",
		e.Email, e.Where, e.Waited.Round(time.Millisecond), e.Polls)
}

// WaitForMember polls GET /group/{groupID}/user until a user with email (compared without regard
// to case) is listed, and returns them. TimeCamp shows an invited user there only a few seconds
// after the invite (SPEC §1.8). It gives up with a *WaitTimeoutError after opts.Timeout, and at
// once when ctx ends. Every look is a new request, whatever is cached.
func (s *UsersService) WaitForMember(ctx context.Context, groupID int64, email string, opts WaitOptions) (*GroupMember, error) {
	defer s.invalidate() // a list read before the user appeared must not be kept
	var found *GroupMember
	err := poll(ctx, opts, email, fmt.Sprintf("group %d", groupID), func() (bool, error) {
		members, err := s.loadMembers(ctx, groupID)
		if err != nil {
			return false, err
		}
		for i := range members {
			if sameEmail(string(members[i].Email), email) {
				found = &members[i]
				return true, nil
			}
		}
		return false, nil
	})
	return found, err
}

// WaitForUser polls GET /users until a user with email is listed (for an address TimeCamp says
// already exists, who may be in any group).
func (s *UsersService) WaitForUser(ctx context.Context, email string, opts WaitOptions) (*User, error) {
	defer s.invalidate()
	var found *User
	err := poll(ctx, opts, email, "the account's user list", func() (bool, error) {
		users, err := s.loadList(ctx)
		if err != nil {
			return false, err
		}
		for i := range users {
			if sameEmail(string(users[i].Email), email) {
				found = &users[i]
				return true, nil
			}
		}
		return false, nil
	})
	return found, err
}

// poll calls look until it reports true, fails, the timeout passes or ctx ends.
func poll(ctx context.Context, opts WaitOptions, email, where string, look func() (bool, error)) error {
	opts = opts.withDefaults()
	start := time.Now()
	deadline := start.Add(opts.Timeout)
	for polls := 1; ; polls++ {
		ok, err := look()
		if err != nil || ok {
			return err
		}
		wait := opts.Interval
		if remaining := time.Until(deadline); remaining <= 0 {
			return &WaitTimeoutError{Email: email, Where: where, Waited: time.Since(start), Polls: polls}
		} else if remaining < wait {
			wait = remaining
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return fmt.Errorf("stopped waiting for %q to appear in %s after %s: %w",
				email, where, time.Since(start).Round(time.Millisecond), ctx.Err())
		case <-timer.C:
		}
	}
}

// sameEmail compares addresses the way mail systems treat them in practice: without regard to case.
func sameEmail(a, b string) bool {
	return strings.EqualFold(strings.TrimSpace(a), strings.TrimSpace(b))
}

// UserUpdate names the profile fields to change (POST /user); unset fields are left alone.
type UserUpdate struct {
	DisplayName Field[string]
	Email       Field[string]
}

// Update changes a user's profile. TimeCamp answers 200 with an empty body. It says 403 "You can
// not change this user" for a refusal and for a missing user alike: the user list tells them apart.
func (s *UsersService) Update(ctx context.Context, userID int64, u UserUpdate) error {
	defer s.invalidate()
	defer s.c.Me.cache.invalidate() // the token's own user may be the one changed
	b := body{"user_id": strconv.FormatInt(userID, 10)}
	putField(b, "display_name", u.DisplayName, nil)
	putField(b, "email", u.Email, nil)
	_, err := s.c.do(ctx, request{method: http.MethodPost, path: "/user", json: b, replayable: true})
	return s.explainForbidden(ctx, userID, err)
}

// GroupChange is the reply of PUT /group/{id}/user: the users changed, the role set (0 when the
// call moved them) and their group.
type GroupChange struct {
	UserIDs IntList `json:"user_id"`
	RoleID  Int     `json:"role_id"`
	GroupID Int     `json:"group_id"`
}

// Move puts a user into another group (PUT /group/{fromGroupID}/user with group_id). fromGroupID
// is the group the user is in now.
func (s *UsersService) Move(ctx context.Context, fromGroupID, userID, toGroupID int64) (*GroupChange, error) {
	return s.changeInGroup(ctx, fromGroupID, userID, body{"user_id": userID, "group_id": toGroupID})
}

// SetRole sets a user's role in their group (GroupRole*).
func (s *UsersService) SetRole(ctx context.Context, groupID, userID, roleID int64) (*GroupChange, error) {
	return s.changeInGroup(ctx, groupID, userID, body{"user_id": userID, "role_id": roleID})
}

func (s *UsersService) changeInGroup(ctx context.Context, groupID, userID int64, b body) (*GroupChange, error) {
	defer s.invalidate()
	req := request{method: http.MethodPut, path: groupUserPath(groupID), json: b, replayable: true}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		return nil, s.explainForbidden(ctx, userID, err)
	}
	var out GroupChange
	if len(bytes.TrimSpace(resp.body)) == 0 {
		return &out, nil
	}
	if err := decodeJSON(req, resp.body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Remove takes a user out of groupID, the group they are in, which removes them from the account
// (DELETE /group/{groupID}/user). How the user is named is undocumented (SPEC §17.10): the client
// sends {"user_id": <id>} as a JSON body, as PUT on the same path takes it. TimeCamp answers
// 200 {"status":"ok","wiped":true}. A user who is no longer in the account is ErrNotFound.
func (s *UsersService) Remove(ctx context.Context, groupID, userID int64) error {
	defer s.invalidate()
	defer s.c.Tasks.cache.invalidate() // the user's task assignments go with them
	req := request{method: http.MethodDelete, path: groupUserPath(groupID), json: body{"user_id": userID}, replayable: true}
	_, err := s.c.do(ctx, req)
	return s.explainForbidden(ctx, userID, err)
}

// explainForbidden turns a 403 about a user who is not in the account into ErrNotFound.
func (s *UsersService) explainForbidden(ctx context.Context, userID int64, err error) error {
	if err == nil || StatusCode(err) != http.StatusForbidden {
		return err
	}
	if _, getErr := s.Get(ctx, userID); IsNotFound(getErr) {
		return notFound("user", userID, err)
	}
	return err
}

// Setting reads one user setting. ok is false when the user has no value for it: TimeCamp answers
// 404 with `[]` then (SPEC §3.7).
func (s *UsersService) Setting(ctx context.Context, userID int64, name string) (value string, ok bool, err error) {
	req := request{method: http.MethodGet, path: userSettingPath(strconv.FormatInt(userID, 10)),
		query: url.Values{"name": {name}}, replayable: true}
	resp, err := s.c.do(ctx, req)
	if StatusCode(err) == http.StatusNotFound {
		return "", false, nil
	}
	if err != nil {
		return "", false, err
	}
	if isEmptyCollection(resp.body) {
		return "", false, nil
	}
	var out settingRow
	if err := decodeJSON(req, resp.body, &out); err != nil {
		return "", false, err
	}
	return string(out.Value), true, nil
}

type settingRow struct {
	UserID Int    `json:"userId"`
	Name   String `json:"name"`
	Value  String `json:"value"`
}

// settingsBatch is how many user ids go in one bulk settings call (TimeCamp's tools send 100-200).
const settingsBatch = 100

// Settings reads settings of many users at once: user id -> setting name -> value. Users without
// a value for a name have no entry for it. Both reply shapes are read (SPEC §3.7, §14): an object
// keyed by user id whose values are lists of {name, value}, and the legacy flat list of
// {userId, name, value}.
func (s *UsersService) Settings(ctx context.Context, userIDs []int64, names ...string) (map[int64]map[string]string, error) {
	out := map[int64]map[string]string{}
	for start := 0; start < len(userIDs); start += settingsBatch {
		batch := userIDs[start:min(start+settingsBatch, len(userIDs))]
		ids := make([]string, len(batch))
		for i, id := range batch {
			ids[i] = strconv.FormatInt(id, 10)
		}
		req := request{method: http.MethodGet, path: userSettingPath(strings.Join(ids, ",")),
			query: url.Values{"name[]": names}, replayable: true}
		resp, err := s.c.do(ctx, req)
		if StatusCode(err) == http.StatusNotFound {
			continue // nobody in the batch has any of the settings
		}
		if err != nil {
			return nil, err
		}
		if err := decodeSettings(req, resp.body, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func decodeSettings(req request, data []byte, out map[int64]map[string]string) error {
	put := func(user int64, name, value string) {
		if out[user] == nil {
			out[user] = map[string]string{}
		}
		out[user][name] = value
	}
	data = bytes.TrimSpace(data)
	if isEmptyCollection(data) {
		return nil
	}
	if data[0] == '[' { // legacy: [{"userId", "name", "value"}]
		var rows []settingRow
		if err := decodeJSON(req, data, &rows); err != nil {
			return err
		}
		for _, r := range rows {
			put(int64(r.UserID), string(r.Name), string(r.Value))
		}
		return nil
	}
	var keyed map[string]Keyed[settingRow] // {"<user id>": [{"name", "value"}]}
	if err := decodeJSON(req, data, &keyed); err != nil {
		return err
	}
	for key, rows := range keyed {
		id, err := strconv.ParseInt(key, 10, 64)
		if err != nil {
			return &DecodeError{Method: req.method, Path: req.path, Body: abbreviate(data), Err: fmt.Errorf("user key %q is not an id", key)}
		}
		for _, r := range rows.Values() {
			put(id, string(r.Name), string(r.Value))
		}
	}
	return nil
}

// SetSetting writes one user setting (PUT /user/{id}/setting).
func (s *UsersService) SetSetting(ctx context.Context, userID int64, name, value string) error {
	defer s.invalidate()
	_, err := s.c.do(ctx, request{method: http.MethodPut, path: userSettingPath(strconv.FormatInt(userID, 10)),
		json: body{"name": name, "value": value}, replayable: true})
	return s.explainForbidden(ctx, userID, err)
}

// Disabled reports whether a user is deactivated (setting disabled_user = "1"). With snapshots,
// the flags of every listed user are read at once (one bulk settings call per 100 users).
func (s *UsersService) Disabled(ctx context.Context, userID int64) (bool, error) {
	if s.snapshots {
		all, err := s.disabled.get(ctx, s.loadDisabled)
		return all[userID], err
	}
	v, ok, err := s.Setting(ctx, userID, SettingDisabledUser)
	return ok && strings.TrimSpace(v) == "1", err
}

// loadDisabled reads the deactivation flag of every user in the list.
func (s *UsersService) loadDisabled(ctx context.Context) (map[int64]bool, error) {
	users, err := s.List(ctx)
	if err != nil {
		return nil, err
	}
	ids := make([]int64, len(users))
	for i, u := range users {
		ids[i] = int64(u.UserID)
	}
	settings, err := s.Settings(ctx, ids, SettingDisabledUser)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]bool, len(settings))
	for id, values := range settings {
		out[id] = strings.TrimSpace(values[SettingDisabledUser]) == "1"
	}
	return out, nil
}

// SetDisabled deactivates (true) or reactivates (false) a user.
func (s *UsersService) SetDisabled(ctx context.Context, userID int64, disabled bool) error {
	v := "0"
	if disabled {
		v = "1"
	}
	return s.SetSetting(ctx, userID, SettingDisabledUser, v)
}

func groupUserPath(groupID int64) string { return "/group/" + strconv.FormatInt(groupID, 10) + "/user" }

func userSettingPath(ids string) string { return "/user/" + ids + "/setting" }

// IntList is a list of ids that TimeCamp sends as an array, a single number or string, or a
// comma-separated string.
type IntList []Int

func (l *IntList) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	switch {
	case isNull(data):
		*l = nil
		return nil
	case data[0] == '[':
		var items []Int
		if err := json.Unmarshal(data, &items); err != nil {
			return err
		}
		*l = items
		return nil
	case data[0] == '"':
		var text string
		if err := json.Unmarshal(data, &text); err != nil {
			return err
		}
		var out IntList
		for _, part := range strings.Split(text, ",") {
			if strings.TrimSpace(part) == "" {
				continue
			}
			var n Int
			if err := n.UnmarshalJSON([]byte(strconv.Quote(strings.TrimSpace(part)))); err != nil {
				return err
			}
			out = append(out, n)
		}
		*l = out
		return nil
	}
	var n Int
	if err := n.UnmarshalJSON(data); err != nil {
		return err
	}
	*l = IntList{n}
	return nil
}
