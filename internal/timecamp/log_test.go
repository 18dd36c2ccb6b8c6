package timecamp

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

func TestLogsNeverContainTheToken(t *testing.T) {
	// The server misbehaves in every way that could drag the token into a log line: it echoes the
	// Authorization header in an error body, in a retried error, and in a successful reply.
	s := newStub(t, func(w http.ResponseWriter, r *http.Request, n int) {
		auth := r.Header.Get("Authorization")
		w.Header().Set("Content-Type", "application/json")
		switch {
		case r.URL.Path == "/api/me":
			_, _ = io.WriteString(w, `{"user_id":"1","email":"`+auth+`"}`)
		case r.URL.Path == "/api/group" && n <= 3:
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			_, _ = io.WriteString(w, `{"message":"slow down, `+auth+`"}`)
		case r.URL.Path == "/api/group":
			_, _ = io.WriteString(w, groupListBody)
		default:
			w.WriteHeader(http.StatusUnauthorized)
			_, _ = io.WriteString(w, `{"message":"token `+auth+` refused"}`)
		}
	})
	var buf bytes.Buffer
	ctx := tflogtest.RootLogger(context.Background(), &buf)
	c := newTestClient(t, s.base(), testToken, nil)

	if _, err := c.Me.Get(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Groups.List(ctx); err != nil { // two 429s, then success
		t.Fatal(err)
	}
	if _, err := c.Tasks.Get(ctx, 5); StatusCode(err) != http.StatusUnauthorized {
		t.Fatalf("err = %v, want the 401", err)
	}
	dead := newTestClient(t, "http://"+closedAddr(t)+"/api", testToken, func(cfg *Config) { cfg.Retry.MaxAttempts = 2 })
	if _, err := dead.Tasks.Create(ctx, TaskInput{Name: Set("x")}); err == nil {
		t.Fatal("a create against a closed port succeeded")
	}

	out := buf.String()
	if strings.Contains(out, testToken) {
		t.Errorf("the token appears in the log:\n%s", out)
	}
	entries, err := tflogtest.MultilineJSONDecode(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	count := func(msg, method, path string) int {
		n := 0
		for _, e := range entries {
			if e["@message"] == msg && e["method"] == method && e["path"] == path {
				n++
			}
		}
		return n
	}
	checks := []struct {
		msg, method, path string
		want              int
	}{
		{"TimeCamp request", "GET", "/me", 1},
		{"TimeCamp request", "GET", "/group", 3},
		{"retrying TimeCamp request", "GET", "/group", 2},
		{"TimeCamp request", "GET", "/tasks", 1},
		{"TimeCamp request failed", "POST", "/tasks", 2},
		{"retrying TimeCamp request", "POST", "/tasks", 1},
	}
	for _, c := range checks {
		if got := count(c.msg, c.method, c.path); got != c.want {
			t.Errorf("%d log entries %q for %s %s, want %d", got, c.msg, c.method, c.path, c.want)
		}
	}
	var sawStatus, sawRedacted bool
	for _, e := range entries {
		if e["path"] == "/tasks" && e["status"] == float64(401) {
			sawStatus = true
		}
		if s, ok := e["error"].(string); ok && strings.Contains(s, "slow down") {
			sawRedacted = true // the echoed body was logged, with the token masked
		}
	}
	if !sawStatus {
		t.Errorf("no log entry carries the 401 status of GET /tasks:\n%s", out)
	}
	if !sawRedacted {
		t.Errorf("no retry entry carries the API's error text:\n%s", out)
	}
}
