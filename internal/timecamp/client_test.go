package timecamp

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
)

func TestRequestHeaders(t *testing.T) {
	s := newStub(t, replyWith(http.StatusOK, `{"user_id":"1","root_group_id":"552"}`))
	c := newTestClient(t, s.base(), testToken, func(cfg *Config) { cfg.UserAgent = "terraform-provider-timecamp/1.2.3 (+test)" })
	if _, err := c.Me.Get(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Tasks.Create(ctxT(t), TaskInput{Name: Set("x")}); err == nil {
		t.Fatal("Create accepted a reply without a task") // the reply is /me's; only the request matters here
	}
	reqs := s.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	for _, r := range reqs {
		if got := r.Header.Get("Authorization"); got != "Bearer "+testToken {
			t.Errorf("%s: Authorization = %q, want Bearer <token>", r.Method, got)
		}
		if got := r.Header.Get("Accept"); got != "application/json" {
			t.Errorf("%s: Accept = %q", r.Method, got)
		}
		if got := r.Header.Get("User-Agent"); got != "terraform-provider-timecamp/1.2.3 (+test)" {
			t.Errorf("%s: User-Agent = %q", r.Method, got)
		}
	}
	if got := reqs[0].Header.Get("Content-Type"); got != "" {
		t.Errorf("GET without a body sent Content-Type %q", got)
	}
	if got := reqs[1].Header.Get("Content-Type"); got != "application/json" {
		t.Errorf("POST Content-Type = %q, want application/json", got)
	}
	if reqs[1].Body != `{"name":"x"}` {
		t.Errorf("POST body = %s", reqs[1].Body)
	}
}

func TestDefaultUserAgent(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, `{}`)
	if _, err := c.Me.Get(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if ua := s.requests()[0].Header.Get("User-Agent"); ua != "terraform-provider-timecamp" {
		t.Errorf("User-Agent = %q, want the default (not Go's)", ua)
	}
}

func TestFormatJSONOnV1GetsOnly(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, `{"message":"ok"}`)
	ctx := ctxT(t)
	_, _ = c.Me.Get(ctx)                                                // GET v1
	_, _ = c.Tasks.List(ctx, TaskListOptions{Status: TaskStatusActive}) // GET v1 with its own query
	_ = c.Tasks.Remove(ctx, 1, 2)                                       // POST v3
	_ = c.TagLists.Update(ctx, 8, Set("n"), Field[bool]{})              // PUT v1
	_, _ = c.Tasks.Create(ctx, TaskInput{Name: Set("x")})               // POST v1
	_ = c.Groups.Delete(ctx, 5)                                         // DELETE v1
	reqs := s.requests()
	if len(reqs) != 6 {
		t.Fatalf("%d requests, want 6", len(reqs))
	}
	for i, r := range reqs {
		q, err := url.ParseQuery(r.Query)
		if err != nil {
			t.Fatal(err)
		}
		wantFormat := i < 2
		if got := q.Get("format") == "json"; got != wantFormat {
			t.Errorf("%s %s?%s: format=json present = %v, want %v", r.Method, r.Path, r.Query, got, wantFormat)
		}
	}
	// No service reads a v3 endpoint yet; a raw GET shows the rule for the ones that will.
	if _, err := c.do(ctx, request{method: http.MethodGet, path: "/v3/custom-fields/template/list", query: url.Values{"a": {"1"}}, replayable: true}); err != nil {
		t.Fatal(err)
	}
	if r := s.requests()[6]; r.Path != "/api/v3/custom-fields/template/list" || r.Query != "a=1" {
		t.Errorf("v3 GET sent %s?%s, want no format=json", r.Path, r.Query)
	}
	if q, _ := url.ParseQuery(reqs[1].Query); q.Get("status") != "active" {
		t.Errorf("the call's own query was lost: %q", reqs[1].Query)
	}
	if reqs[2].Path != "/api/v3/task/remove" || reqs[2].Body != `{"taskIds":[1,2]}` {
		t.Errorf("v3 remove sent %s %s", reqs[2].Path, reqs[2].Body)
	}
}

func TestDeleteCarriesBody(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, ``)
	if err := c.Groups.Delete(ctxT(t), 390673); err != nil {
		t.Fatal(err)
	}
	r := s.requests()[0]
	if r.Method != http.MethodDelete || r.Body != `{"group_id":390673}` || r.Header.Get("Content-Type") != "application/json" {
		t.Errorf("DELETE arrived as %s %q (Content-Type %q)", r.Method, r.Body, r.Header.Get("Content-Type"))
	}
}

