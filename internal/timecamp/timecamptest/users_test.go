package timecamptest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"reflect"
	"testing"
	"time"
)

// invite invites one address into group gid and returns the status TimeCamp reported.
func (a *api) invite(gid int64, email string, extra map[string]any) string {
	a.t.Helper()
	body := map[string]any{"email": []string{email}, "send_email": 1, "force_change_password": 0}
	for k, v := range extra {
		body[k] = v
	}
	r := a.json(http.MethodPost, fmt.Sprintf("/group/%d/user", gid), body).expect(a.t, http.StatusOK, "")
	o := decodeObject(a.t, r.body)
	requireKeys(a.t, o, "statuses")
	st, ok := o["statuses"].(map[string]any)[email].(map[string]any)
	if !ok {
		a.t.Fatalf("no status for %s: %s", email, r.body)
	}
	return st["status"].(string)
}

// members lists GET /group/{gid}/user as rows.
func (a *api) members(gid int64) []map[string]any {
	a.t.Helper()
	r := a.get(fmt.Sprintf("/group/%d/user", gid)).expect(a.t, http.StatusOK, "")
	list, ok := decode(a.t, r.body).([]any)
	if !ok {
		a.t.Fatalf("group users is not an array: %s", r.body)
	}
	out := make([]map[string]any, len(list))
	for i, it := range list {
		out[i] = it.(map[string]any)
	}
	return out
}

// users lists GET /users as rows.
func (a *api) users(query string) []map[string]any {
	a.t.Helper()
	r := a.get("/users"+query).expect(a.t, http.StatusOK, "")
	list, ok := decode(a.t, r.body).([]any)
	if !ok {
		a.t.Fatalf("/users is not an array: %s", r.body)
	}
	out := make([]map[string]any, len(list))
	for i, it := range list {
		out[i] = it.(map[string]any)
	}
	return out
}

// userID finds the id of the user with email in GET /users ("" when absent).
func (a *api) userID(email string) string {
	a.t.Helper()
	for _, u := range a.users("") {
		if u["email"] == email {
			return u["user_id"].(string)
		}
	}
	return ""
}

func (a *api) newGroup(name string) int64 {
	a.t.Helper()
	r := a.json(http.MethodPut, "/group", map[string]any{"name": name}).expect(a.t, http.StatusOK, "")
	n, _ := json.Number(decodeObject(a.t, r.body)["group_id"].(string)).Int64()
	return n
}

func TestUsersListShapes(t *testing.T) {
	a := newAPI(t, Options{})
	root := a.srv.RootGroupID()
	users := a.users("")
	if len(users) != 1 {
		t.Fatalf("users: %v", users)
	}
	admin := users[0]
	requireKeys(t, admin, "group_id", "user_id", "email", "login_count", "login_time", "display_name", "synch_time")
	requireStrings(t, admin, "group_id", "user_id", "email", "login_count", "display_name")
	if admin["group_id"] != fmt.Sprint(root) || admin["user_id"] != fmt.Sprint(a.srv.AdminUserID()) {
		t.Fatalf("admin row %v", admin)
	}

	rows := a.members(root)
	if len(rows) != 1 {
		t.Fatalf("root members: %v", rows)
	}
	requireStrings(t, rows[0], "group_id", "user_id", "id", "role_id", "activated", "email", "register_time", "root_group_id")
	if rows[0]["role_id"] != "1" || rows[0]["id"] != rows[0]["user_id"] {
		t.Fatalf("admin member row %v", rows[0])
	}
	a.get("/group/999/user").expect(t, http.StatusNotFound, "[]")
}

func TestInvite(t *testing.T) {
	a := newAPI(t, Options{})
	root := a.srv.RootGroupID()
	if got := a.invite(root, "Ann@Example.com", nil); got != "Invite" {
		t.Fatalf("status %q", got)
	}
	var ann map[string]any
	for _, m := range a.members(root) {
		if m["email"] == "Ann@Example.com" {
			ann = m
		}
	}
	if ann == nil {
		t.Fatal("invited user not in the group")
	}
	if ann["role_id"] != "3" {
		t.Fatalf("role %v, want 3", ann["role_id"])
	}
	requireNulls(t, ann, "display_name")

	// Same address, other case: nothing new.
	if got := a.invite(root, "ann@example.COM", nil); got != "Already exists" {
		t.Fatalf("re-invite status %q", got)
	}
	if n := len(a.users("")); n != 2 {
		t.Fatalf("%d users after a re-invite, want 2", n)
	}
	// Without e-mail (either spelling), and as a form.
	if got := a.invite(root, "bob@example.com", map[string]any{"send_email": 0}); got != "Add to group" {
		t.Fatalf("status %q", got)
	}
	if got := a.invite(root, "cy@example.com", map[string]any{"send_email": nil, "send_mail": "0"}); got != "Add to group" {
		t.Fatalf("status %q", got)
	}
	r := a.form(http.MethodPost, fmt.Sprintf("/group/%d/user", root), url.Values{"email[]": {"dee@example.com"}})
	r.expect(t, http.StatusOK, `{"statuses":{"dee@example.com":{"status":"Invite"}}}`)
	// dry_run creates nobody.
	a.invite(root, "eve@example.com", map[string]any{"dry_run": 1})
	if a.userID("eve@example.com") != "" {
		t.Fatal("dry_run created a user")
	}

	a.json(http.MethodPost, fmt.Sprintf("/group/%d/user", root), map[string]any{"email": []string{"not-an-email"}}).
		expectMessage(t, http.StatusBadRequest, "invalid email not-an-email")
	a.json(http.MethodPost, fmt.Sprintf("/group/%d/user", root), map[string]any{}).
		expectMessage(t, http.StatusBadRequest, "invalid email ")
	a.json(http.MethodPost, "/group/999/user", map[string]any{"email": []string{"x@example.com"}}).
		expectMessage(t, http.StatusForbidden, "You cannot invite people to this group")
}

