package timecamp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

// GET /users as OAS, VCR and SCIM show it: an array of string-valued rows, display_name null.
const usersArrayBody = `[
 {"group_id":"1234","user_id":"1235213","email":"mrs@smith.com","login_count":"22084","login_time":"2021-03-11 10:21:15","display_name":null,"synch_time":"2020-12-21 23:29:09"},
 {"group_id":"1234","user_id":"1231456","email":"mr@smith.com","login_count":"1402","login_time":"2020-12-21 17:15:22","display_name":"Agent Smith","synch_time":"2020-12-21 17:10:21"}]`

// The same users keyed by id, as the TS tests mock it, with numbers where strings were.
const usersKeyedBody = `{
 "u1":{"group_id":1234,"user_id":1235213,"email":"mrs@smith.com","display_name":null},
 "u2":{"group_id":"1234","user_id":"1231456","email":"mr@smith.com","display_name":"Agent Smith"}}`

func TestUsersListShapes(t *testing.T) {
	want := []User{
		{UserID: 1231456, GroupID: 1234, Email: "mr@smith.com", DisplayName: NullString{"Agent Smith", true}},
		{UserID: 1235213, GroupID: 1234, Email: "mrs@smith.com"},
	}
	for name, body := range map[string]string{"array": usersArrayBody, "keyed": usersKeyedBody} {
		t.Run(name, func(t *testing.T) {
			c, s := stubClient(t, http.StatusOK, body)
			users, err := c.Users.List(ctxT(t))
			if err != nil {
				t.Fatal(err)
			}
			if len(users) != 2 {
				t.Fatalf("users = %+v", users)
			}
			for i := range users { // compare what both shapes carry
				got := User{UserID: users[i].UserID, GroupID: users[i].GroupID, Email: users[i].Email, DisplayName: users[i].DisplayName}
				if got != want[i] {
					t.Errorf("user %d = %+v, want %+v", i, got, want[i])
				}
			}
			if r := s.requests()[0]; r.Path != "/api/users" || !strings.Contains(r.Query, "format=json") {
				t.Errorf("sent %s?%s", r.Path, r.Query)
			}
			if _, err := c.Users.Get(ctxT(t), 1); !IsNotFound(err) {
				t.Errorf("Get(1) = %v, want not found", err)
			}
		})
	}
}

// GET /group/{id}/user: the OAS example rows (strings), and the TS mock keyed by user id.
const groupMembersArrayBody = `[
 {"group_id":"111","user_id":"32","activated":"1","role_id":"3","id":"32","email":"margaret@smith.com","display_name":"Margaret Smith","admin_pass":null},
 {"group_id":"111","user_id":"23","activated":"1","role_id":"1","id":"23","email":"john@smith.com","display_name":"John Smith"}]`

const groupMembersKeyedBody = `{"32":{"group_id":111,"id":32,"role_id":3,"email":"margaret@smith.com","display_name":"Margaret Smith"},
 "23":{"group_id":"111","user_id":"23","role_id":"1","email":"john@smith.com","display_name":null}}`

func TestGroupMembersShapes(t *testing.T) {
	for name, body := range map[string]string{"array": groupMembersArrayBody, "keyed": groupMembersKeyedBody} {
		t.Run(name, func(t *testing.T) {
			c, s := stubClient(t, http.StatusOK, body)
			members, err := c.Users.GroupMembers(ctxT(t), 111)
			if err != nil {
				t.Fatal(err)
			}
			if len(members) != 2 || members[0].User() != 23 || members[1].User() != 32 {
				t.Fatalf("members = %+v", members)
			}
			if members[0].RoleID != 1 || members[1].RoleID != 3 || members[1].GroupID != 111 || members[1].Email != "margaret@smith.com" {
				t.Errorf("members = %+v", members)
			}
			if r := s.requests()[0]; r.Path != "/api/group/111/user" {
				t.Errorf("path %s", r.Path)
			}
			m, err := c.Users.Member(ctxT(t), 111, 32)
			if err != nil || m.RoleID != 3 {
				t.Errorf("Member = %+v, %v", m, err)
			}
			if _, err := c.Users.Member(ctxT(t), 111, 5); !IsNotFound(err) {
				t.Errorf("Member(5) = %v, want not found", err)
			}
		})
	}
	c, _ := stubClient(t, http.StatusNotFound, `[]`)
	if _, err := c.Users.GroupMembers(ctxT(t), 9); !IsNotFound(err) {
		t.Errorf("unknown group: %v, want not found", err)
	}
}

