package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// started is a running emulator command.
type started struct {
	env    map[string]string // the export lines
	listen string
	done   chan error
	stderr *lockedBuffer
}

type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// start runs the command until the test cancels ctx, and reads its banner.
func start(t *testing.T, ctx context.Context, args ...string) *started {
	t.Helper()
	pr, pw := io.Pipe()
	s := &started{env: map[string]string{}, done: make(chan error, 1), stderr: &lockedBuffer{}}
	go func() {
		err := run(ctx, args, pw, s.stderr)
		pw.CloseWithError(io.EOF)
		s.done <- err
	}()
	sc := bufio.NewScanner(pr)
	for sc.Scan() {
		line := sc.Text()
		if rest, ok := strings.CutPrefix(line, "export "); ok {
			k, v, _ := strings.Cut(rest, "=")
			s.env[k] = v
		}
		if rest, ok := strings.CutPrefix(line, "listening on "); ok {
			s.listen = rest
			break
		}
	}
	if s.listen == "" {
		t.Fatalf("no 'listening on' line; stderr: %s", s.stderr.String())
	}
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	return s
}

func request(t *testing.T, method, url, token, body string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServeAndStop(t *testing.T) {
	file := filepath.Join(t.TempDir(), "account.json")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := start(t, ctx, "-addr", "127.0.0.1:0", "-token", "tok-1", "-data", file, "-v")

	base := s.env["TIMECAMP_BASE_URL"]
	if base != "http://"+s.listen+"/third_party/api" || strings.HasSuffix(s.listen, ":0") {
		t.Fatalf("TIMECAMP_BASE_URL=%q, listening on %q", base, s.listen)
	}
	if s.env["TIMECAMP_API_TOKEN"] != "tok-1" {
		t.Fatalf("TIMECAMP_API_TOKEN=%q", s.env["TIMECAMP_API_TOKEN"])
	}
	if code, body := request(t, "GET", base+"/me", "tok-1", ""); code != 200 || !strings.Contains(body, `"email":"admin@example.com"`) {
		t.Fatalf("GET /me: %d %s", code, body)
	}
	if code, _ := request(t, "GET", base+"/me", "wrong", ""); code != 401 {
		t.Fatalf("wrong token: %d", code)
	}
	if code, body := request(t, "POST", base+"/tag_list", "tok-1", `{"name":"Kept"}`); code != 200 {
		t.Fatalf("POST /tag_list: %d %s", code, body)
	}

	cancel()
	select {
	case err := <-s.done:
		if err != nil {
			t.Fatalf("run returned %v after cancel", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("run did not stop")
	}
	if resp, err := http.Get(base + "/me"); err == nil {
		resp.Body.Close()
		t.Fatal("still serving after stop")
	}
	if data, err := os.ReadFile(file); err != nil || !strings.Contains(string(data), `"Kept"`) {
		t.Fatalf("data file: %v %s", err, data)
	}
	if log := s.stderr.String(); !strings.Contains(log, "POST /third_party/api/tag_list 200") {
		t.Fatalf("-v log:\n%s", log)
	}

	// A second run picks the account up from the data file.
	ctx2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	s2 := start(t, ctx2, "-addr", "127.0.0.1:0", "-token", "tok-1", "-data", file)
	if code, body := request(t, "GET", s2.env["TIMECAMP_BASE_URL"]+"/tag_list", "tok-1", ""); code != 200 || !strings.Contains(body, `"Kept"`) {
		t.Fatalf("after restart: %d %s", code, body)
	}
	cancel2()
	if err := <-s2.done; err != nil {
		t.Fatal(err)
	}
}

func TestTokenFromEnvironment(t *testing.T) {
	t.Setenv("TIMECAMP_EMULATOR_TOKEN", "from-env")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := start(t, ctx, "-addr", "127.0.0.1:0")
	if s.env["TIMECAMP_API_TOKEN"] != "from-env" {
		t.Fatalf("token = %q", s.env["TIMECAMP_API_TOKEN"])
	}
	if code, _ := request(t, "GET", s.env["TIMECAMP_BASE_URL"]+"/me", "from-env", ""); code != 200 {
		t.Fatalf("GET /me with the env token: %d", code)
	}
	cancel()
	if err := <-s.done; err != nil {
		t.Fatal(err)
	}
}

func TestRefusesNonLoopback(t *testing.T) {
	for _, addr := range []string{"0.0.0.0:0", ":0", "192.0.2.1:8080", "[::]:0", "example.com:80"} {
		err := run(context.Background(), []string{"-addr", addr}, io.Discard, io.Discard)
		if err == nil || !strings.Contains(err.Error(), "-allow-remote") {
			t.Errorf("-addr %s: err = %v, want a refusal naming -allow-remote", addr, err)
		}
	}
	for _, addr := range []string{"127.0.0.1:0", "localhost:0", "[::1]:0", "127.0.0.2:1"} {
		if err := checkLoopback(addr, false); err != nil {
			t.Errorf("-addr %s refused: %v", addr, err)
		}
	}
	if err := checkLoopback("0.0.0.0:0", true); err != nil {
		t.Errorf("-allow-remote did not allow: %v", err)
	}
	if err := checkLoopback("nonsense", false); err == nil {
		t.Error("an address without a port was accepted")
	}
}

func TestBadArguments(t *testing.T) {
	for _, args := range [][]string{{"-nope"}, {"extra"}, {"-latency", "soon"}} {
		if err := run(context.Background(), args, io.Discard, io.Discard); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
	// A data file that cannot be loaded stops the start.
	bad := filepath.Join(t.TempDir(), "bad.json")
	_ = os.WriteFile(bad, []byte("{"), 0o600)
	if err := run(context.Background(), []string{"-addr", "127.0.0.1:0", "-data", bad}, io.Discard, io.Discard); err == nil {
		t.Error("a corrupt data file was accepted")
	}
}

func TestBaseURL(t *testing.T) {
	for in, want := range map[string]string{
		"127.0.0.1:8080": "http://127.0.0.1:8080/third_party/api",
		"0.0.0.0:9":      "http://127.0.0.1:9/third_party/api",
		"[::1]:7":        "http://[::1]:7/third_party/api",
	} {
		if got := baseURL(in); got != want {
			t.Errorf("baseURL(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestSeedDemo(t *testing.T) {
	file := filepath.Join(t.TempDir(), "account.json")
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := start(t, ctx, "-addr", "127.0.0.1:0", "-token", "tok-1", "-data", file, "-seed-demo")
	base := s.env["TIMECAMP_BASE_URL"]
	today := time.Now()
	from := today.AddDate(0, 0, -6).Format(time.DateOnly)
	code, body := request(t, "GET", base+"/entries?from="+from+"&to="+today.Format(time.DateOnly)+"&opt_fields=tags", "tok-1", "")
	if code != 200 || !strings.Contains(body, `"description":"Stand-up"`) || !strings.Contains(body, `"tagId"`) {
		t.Fatalf("GET /entries after -seed-demo: %d %.300s", code, body)
	}
	if !strings.Contains(s.stderr.String(), "seeded a demo week") {
		t.Fatalf("stderr: %s", s.stderr.String())
	}
	cancel()
	if err := <-s.done; err != nil {
		t.Fatal(err)
	}
	// Started again on the same data file: not seeded twice.
	ctx2, cancel2 := context.WithCancel(context.Background())
	defer cancel2()
	s2 := start(t, ctx2, "-addr", "127.0.0.1:0", "-token", "tok-1", "-data", file, "-seed-demo")
	_, again := request(t, "GET", s2.env["TIMECAMP_BASE_URL"]+"/entries?from="+from+"&to="+today.Format(time.DateOnly), "tok-1", "")
	if strings.Count(again, `"id":`) != strings.Count(body, `"id":`) {
		t.Fatalf("entries after a second -seed-demo: %d, before %d", strings.Count(again, `"id":`), strings.Count(body, `"id":`))
	}
	if !strings.Contains(s2.stderr.String(), "not seeded again") {
		t.Fatalf("stderr: %s", s2.stderr.String())
	}
	cancel2()
	if err := <-s2.done; err != nil {
		t.Fatal(err)
	}
}

// By default the emulator listens on loopback only: the flag's default is a loopback address,
// and the check that guards -addr accepts it.
func TestDefaultAddressIsLoopback(t *testing.T) {
	var usage strings.Builder
	if err := run(context.Background(), []string{"-h"}, io.Discard, &usage); err == nil {
		t.Fatal("-h did not stop the run")
	}
	const def = `(default "127.0.0.1:8080")`
	if !strings.Contains(usage.String(), "-addr") || !strings.Contains(usage.String(), def) {
		t.Fatalf("usage does not show -addr with %s:\n%s", def, usage.String())
	}
	if err := checkLoopback("127.0.0.1:8080", false); err != nil {
		t.Errorf("the default address is refused: %v", err)
	}
}

// Every request without the exact token is refused with 401 and changes nothing, reads and
// writes alike; the token is never accepted from the query string.
func TestRejectsRequestsWithoutTheToken(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const token = "tok-right-4e1b"
	s := start(t, ctx, "-addr", "127.0.0.1:0", "-token", token)
	if host, _, _ := strings.Cut(s.listen, ":"); host != "127.0.0.1" {
		t.Fatalf("listening on %s, want loopback", s.listen)
	}
	base := s.env["TIMECAMP_BASE_URL"]
	headers := map[string]string{
		"no header":           "",
		"empty bearer":        "Bearer ",
		"wrong token":         "Bearer tok-wrong",
		"token with a suffix": "Bearer " + token + "x",
		"token prefix only":   "Bearer " + token[:len(token)-1],
		"other scheme":        "Basic " + token,
	}
	calls := []struct{ method, path, body string }{
		{"GET", "/me", ""}, {"GET", "/tasks", ""}, {"POST", "/tasks", `{"name":"intruder"}`},
		{"PUT", "/group", `{"name":"intruder","parent_id":1}`}, {"POST", "/tag_list", `{"name":"intruder"}`},
		{"GET", "/me?api_token=" + token, ""},
	}
	refused := 0
	for name, h := range headers {
		for _, c := range calls {
			req, _ := http.NewRequest(c.method, base+c.path, strings.NewReader(c.body))
			if h != "" {
				req.Header.Set("Authorization", h)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			_ = resp.Body.Close()
			if resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("%s: %s %s answered %d, want 401", name, c.method, c.path, resp.StatusCode)
			} else {
				refused++
			}
		}
	}
	t.Logf("%d requests without the right token, %d refused with 401", len(headers)*len(calls), refused)
	for _, path := range []string{"/tasks", "/tag_list"} {
		if code, body := request(t, "GET", base+path, token, ""); code != 200 || strings.Contains(body, "intruder") {
			t.Errorf("GET %s with the token: %d %s; want nothing made by the refused requests", path, code, body)
		}
	}
	cancel()
	if err := <-s.done; err != nil {
		t.Fatal(err)
	}
}