func TestInviteDelay(t *testing.T) {
	a := newAPI(t, Options{InviteDelay: 300 * time.Millisecond})
	root := a.srv.RootGroupID()
	start := time.Now()
	a.invite(root, "late@example.com", nil)
	if len(a.members(root)) != 1 || a.userID("late@example.com") != "" {
		t.Fatal("invited user visible before the delay")
	}
	// Invisible users cannot be assigned yet, but a second invite knows them.
	if got := a.invite(root, "late@example.com", nil); got != "Already exists" {
		t.Fatalf("re-invite during the delay: %q", got)
	}
	time.Sleep(time.Until(start.Add(350 * time.Millisecond)))
	if len(a.members(root)) != 2 || a.userID("late@example.com") == "" {
		t.Fatal("invited user still invisible after the delay")
	}
}

func TestGroupUserMoveAndRole(t *testing.T) {
	a := newAPI(t, Options{})
	root := a.srv.RootGroupID()
	eng := a.newGroup("Engineering")
	a.invite(root, "ann@example.com", nil)
	ann := a.userID("ann@example.com")
	annID, _ := json.Number(ann).Int64()

	// Role first, then a move: the role travels with the user.
	a.json(http.MethodPut, fmt.Sprintf("/group/%d/user", root), map[string]any{"user_id": annID, "role_id": 2}).
		expect(t, http.StatusOK, fmt.Sprintf(`{"user_id":[%d],"role_id":2,"group_id":%d}`, annID, root))
	a.json(http.MethodPut, fmt.Sprintf("/group/%d/user", root), map[string]any{"user_id": []any{ann}, "group_id": eng}).
		expect(t, http.StatusOK, fmt.Sprintf(`{"user_id":[%d],"role_id":0,"group_id":%d}`, annID, eng))
	rows := a.members(eng)
	if len(rows) != 1 || rows[0]["user_id"] != ann || rows[0]["role_id"] != "2" || rows[0]["group_id"] != fmt.Sprint(eng) {
		t.Fatalf("engineering members %v", rows)
	}
	for _, u := range a.users("") {
		if u["user_id"] == ann && u["group_id"] != fmt.Sprint(eng) {
			t.Fatalf("/users still shows group %v", u["group_id"])
		}
	}

	path := fmt.Sprintf("/group/%d/user", eng)
	a.json(http.MethodPut, path, map[string]any{"user_id": annID, "role_id": 4}).
		expectMessage(t, http.StatusBadRequest, "role_id must be one of: 1, 2, 3, 5")
	a.json(http.MethodPut, path, map[string]any{"user_id": annID}).
		expectMessage(t, http.StatusBadRequest, "You must send group_id or role_id")
	a.json(http.MethodPut, path, map[string]any{"user_id": annID, "group_id": 999}).
		expectMessage(t, http.StatusForbidden, "You cannot move people to this group")
	a.json(http.MethodPut, fmt.Sprintf("/group/%d/user", root), map[string]any{"user_id": annID, "role_id": 3}).
		expectMessage(t, http.StatusForbidden, fmt.Sprintf("You cannot change roles of this user: %d", annID))
	a.json(http.MethodPut, fmt.Sprintf("/group/%d/user", root), map[string]any{"user_id": a.srv.AdminUserID(), "role_id": 3}).
		expectMessage(t, http.StatusForbidden, fmt.Sprintf("You cannot change roles of this user: %d", a.srv.AdminUserID()))
	a.json(http.MethodPut, "/group/999/user", map[string]any{"user_id": annID, "role_id": 3}).
		expectMessage(t, http.StatusForbidden, "You cannot change roles in this group")
}

