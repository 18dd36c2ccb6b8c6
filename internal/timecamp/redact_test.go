package timecamp

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// An API that echoes the request (token included) in its error must not put the token into the
// error the provider shows.
func TestAPIErrorNeverCarriesTheToken(t *testing.T) {
	const token = "tc-secret-7f3a9"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusBadRequest)
		_, _ = w.Write([]byte(`{"message":"bad request with header ` + r.Header.Get("Authorization") + `"}`))
	}))
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL, Token: token})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Me.Get(context.Background())
	if err == nil {
		t.Fatal("expected an error")
	}
	if strings.Contains(err.Error(), token) {
		t.Fatalf("the token leaked into the error: %v", err)
	}
	if !strings.Contains(err.Error(), "[redacted token]") {
		t.Fatalf("the echoed token should be marked as redacted: %v", err)
	}
}

// A token too short to be a real one ("t", as tests and dry runs use) is not searched for in
// replies: replacing it would corrupt ordinary JSON ("true", "title") before it is decoded.
func TestShortTokenLeavesRepliesIntact(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"user_id":"7","root_group_id":"1","email":"tina@example.test","display_name":"t t"}`))
	}))
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL, Token: "t"})
	if err != nil {
		t.Fatal(err)
	}
	me, err := c.Me.Get(context.Background())
	if err != nil {
		t.Fatalf("a reply holding the letters of a one-letter token failed to decode: %v", err)
	}
	if string(me.Email) != "tina@example.test" || me.DisplayName.Value != "t t" {
		t.Errorf("me = %+v; the reply was altered", me)
	}
}