func TestInviteBodyAndStatuses(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{`{"statuses":{"Ann@Example.com":{"status":"Invite"}}}`, "Invite"},
		{`{"statuses":{"ann@example.com":{"status":"Already exists"}}}`, "Already exists"}, // normalised key
		{`{"statuses":{"other":{"status":"Add to group"}}}`, "Add to group"},               // the only status is ours
	} {
		c, s := stubClient(t, http.StatusOK, tc.body)
		got, err := c.Users.Invite(ctxT(t), 111, Invitation{Email: "Ann@Example.com", SendEmail: true})
		if err != nil || got.Status != tc.want || got.Repeated {
			t.Errorf("%s: %+v, %v; want status %q, not repeated", tc.body, got, err, tc.want)
		}
		r := s.requests()[0]
		var b map[string]any
		if err := json.Unmarshal([]byte(r.Body), &b); err != nil {
			t.Fatal(err)
		}
		want := map[string]any{"email": []any{"Ann@Example.com"}, "send_email": float64(1), "force_change_password": float64(0)}
		if r.Method != http.MethodPost || r.Path != "/api/group/111/user" || !reflect.DeepEqual(b, want) {
			t.Errorf("sent %s %s %v", r.Method, r.Path, b)
		}
	}
	c, _ := stubClient(t, http.StatusOK, `{"statuses":{"a@x.io":{"status":"Invite"},"b@x.io":{"status":"Invite"}}}`)
	if _, err := c.Users.Invite(ctxT(t), 1, Invitation{Email: "c@x.io"}); err == nil {
		t.Error("a reply without our address must be an error")
	}
	c, _ = stubClient(t, http.StatusBadRequest, `{"message":"invalid email "}`)
	if _, err := c.Users.Invite(ctxT(t), 1, Invitation{Email: "c"}); StatusCode(err) != http.StatusBadRequest {
		t.Errorf("err = %v", err)
	}
}

// Repeated tells an "Already exists" that answers this invitation's own lost first attempt from
// one about a person who had the address before: only an attempt TimeCamp may have carried out
// counts (not a 429, which did nothing).
func TestInviteRepeated(t *testing.T) {
	c, srv := emulatorClient(t, timecamptest.Options{})
	ctx := ctxT(t)
	root := srv.RootGroupID()
	invitePath := fmt.Sprintf("/group/%d/user", root)
	for _, tc := range []struct {
		name, email string
		fault       *timecamptest.Fault
		want        InviteResult
	}{
		{"first attempt answered", "a@example.com", nil, InviteResult{Status: InviteStatusAddedToGroup}},
		{"someone has the address", "A@example.com", nil, InviteResult{Status: InviteStatusAlreadyExists}},
		{"reply lost after the change", "b@example.com", &timecamptest.Fault{LoseReply: true},
			InviteResult{Status: InviteStatusAlreadyExists, Repeated: true}},
		{"unreadable 200 after the change", "c@example.com", &timecamptest.Fault{Transform: timecamptest.ReplaceBody(200, timecamptest.HTMLPage)},
			InviteResult{Status: InviteStatusAlreadyExists, Repeated: true}},
		{"429: nothing done", "d@example.com", &timecamptest.Fault{Status: http.StatusTooManyRequests, RetryAfter: "0"},
			InviteResult{Status: InviteStatusAddedToGroup}},
		{"503: may have been done", "e@example.com", &timecamptest.Fault{Status: http.StatusServiceUnavailable},
			InviteResult{Status: InviteStatusAddedToGroup, Repeated: true}},
	} {
		if tc.fault != nil {
			tc.fault.Method, tc.fault.Path = http.MethodPost, invitePath
			srv.InjectFault(*tc.fault)
		}
		got, err := c.Users.Invite(ctx, root, Invitation{Email: tc.email})
		if err != nil || got != tc.want {
			t.Errorf("%s: %+v, %v; want %+v", tc.name, got, err, tc.want)
		}
	}
	if n := srv.PendingFaults(); n != 0 {
		t.Errorf("%d faults never used", n)
	}
}