func TestBaseURLPathIsKept(t *testing.T) {
	s := newStub(t, replyWith(http.StatusOK, `{}`))
	for _, base := range []string{s.URL + "/third_party/api", s.URL + "/third_party/api/"} {
		c := newTestClient(t, base, testToken, nil)
		if _, err := c.Me.Get(ctxT(t)); err != nil {
			t.Fatal(err)
		}
	}
	for _, r := range s.requests() {
		if r.Path != "/third_party/api/me" {
			t.Errorf("path %q, want /third_party/api/me", r.Path)
		}
	}
}

func TestParseBaseURL(t *testing.T) {
	ok := []string{
		"https://app.timecamp.com/third_party/api",
		"https://timecamp.example.eu/third_party/api/",
		"http://127.0.0.1:8080/third_party/api",
		"http://127.0.0.2:1",
		"http://localhost:9000",
		"http://LOCALHOST:9000",
		"http://[::1]:9000/third_party/api",
	}
	for _, raw := range ok {
		u, err := ParseBaseURL(raw)
		if err != nil {
			t.Errorf("ParseBaseURL(%q): %v", raw, err)
			continue
		}
		if strings.HasSuffix(u.Path, "/") {
			t.Errorf("ParseBaseURL(%q) kept a trailing slash: %q", raw, u.Path)
		}
	}
	bad := map[string]string{
		"http://example.com/third_party/api":         "plain http",
		"http://app.timecamp.com":                    "plain http",
		"http://127.0.0.1.example.com":               "plain http",
		"http://localhost.example.com":               "plain http",
		"https://user:pass@app.timecamp.com":         "credentials",
		"https://token@app.timecamp.com":             "credentials",
		"https://app.timecamp.com/api?api_token=abc": "query",
		"ftp://app.timecamp.com":                     "not an absolute http",
		"app.timecamp.com/third_party/api":           "not an absolute http",
		"":                                           "not an absolute http",
	}
	for raw, want := range bad {
		_, err := ParseBaseURL(raw)
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("ParseBaseURL(%q) = %v, want an error about %q", raw, err, want)
		}
	}
	// The URL is quoted as it was written, not re-encoded.
	for _, raw := range []string{"not a url", "http://example.com/third party/api", "ftp://tc.example/ä"} {
		if _, err := ParseBaseURL(raw); err == nil || !strings.Contains(err.Error(), strconv.Quote(raw)) {
			t.Errorf("ParseBaseURL(%q) = %v, want an error that quotes the URL as written", raw, err)
		}
	}
	// New refuses the same, and a blank token.
	if _, err := New(Config{BaseURL: "http://example.com", Token: "t"}); err == nil {
		t.Error("New accepted a plain-http remote base URL")
	}
	if _, err := New(Config{Token: "  "}); err == nil {
		t.Error("New accepted a blank token")
	}
	c, err := New(Config{Token: "t"})
	if err != nil || c.base.String() != DefaultBaseURL {
		t.Errorf("default base URL: %v, %v", c, err)
	}
}

// A base URL refused for carrying a secret must not repeat the secret: the error becomes a diagnostic.
func TestRefusedBaseURLDoesNotRepeatSecrets(t *testing.T) {
	for _, raw := range []string{
		"https://user:hunter2@app.timecamp.com/third_party/api",
		"https://hunter2@app.timecamp.com/third_party/api",
		"https://app.timecamp.com/third_party/api?api_token=hunter2", // the legacy token-in-URL style (SPEC §1.1)
		"http://user:hunter2@app.timecamp.com/third_party/api",       // refused for plain http first
		"app.timecamp.com/third_party/api?api_token=hunter2",         // refused for the missing scheme first
	} {
		_, err := ParseBaseURL(raw)
		if err == nil {
			t.Errorf("ParseBaseURL(%q) accepted it", raw)
			continue
		}
		if strings.Contains(err.Error(), "hunter2") {
			t.Errorf("the error repeats the secret: %v", err)
		}
		if !strings.Contains(err.Error(), "app.timecamp.com") {
			t.Errorf("the error no longer says which URL: %v", err)
		}
	}
}

func TestRedirectIsA401AndNotFollowed(t *testing.T) {
	s := newStub(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		if r.URL.Path == "/login" {
			w.WriteHeader(http.StatusOK)
			_, _ = w.Write([]byte(`<html>login</html>`))
			return
		}
		http.Redirect(w, r, "/login", http.StatusFound)
	})
	c := newTestClient(t, s.base(), testToken, nil)
	_, err := c.Me.Get(ctxT(t))
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusUnauthorized {
		t.Fatalf("err = %v, want a 401 APIError", err)
	}
	if !strings.Contains(apiErr.Message, "token") {
		t.Errorf("message %q does not point at the token", apiErr.Message)
	}
	for _, r := range s.requests() {
		if r.Path == "/login" {
			t.Errorf("the redirect to the login page was followed (with the token)")
		}
	}
	if s.count() != 1 {
		t.Errorf("%d requests, want 1 (a 401 is not retried)", s.count())
	}
}