func TestGroupUserRemove(t *testing.T) {
	a := newAPI(t, Options{})
	root := a.srv.RootGroupID()
	eng := a.newGroup("Engineering")
	a.invite(root, "ann@example.com", nil)
	ann := a.userID("ann@example.com")
	project := a.createTask(map[string]any{"name": "Website"})
	a.json(http.MethodPut, "/v3/projects/"+project+"/assign", map[string]any{"userIds": []string{ann}, "roleId": 3}).
		expect(t, http.StatusOK, `{"data":"ok"}`)

	a.json(http.MethodDelete, fmt.Sprintf("/group/%d/user", eng), map[string]any{"user_id": ann}).
		expectMessage(t, http.StatusForbidden, "User does not belong to this group")
	a.json(http.MethodDelete, fmt.Sprintf("/group/%d/user", root), map[string]any{"user_id": a.srv.AdminUserID()}).
		expectMessage(t, http.StatusForbidden, "You cannot remove users from this group")
	a.json(http.MethodDelete, fmt.Sprintf("/group/%d/user", root), map[string]any{"user_id": ann}).
		expect(t, http.StatusOK, `{"status":"ok","wiped":true}`)
	if a.userID("ann@example.com") != "" || len(a.members(root)) != 1 {
		t.Fatal("removed user still listed")
	}
	if users := a.task(project)["users"]; !reflect.DeepEqual(users, []any{}) {
		t.Fatalf("assignments of a removed user stay: %v", users)
	}
	a.json(http.MethodDelete, fmt.Sprintf("/group/%d/user", root), map[string]any{"user_id": ann}).
		expectMessage(t, http.StatusForbidden, "User with specified ID wasn't found")
	a.json(http.MethodDelete, "/group/999/user", map[string]any{"user_id": ann}).
		expectMessage(t, http.StatusForbidden, "You cannot remove users from this group")
	// The address can be invited again: a new user.
	if got := a.invite(root, "ann@example.com", nil); got != "Invite" {
		t.Fatalf("invite after removal: %q", got)
	}
	if again := a.userID("ann@example.com"); again == "" || again == ann {
		t.Fatalf("re-invited user id %q (removed one %s)", again, ann)
	}
	// The user may also be named in the query.
	a.invite(root, "bob@example.com", nil)
	a.send(http.MethodDelete, fmt.Sprintf("/group/%d/user?user_id=%s", root, a.userID("bob@example.com")), "", "").
		expect(t, http.StatusOK, `{"status":"ok","wiped":true}`)
}

func TestUserUpdate(t *testing.T) {
	a := newAPI(t, Options{})
	root := a.srv.RootGroupID()
	a.invite(root, "ann@example.com", nil)
	a.invite(root, "bob@example.com", nil)
	ann := a.userID("ann@example.com")

	a.json(http.MethodPost, "/user", map[string]any{"user_id": ann, "display_name": "Ann Smith"}).expectEmpty(t, http.StatusOK)
	a.form(http.MethodPost, "/user", url.Values{"user_id": {ann}, "email": {"Ann.Smith@example.com"}}).expectEmpty(t, http.StatusOK)
	for _, u := range a.users("") {
		if u["user_id"] == ann && (u["display_name"] != "Ann Smith" || u["email"] != "Ann.Smith@example.com") {
			t.Fatalf("after update: %v", u)
		}
	}
	a.json(http.MethodPost, "/user", map[string]any{"user_id": ann}).expectMessage(t, http.StatusBadRequest,
		"You must send valid group fields to change: language, display_name, email, time_zone, current_password, new_password, confirm_new_password, summary")
	a.json(http.MethodPost, "/user", map[string]any{"user_id": ann, "email": "BOB@example.com"}).
		expectMessage(t, http.StatusBadRequest, "This email is already used by another user")
	a.json(http.MethodPost, "/user", map[string]any{"user_id": ann, "email": "nope"}).
		expectMessage(t, http.StatusBadRequest, "invalid email nope")
	a.json(http.MethodPost, "/user", map[string]any{"user_id": "999", "display_name": "x"}).
		expectMessage(t, http.StatusForbidden, "You can not change this user")
	a.json(http.MethodPost, "/user", map[string]any{"user_id": ann + ",999", "display_name": "x"}).
		expectMessage(t, http.StatusForbidden, "You can change one user at time")
}