// ByEmail reads the list afresh and compares addresses without regard to case.
func TestUserByEmail(t *testing.T) {
	c, srv := emulatorClient(t, timecamptest.Options{})
	ctx := ctxT(t)
	if _, err := c.Users.ByEmail(ctx, "ann@example.com"); !IsNotFound(err) {
		t.Fatalf("before the invite: %v, want not found", err)
	}
	if _, err := c.Users.Invite(ctx, srv.RootGroupID(), Invitation{Email: "Ann@Example.com"}); err != nil {
		t.Fatal(err)
	}
	u, err := c.Users.ByEmail(ctx, "ann@EXAMPLE.com")
	if err != nil || string(u.Email) != "Ann@Example.com" {
		t.Fatalf("= %+v, %v", u, err)
	}
	if got, want := srv.RequestCount(http.MethodGet, "/users"), 2; got != want {
		t.Errorf("%d reads of /users, want %d (each look is fresh)", got, want)
	}
}

func TestWaitForInvitedMember(t *testing.T) {
	c, srv := emulatorClient(t, timecamptest.Options{InviteDelay: 300 * time.Millisecond})
	root := srv.RootGroupID()
	if st, err := c.Users.Invite(ctxT(t), root, Invitation{Email: "Late@Example.com", SendEmail: true}); err != nil || st.Status != InviteStatusInvited {
		t.Fatalf("invite: %+v, %v", st, err)
	}
	start := time.Now()
	m, err := c.Users.WaitForMember(ctxT(t), root, "late@example.com", WaitOptions{Timeout: 5 * time.Second, Interval: 50 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if waited := time.Since(start); waited < 200*time.Millisecond {
		t.Errorf("found after %s, before the emulator's delay", waited)
	}
	if m.Email != "Late@Example.com" || m.RoleID != Int(GroupRoleUser) || m.DisplayName.Valid || m.User() == 0 {
		t.Errorf("member %+v", m)
	}
	u, err := c.Users.WaitForUser(ctxT(t), "LATE@example.com", WaitOptions{Timeout: time.Second, Interval: 10 * time.Millisecond})
	if err != nil || int64(u.UserID) != m.User() {
		t.Errorf("WaitForUser = %+v, %v", u, err)
	}
}

func TestWaitForMemberTimesOutAndCancels(t *testing.T) {
	c, srv := emulatorClient(t, timecamptest.Options{InviteDelay: time.Hour})
	root := srv.RootGroupID()
	if _, err := c.Users.Invite(ctxT(t), root, Invitation{Email: "never@example.com"}); err != nil {
		t.Fatal(err)
	}
	_, err := c.Users.WaitForMember(ctxT(t), root, "never@example.com", WaitOptions{Timeout: 200 * time.Millisecond, Interval: 30 * time.Millisecond})
	var timeout *WaitTimeoutError
	if !errors.As(err, &timeout) || timeout.Polls < 2 || timeout.Waited < 200*time.Millisecond {
		t.Fatalf("err = %#v, want a WaitTimeoutError after several polls", err)
	}
	if !strings.Contains(err.Error(), `"never@example.com"`) || !strings.Contains(err.Error(), "group") {
		t.Errorf("message %q does not name the address and the group", err)
	}

	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	start := time.Now()
	_, err = c.Users.WaitForMember(ctx, root, "never@example.com", WaitOptions{Timeout: time.Minute, Interval: 20 * time.Millisecond})
	if !errors.Is(err, context.Canceled) || time.Since(start) > 5*time.Second {
		t.Fatalf("err = %v after %s, want context.Canceled promptly", err, time.Since(start))
	}
}

func TestUserUpdateBody(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, "")
	if err := c.Users.Update(ctxT(t), 42, UserUpdate{DisplayName: Set("Ann")}); err != nil {
		t.Fatal(err)
	}
	r := s.requests()[0]
	if r.Method != http.MethodPost || r.Path != "/api/user" || r.Body != `{"display_name":"Ann","user_id":"42"}` {
		t.Errorf("sent %s %s %s", r.Method, r.Path, r.Body)
	}
}

// userServer answers writes with status/body and GET /users with usersArrayBody.
func userServer(t *testing.T, status int, body string) (*Client, *stub) {
	t.Helper()
	s := newStub(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodGet && r.URL.Path == "/api/users" {
			_, _ = io.WriteString(w, usersArrayBody)
			return
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	})
	return newTestClient(t, s.base(), testToken, nil), s
}

func TestUserWrites403(t *testing.T) {
	ops := map[string]func(c *Client, id int64) error{
		"update": func(c *Client, id int64) error { return c.Users.Update(ctxT(t), id, UserUpdate{DisplayName: Set("x")}) },
		"remove": func(c *Client, id int64) error { return c.Users.Remove(ctxT(t), 1234, id) },
		"move": func(c *Client, id int64) error {
			_, err := c.Users.Move(ctxT(t), 1234, id, 99)
			return err
		},
		"role": func(c *Client, id int64) error {
			_, err := c.Users.SetRole(ctxT(t), 1234, id, GroupRoleGuest)
			return err
		},
		"setting": func(c *Client, id int64) error { return c.Users.SetDisabled(ctxT(t), id, true) },
	}
	for name, op := range ops {
		t.Run(name, func(t *testing.T) {
			c, _ := userServer(t, http.StatusForbidden, `{"message":"You can not change this user"}`)
			if err := op(c, 777); !IsNotFound(err) {
				t.Errorf("missing user: %v, want not found", err)
			}
			if err := op(c, 1231456); IsNotFound(err) || StatusCode(err) != http.StatusForbidden {
				t.Errorf("existing user: %v, want the 403", err)
			}
		})
	}
}

func TestGroupChangeBodiesAndReply(t *testing.T) {
	c, s := userServer(t, http.StatusOK, `{"user_id":[1723605],"role_id":0,"group_id":252}`)
	ch, err := c.Users.Move(ctxT(t), 111, 1723605, 252)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ch, &GroupChange{UserIDs: IntList{1723605}, GroupID: 252}) {
		t.Errorf("reply %+v", ch)
	}
	if _, err := c.Users.SetRole(ctxT(t), 252, 1723605, GroupRoleSupervisor); err != nil {
		t.Fatal(err)
	}
	if err := c.Users.Remove(ctxT(t), 252, 1723605); err != nil {
		t.Fatal(err)
	}
	reqs := s.requests()
	for i, want := range []struct{ method, body string }{
		{http.MethodPut, `{"group_id":252,"user_id":1723605}`},
		{http.MethodPut, `{"role_id":2,"user_id":1723605}`},
		{http.MethodDelete, `{"user_id":1723605}`},
	} {
		if reqs[i].Method != want.method || reqs[i].Body != want.body || !strings.HasPrefix(reqs[i].Path, "/api/group/") {
			t.Errorf("request %d: %s %s %s, want %s %s", i, reqs[i].Method, reqs[i].Path, reqs[i].Body, want.method, want.body)
		}
	}
}

