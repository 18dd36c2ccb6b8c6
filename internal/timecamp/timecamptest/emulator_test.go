package timecamptest

import (
	"net/http"
	"strconv"
	"strings"
	"testing"
)

func TestAuth(t *testing.T) {
	a := newAPI(t, Options{Token: "s3cret"})
	const denied = `{"message":"authentication required - api token not found"}`

	for _, tc := range []struct {
		name, header string
		want         int
	}{
		{"missing", "", http.StatusUnauthorized},
		{"wrong token", "Bearer nope", http.StatusUnauthorized},
		{"bearer with nothing", "Bearer", http.StatusUnauthorized},
		{"bearer", "Bearer s3cret", http.StatusOK},
		{"bearer lower case scheme", "bearer s3cret", http.StatusOK},
		{"bare token", "s3cret", http.StatusOK},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodGet, a.srv.URL+"/me", nil)
			if tc.header != "" {
				req.Header.Set("Authorization", tc.header)
			}
			r := a.exec(req)
			if tc.want == http.StatusUnauthorized {
				r.expect(t, http.StatusUnauthorized, denied)
				return
			}
			r.expect(t, tc.want, "")
		})
	}

	t.Run("no change without auth", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, a.srv.URL+"/tag_list", strings.NewReader(`{"name":"x"}`))
		req.Header.Set("Content-Type", "application/json")
		a.exec(req).expect(t, http.StatusUnauthorized, denied)
		a.get("/tag_list?archived=all").expect(t, http.StatusOK, "[]")
	})
}

func TestDefaultTokenAndServerFields(t *testing.T) {
	s := NewServer(t, Options{})
	if s.Token != DefaultToken || DefaultToken != "emulator-token" {
		t.Fatalf("Token = %q, want %q", s.Token, DefaultToken)
	}
	if !strings.HasPrefix(s.URL, "http://127.0.0.1:") || !strings.HasSuffix(s.URL, "/third_party/api") {
		t.Fatalf("URL = %q, want http://127.0.0.1:<port>/third_party/api", s.URL)
	}
	if s.RootGroupID() < firstGroupID || s.AdminUserID() < firstUserID {
		t.Fatalf("ids not from the high ranges: root %d admin %d", s.RootGroupID(), s.AdminUserID())
	}
}

func TestStartAndClose(t *testing.T) {
	s, err := Start(Options{})
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Get(s.URL + "/me")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Fatalf("status %d, want 401", resp.StatusCode)
	}
	s.Close()
	if resp, err := http.Get(s.URL + "/me"); err == nil {
		resp.Body.Close()
		t.Fatal("server still answers after Close")
	}
}

func TestUnknownPathsAndMethods(t *testing.T) {
	a := newAPI(t, Options{})
	for _, tc := range []struct{ method, path string }{
		{http.MethodGet, "/nope"},
		{http.MethodGet, "/"},
		{http.MethodGet, ""},
		{http.MethodPost, "/me"},
		{http.MethodPatch, "/tasks"},
		{http.MethodDelete, "/tag/13000"},
		{http.MethodDelete, "/tag_list/3000"},
		{http.MethodGet, "/tag"},
		{http.MethodGet, "/tag_list/1/tags/2"},
	} {
		a.send(tc.method, tc.path, "", "").expectMessage(t, http.StatusNotFound, "Not found")
	}
	// Outside the API base entirely.
	req, _ := http.NewRequest(http.MethodGet, strings.TrimSuffix(a.srv.URL, BasePath)+"/third_party/apix/me", nil)
	req.Header.Set("Authorization", "Bearer "+a.srv.Token)
	a.exec(req).expectMessage(t, http.StatusNotFound, "Not found")
	if n := a.srv.RequestCount("", "/third_party/apix/me"); n != 1 {
		t.Fatalf("outside path logged %d times under its full path, want 1", n)
	}
}

func TestTrailingSlashAndFormatIgnored(t *testing.T) {
	a := newAPI(t, Options{})
	a.get("/me/").expect(t, http.StatusOK, "")
	r := a.get("/me?format=xml").expect(t, http.StatusOK, "")
	decodeObject(t, r.body) // still JSON
}

func TestMe(t *testing.T) {
	clock := &fixedClock{now: mustTime("2026-03-04 05:06:07")}
	a := newAPI(t, Options{Now: clock.Now})
	o := decodeObject(t, a.get("/me?format=json").expect(t, http.StatusOK, "").body)
	requireKeys(t, o, "user_id", "email", "register_time", "display_name", "synch_time", "root_group_id", "permissions")
	requireStrings(t, o, "user_id", "email", "register_time", "display_name", "root_group_id")
	requireNulls(t, o, "synch_time")
	if o["user_id"] != strconv.FormatInt(a.srv.AdminUserID(), 10) || o["root_group_id"] != strconv.FormatInt(a.srv.RootGroupID(), 10) {
		t.Fatalf("ids %v/%v do not match the accessors", o["user_id"], o["root_group_id"])
	}
	if o["email"] != "admin@example.com" || o["display_name"] != "Emulator Admin" || o["register_time"] != "2026-03-04 05:06:07" {
		t.Fatalf("unexpected /me: %v", o)
	}
	perms, ok := o["permissions"].(map[string]any)
	if !ok || perms["time_tracking_admin"] != true || perms["create_projects"] != true || perms["can_view_rates"] != true {
		t.Fatalf("permissions = %#v, want real booleans true", o["permissions"])
	}
}