func TestUserSettings(t *testing.T) {
	a := newAPI(t, Options{})
	root := a.srv.RootGroupID()
	a.invite(root, "ann@example.com", nil)
	a.invite(root, "bob@example.com", nil)
	ann, bob := a.userID("ann@example.com"), a.userID("bob@example.com")

	a.get("/user/"+ann+"/setting?name=disabled_user").expect(t, http.StatusNotFound, "[]")
	a.get("/user/"+ann+","+bob+"/setting?name[]=disabled_user").expect(t, http.StatusOK, "[]")
	a.json(http.MethodPut, "/user/"+ann+"/setting", map[string]any{"name": "disabled_user", "value": 1}).
		expect(t, http.StatusOK, `{"userId":"`+ann+`","name":"disabled_user","value":"1"}`)
	a.get("/user/"+ann+"/setting?name=disabled_user").
		expect(t, http.StatusOK, `{"userId":"`+ann+`","name":"disabled_user","value":"1"}`)
	a.json(http.MethodPut, "/user/"+bob+"/setting", map[string]any{"name": "external_id", "value": "E-7"}).expect(t, http.StatusOK, "")
	a.get("/user/"+ann+","+bob+"/setting?name[]=disabled_user&name[]=external_id").expect(t, http.StatusOK,
		`{"`+ann+`":[{"name":"disabled_user","value":"1"}],"`+bob+`":[{"name":"external_id","value":"E-7"}]}`)

	// Deactivated users stay in /users unless active_only.
	if n := len(a.users("")); n != 3 {
		t.Fatalf("%d users, want 3", n)
	}
	if n := len(a.users("?active_only=1")); n != 2 {
		t.Fatalf("%d active users, want 2", n)
	}

	a.json(http.MethodPut, "/user/"+ann+"/setting", map[string]any{"name": "ss", "value": "1"}).
		expectMessage(t, http.StatusForbidden, "Setting ss cannot be changed")
	a.json(http.MethodPut, "/user/999/setting", map[string]any{"name": "disabled_user", "value": "1"}).
		expectMessage(t, http.StatusForbidden, "You can not change this user")
	a.json(http.MethodDelete, "/user/"+ann+"/setting", map[string]any{"name": "disabled_user"}).
		expect(t, http.StatusOK, `{"userId":"`+ann+`","name":"disabled_user","value":"1"}`)
	a.get("/user/"+ann+"/setting?name=disabled_user").expect(t, http.StatusNotFound, "[]")
}

func TestTaskRolesShape(t *testing.T) {
	a := newAPI(t, Options{})
	o := decodeObject(t, a.get("/tt_role").expect(t, http.StatusOK, "").body)
	requireKeys(t, o, "1", "3", "4")
	want := map[string]string{"1": "Project Manager", "3": "Regular User", "4": "Guest"}
	for id, name := range want {
		r := o[id].(map[string]any)
		requireKeys(t, r, "tt_role_id", "tt_role_name", "overridden_role_id", "root_group_id", "tt_role_sort", "perms")
		requireStrings(t, r, "tt_role_id", "tt_role_name", "overridden_role_id", "root_group_id")
		requireNumbers(t, r, "tt_role_sort")
		if r["tt_role_id"] != id || r["tt_role_name"] != name {
			t.Fatalf("role %s: %v", id, r)
		}
	}
	perm := o["3"].(map[string]any)["perms"].(map[string]any)["3"].(map[string]any)
	if !reflect.DeepEqual(perm, map[string]any{"tt_perm_id": "3", "tt_perm_text": "track time"}) {
		t.Fatalf("perm %v", perm)
	}
}

func TestPeoplePersist(t *testing.T) {
	file := filepath.Join(t.TempDir(), "account.json")
	a := newAPI(t, Options{DataFile: file, InviteDelay: time.Hour})
	root := a.srv.RootGroupID()
	a.invite(root, "ann@example.com", nil) // still invisible when the emulator stops
	a.srv.Close()

	b := newAPI(t, Options{DataFile: file})
	ann := b.userID("ann@example.com")
	if ann == "" {
		t.Fatal("a pending invite did not survive a restart (it should be visible after one)")
	}
	b.json(http.MethodPut, fmt.Sprintf("/group/%d/user", root), map[string]any{"user_id": ann, "role_id": 5}).expect(t, http.StatusOK, "")
	b.json(http.MethodPut, "/user/"+ann+"/setting", map[string]any{"name": "disabled_user", "value": "1"}).expect(t, http.StatusOK, "")
	b.invite(root, "gone@example.com", nil)
	gone := b.userID("gone@example.com")
	b.json(http.MethodDelete, fmt.Sprintf("/group/%d/user", root), map[string]any{"user_id": gone}).expect(t, http.StatusOK, "")
	b.srv.Close()

	c := newAPI(t, Options{DataFile: file})
	for _, m := range c.members(root) {
		if m["user_id"] == ann && m["role_id"] != "5" {
			t.Fatalf("role after restart %v", m["role_id"])
		}
	}
	c.get("/user/"+ann+"/setting?name=disabled_user").expect(t, http.StatusOK, "")
	if c.userID("gone@example.com") != "" {
		t.Fatal("a removed user is back after a restart")
	}
	requireKeys(t, decodeObject(t, c.get("/tt_role").body), "1", "3", "4")
}