func TestIntListShapes(t *testing.T) {
	for body, want := range map[string]IntList{
		`[1,"2"]`: {1, 2}, `7`: {7}, `"8"`: {8}, `"3,4"`: {3, 4}, `null`: nil, `[]`: {},
	} {
		var got IntList
		if err := json.Unmarshal([]byte(body), &got); err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s -> %v, %v; want %v", body, got, err, want)
		}
	}
}

func TestUserSettingShapes(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, `{"userId":"123","name":"disabled_user","value":"1"}`)
	if d, err := c.Users.Disabled(ctxT(t), 123); err != nil || !d {
		t.Errorf("Disabled = %v, %v", d, err)
	}
	if r := s.requests()[0]; r.Path != "/api/user/123/setting" || !strings.Contains(r.Query, "name=disabled_user") {
		t.Errorf("sent %s?%s", r.Path, r.Query)
	}
	c, _ = stubClient(t, http.StatusNotFound, `[]`)
	if d, err := c.Users.Disabled(ctxT(t), 123); err != nil || d {
		t.Errorf("unset setting: %v, %v", d, err)
	}

	want := map[int64]map[string]string{1001: {"disabled_user": "0", "external_id": "E1"}, 1002: {"disabled_user": "1"}}
	for name, body := range map[string]string{
		"keyed":  `{"1001":[{"name":"disabled_user","value":"0"},{"name":"external_id","value":"E1"}],"1002":[{"name":"disabled_user","value":1}],"1003":[]}`,
		"legacy": `[{"userId":"1001","name":"disabled_user","value":"0"},{"userId":1001,"name":"external_id","value":"E1"},{"userId":"1002","name":"disabled_user","value":"1"}]`,
	} {
		c, s := stubClient(t, http.StatusOK, body)
		got, err := c.Users.Settings(ctxT(t), []int64{1001, 1002, 1003}, "disabled_user", "external_id")
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %v, %v; want %v", name, got, err, want)
		}
		r := s.requests()[0]
		if r.Path != "/api/user/1001,1002,1003/setting" || !strings.Contains(r.Query, "name%5B%5D=disabled_user&name%5B%5D=external_id") {
			t.Errorf("%s: sent %s?%s", name, r.Path, r.Query)
		}
	}
	c, _ = stubClient(t, http.StatusOK, `[]`)
	if got, err := c.Users.Settings(ctxT(t), []int64{1}, "disabled_user"); err != nil || len(got) != 0 {
		t.Errorf("empty: %v, %v", got, err)
	}
	// Large accounts are asked in batches.
	c, s = stubClient(t, http.StatusOK, `[]`)
	ids := make([]int64, 250)
	for i := range ids {
		ids[i] = int64(i + 1)
	}
	if _, err := c.Users.Settings(ctxT(t), ids, "disabled_user"); err != nil || s.count() != 3 {
		t.Errorf("250 users: %d calls, %v; want 3", s.count(), err)
	}
	c, s = stubClient(t, http.StatusOK, `{"userId":"5","name":"disabled_user","value":"0"}`)
	if err := c.Users.SetDisabled(ctxT(t), 5, false); err != nil {
		t.Fatal(err)
	}
	if r := s.requests()[0]; r.Method != http.MethodPut || r.Body != `{"name":"disabled_user","value":"0"}` {
		t.Errorf("sent %s %s", r.Method, r.Body)
	}
}

