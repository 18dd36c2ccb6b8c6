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
