package timecamptest

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"
)

// api talks to an emulator with plain net/http, so tests see the raw wire.
type api struct {
	t   testing.TB
	srv *Server
	hc  *http.Client
}

// result is one raw HTTP exchange.
type result struct {
	status int
	header http.Header
	body   []byte
}

func newAPI(t testing.TB, opts Options) *api {
	t.Helper()
	s := NewServer(t, opts)
	return &api{t: t, srv: s, hc: &http.Client{Timeout: 10 * time.Second}}
}

// fixedClock is an injectable clock that tests can move.
type fixedClock struct{ now time.Time }

func (c *fixedClock) Now() time.Time { return c.now }

// send makes a request with an explicit content type and raw body.
func (a *api) send(method, path, contentType, body string) result {
	a.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, a.srv.URL+path, rd)
	if err != nil {
		a.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+a.srv.Token)
	req.Header.Set("Accept", "application/json")
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return a.exec(req)
}

func (a *api) exec(req *http.Request) result {
	a.t.Helper()
	resp, err := a.hc.Do(req)
	if err != nil {
		a.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		a.t.Fatal(err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "application/json" {
		a.t.Errorf("%s %s: Content-Type %q, want application/json", req.Method, req.URL.Path, ct)
	}
	return result{status: resp.StatusCode, header: resp.Header, body: b}
}

// json sends body (a Go value) as JSON; nil sends no body.
func (a *api) json(method, path string, body any) result {
	a.t.Helper()
	if body == nil {
		return a.send(method, path, "", "")
	}
	b, err := json.Marshal(body)
	if err != nil {
		a.t.Fatal(err)
	}
	return a.send(method, path, "application/json", string(b))
}

// form sends body as application/x-www-form-urlencoded.
func (a *api) form(method, path string, body url.Values) result {
	a.t.Helper()
	return a.send(method, path, "application/x-www-form-urlencoded", body.Encode())
}

func (a *api) get(path string) result {
	a.t.Helper()
	return a.send(http.MethodGet, path, "", "")
}

// decode parses a body keeping numbers as json.Number, so tests can tell a
// JSON number from a JSON string.
func decode(t testing.TB, b []byte) any {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("body is not JSON: %v: %q", err, b)
	}
	return v
}

func decodeObject(t testing.TB, b []byte) map[string]any {
	t.Helper()
	o, ok := decode(t, b).(map[string]any)
	if !ok {
		t.Fatalf("body is not a JSON object: %s", b)
	}
	return o
}

// expect checks a status and, if body is not "", the exact raw body.
func (r result) expect(t testing.TB, status int, body string) result {
	t.Helper()
	if r.status != status {
		t.Fatalf("status %d, want %d; body %s", r.status, status, r.body)
	}
	if body != "" && string(r.body) != body {
		t.Fatalf("body\n got %s\nwant %s", r.body, body)
	}
	return r
}

// expectMessage checks a {"message": msg} reply.
func (r result) expectMessage(t testing.TB, status int, msg string) {
	t.Helper()
	r.expect(t, status, "")
	o := decodeObject(t, r.body)
	if o["message"] != msg || len(o) != 1 {
		t.Fatalf("body %s, want {\"message\": %q}", r.body, msg)
	}
}

// expectEmpty checks a status with a zero-length body.
func (r result) expectEmpty(t testing.TB, status int) {
	t.Helper()
	r.expect(t, status, "")
	if len(r.body) != 0 {
		t.Fatalf("body %q, want an empty body", r.body)
	}
}

// requireStrings fails unless every listed field is a JSON string.
func requireStrings(t testing.TB, o map[string]any, fields ...string) {
	t.Helper()
	for _, f := range fields {
		if _, ok := o[f].(string); !ok {
			t.Errorf("%s = %#v (%T), want a JSON string", f, o[f], o[f])
		}
	}
}

// requireNumbers fails unless every listed field is a JSON number.
func requireNumbers(t testing.TB, o map[string]any, fields ...string) {
	t.Helper()
	for _, f := range fields {
		if _, ok := o[f].(json.Number); !ok {
			t.Errorf("%s = %#v (%T), want a JSON number", f, o[f], o[f])
		}
	}
}

// requireNulls fails unless every listed field is present and null.
func requireNulls(t testing.TB, o map[string]any, fields ...string) {
	t.Helper()
	for _, f := range fields {
		if v, ok := o[f]; !ok || v != nil {
			t.Errorf("%s = %#v (present %v), want null", f, v, ok)
		}
	}
}

func keys(o map[string]any) []string {
	out := make([]string, 0, len(o))
	for k := range o {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func requireKeys(t testing.TB, o map[string]any, want ...string) {
	t.Helper()
	sort.Strings(want)
	if got := keys(o); !reflect.DeepEqual(got, want) {
		t.Fatalf("keys\n got %v\nwant %v", got, want)
	}
}

// createTask creates a task and returns its id as a string.
func (a *api) createTask(body map[string]any) string {
	a.t.Helper()
	r := a.json(http.MethodPost, "/tasks", body).expect(a.t, http.StatusCreated, "")
	o := decodeObject(a.t, r.body)
	if len(o) != 1 {
		a.t.Fatalf("create reply has %d keys: %s", len(o), r.body)
	}
	for id := range o {
		return id
	}
	return ""
}

// task reads one task with GET /tasks?task_id=&status=all (flat object).
func (a *api) task(id string) map[string]any {
	a.t.Helper()
	r := a.get("/tasks?status=all&task_id="+id).expect(a.t, http.StatusOK, "")
	return decodeObject(a.t, r.body)
}

func mustTime(s string) time.Time {
	t, err := time.ParseInLocation(dateTimeLayout, s, time.UTC)
	if err != nil {
		panic(err)
	}
	return t
}