func TestRootGroupIDIsReadOnce(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, `{"user_id":"1","email":"a@b.c","root_group_id":"552"}`)
	for i := 0; i < 3; i++ {
		if id, err := c.Users.RootGroupID(ctxT(t)); err != nil || id != 552 {
			t.Fatalf("RootGroupID = %d, %v", id, err)
		}
	}
	if s.count() != 1 {
		t.Errorf("%d calls to /me, want 1", s.count())
	}
}

func TestUsersAgainstEmulator(t *testing.T) {
	c, srv := emulatorClient(t, timecamptest.Options{})
	ctx := ctxT(t)
	root := srv.RootGroupID()
	g, err := c.Groups.Create(ctx, "Engineering", root)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Users.Invite(ctx, root, Invitation{Email: "ann@example.com"}); err != nil {
		t.Fatal(err)
	}
	m, err := c.Users.WaitForMember(ctx, root, "ann@example.com", WaitOptions{Timeout: time.Second, Interval: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	id := m.User()
	if st, _ := c.Users.Invite(ctx, root, Invitation{Email: "ANN@example.com"}); st.Status != InviteStatusAlreadyExists || st.Repeated {
		t.Errorf("re-invite: %+v", st)
	}
	if err := c.Users.Update(ctx, id, UserUpdate{DisplayName: Set("Ann")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Users.Move(ctx, root, id, int64(g.GroupID)); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Users.SetRole(ctx, int64(g.GroupID), id, GroupRoleSupervisor); err != nil {
		t.Fatal(err)
	}
	u, err := c.Users.Get(ctx, id)
	if err != nil || u.DisplayName.Value != "Ann" || int64(u.GroupID) != int64(g.GroupID) {
		t.Fatalf("user %+v, %v", u, err)
	}
	if m, err := c.Users.Member(ctx, int64(g.GroupID), id); err != nil || m.RoleID != Int(GroupRoleSupervisor) {
		t.Fatalf("member %+v, %v", m, err)
	}
	if err := c.Users.SetDisabled(ctx, id, true); err != nil {
		t.Fatal(err)
	}
	if d, err := c.Users.Disabled(ctx, id); err != nil || !d {
		t.Fatalf("disabled %v, %v", d, err)
	}
	settings, err := c.Users.Settings(ctx, []int64{id, srv.AdminUserID()}, SettingDisabledUser)
	if err != nil || !reflect.DeepEqual(settings, map[int64]map[string]string{id: {SettingDisabledUser: "1"}}) {
		t.Fatalf("settings %v, %v", settings, err)
	}
	if err := c.Users.Remove(ctx, root, id); err == nil || IsNotFound(err) {
		t.Fatalf("remove from the wrong group: %v, want the 403", err)
	}
	if err := c.Users.Remove(ctx, int64(g.GroupID), id); err != nil {
		t.Fatal(err)
	}
	if err := c.Users.Remove(ctx, int64(g.GroupID), id); !IsNotFound(err) {
		t.Fatalf("second remove: %v, want not found", err)
	}
	if err := c.Users.Update(ctx, id, UserUpdate{DisplayName: Set("x")}); !IsNotFound(err) {
		t.Fatalf("update of a removed user: %v, want not found", err)
	}
}

// With SnapshotReads, refreshing many people costs one user list, one bulk settings call and one
// member list per group; writes and waits always see TimeCamp afresh.
func TestUsersSnapshotReads(t *testing.T) {
	srv := timecamptest.NewServer(t, timecamptest.Options{})
	c := newTestClient(t, srv.URL, srv.Token, func(cfg *Config) { cfg.SnapshotReads = true })
	ctx := ctxT(t)
	root := srv.RootGroupID()
	g, err := c.Groups.Create(ctx, "Engineering", root)
	if err != nil {
		t.Fatal(err)
	}
	eng := int64(g.GroupID)
	wait := WaitOptions{Timeout: time.Second, Interval: 10 * time.Millisecond}
	var ids []int64
	for i, email := range []string{"a@example.com", "b@example.com", "c@example.com", "d@example.com"} {
		if _, err := c.Users.Invite(ctx, root, Invitation{Email: email}); err != nil {
			t.Fatal(err)
		}
		m, err := c.Users.WaitForMember(ctx, root, email, wait)
		if err != nil {
			t.Fatal(err)
		}
		if i%2 == 1 {
			if _, err := c.Users.Move(ctx, root, m.User(), eng); err != nil {
				t.Fatal(err)
			}
		}
		ids = append(ids, m.User())
	}
	if err := c.Users.SetDisabled(ctx, ids[3], true); err != nil {
		t.Fatal(err)
	}
	srv.ResetRequests()

	refresh := func() map[int64]bool {
		out := map[int64]bool{}
		for _, id := range ids {
			u, err := c.Users.Get(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.Users.Member(ctx, int64(u.GroupID), id); err != nil {
				t.Fatal(err)
			}
			d, err := c.Users.Disabled(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			out[id] = d
		}
		return out
	}
	if got := refresh(); !got[ids[3]] || got[ids[0]] || got[ids[1]] || got[ids[2]] {
		t.Fatalf("disabled flags %v, want only %d", got, ids[3])
	}
	if n := srv.RequestCount("GET", ""); n != 4 { // /users, bulk settings, two groups' members
		t.Errorf("refresh of 4 people sent %d GETs, want 4", n)
	}

	// A write drops what was read: the next refresh sees it.
	if err := c.Users.SetDisabled(ctx, ids[3], false); err != nil {
		t.Fatal(err)
	}
	if got := refresh(); got[ids[3]] {
		t.Fatal("reactivation not seen after the write")
	}
	// Waiting never answers from the cache: another client invites, and the wait finds the person
	// although this client holds lists read before the invitation.
	other := newTestClient(t, srv.URL, srv.Token, nil)
	if _, err := c.Users.GroupMembers(ctx, root); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Users.List(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Users.Invite(ctx, root, Invitation{Email: "e@example.com"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Users.WaitForMember(ctx, root, "e@example.com", wait); err != nil {
		t.Fatalf("wait answered from the cache: %v", err)
	}
	if _, err := c.Users.List(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Users.Invite(ctx, root, Invitation{Email: "f@example.com"}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Users.WaitForUser(ctx, "f@example.com", wait); err != nil {
		t.Fatalf("wait answered from the cache: %v", err)
	}
}
