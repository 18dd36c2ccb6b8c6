package timecamptest

import (
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestFault429WithRetryAfterThenSuccess(t *testing.T) {
	a := newAPI(t, Options{})
	a.srv.InjectFault(Fault{Method: http.MethodPost, Path: "/tasks", Times: 2, Status: http.StatusTooManyRequests, RetryAfter: "3"})

	for i := 0; i < 2; i++ {
		r := a.json(http.MethodPost, "/tasks", map[string]any{"name": "T"})
		r.expectMessage(t, http.StatusTooManyRequests, "You cannot process multiple request at once. Try again later.")
		if got := r.header.Get("Retry-After"); got != "3" {
			t.Fatalf("Retry-After = %q, want 3", got)
		}
	}
	// Faulted requests changed nothing.
	a.get("/tasks?status=all").expect(t, http.StatusOK, "[]")
	// Other paths and methods were never affected, and the third POST succeeds.
	a.createTask(map[string]any{"name": "T"})
	if n := len(decodeObject(t, a.get("/tasks").body)); n != 1 {
		t.Fatalf("%d tasks, want 1", n)
	}
	statuses := []int{}
	for _, r := range a.srv.Requests() {
		if r.Method == http.MethodPost && r.Path == "/tasks" {
			statuses = append(statuses, r.Status)
		}
	}
	if len(statuses) != 3 || statuses[0] != 429 || statuses[1] != 429 || statuses[2] != 201 {
		t.Fatalf("POST /tasks statuses = %v, want [429 429 201]", statuses)
	}
}

func TestFaultRawBodyAndHTTPDate(t *testing.T) {
	a := newAPI(t, Options{})
	date := time.Now().Add(time.Minute).UTC().Format(http.TimeFormat)
	a.srv.InjectFault(Fault{Status: http.StatusServiceUnavailable, Body: "<html>bad gateway</html>", RetryAfter: date})
	r := a.get("/me").expect(t, http.StatusServiceUnavailable, "<html>bad gateway</html>")
	if r.header.Get("Retry-After") != date {
		t.Fatalf("Retry-After = %q", r.header.Get("Retry-After"))
	}
	// A malformed 200 body.
	a.srv.InjectFault(Fault{Path: "/me", Status: http.StatusOK, Body: `{"user_id": "12`})
	a.get("/me").expect(t, http.StatusOK, `{"user_id": "12`)
	// Default body for other statuses.
	a.srv.InjectFault(Fault{Path: "/me", Status: http.StatusBadGateway})
	a.get("/me").expectMessage(t, http.StatusBadGateway, "Bad Gateway")
	a.get("/me").expect(t, http.StatusOK, "")
}

func TestFaultMatchingAndClear(t *testing.T) {
	a := newAPI(t, Options{})
	a.srv.InjectFault(Fault{Method: "put", Path: "/group", Status: http.StatusForbidden, Body: `{"message":"You can not change this group"}`})
	// Does not match a GET of the same path, nor a PUT elsewhere.
	a.get("/group").expect(t, http.StatusOK, "")
	a.json(http.MethodPut, "/tasks", map[string]any{"task_id": 1}).expectEmpty(t, http.StatusNotFound)
	// Matches (method case-insensitively) once: the transient 403 on group create.
	a.json(http.MethodPut, "/group", map[string]any{"name": "G"}).expectMessage(t, http.StatusForbidden, "You can not change this group")
	a.json(http.MethodPut, "/group", map[string]any{"name": "G"}).expect(t, http.StatusOK, "")

	a.srv.InjectFault(Fault{Status: http.StatusInternalServerError, Times: 5})
	a.srv.ClearFaults()
	a.get("/me").expect(t, http.StatusOK, "")
}

func TestFaultLoseReplyAppliesChange(t *testing.T) {
	a := newAPI(t, Options{})
	a.srv.InjectFault(Fault{Method: http.MethodPost, Path: "/tasks", LoseReply: true})

	req, _ := http.NewRequest(http.MethodPost, a.srv.URL+"/tasks", strings.NewReader(`{"name":"Lost"}`))
	req.Header.Set("Authorization", "Bearer "+a.srv.Token)
	req.Header.Set("Content-Type", "application/json")
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 5 * time.Second}
	resp, err := client.Do(req)
	if err == nil {
		resp.Body.Close()
		t.Fatalf("got a response (%d), want a connection error", resp.StatusCode)
	}
	// The task was created anyway: a blind retry would duplicate it.
	list := decodeObject(t, a.get("/tasks").expect(t, http.StatusOK, "").body)
	if len(list) != 1 {
		t.Fatalf("%d tasks after a lost create, want 1", len(list))
	}
	for _, v := range list {
		if v.(map[string]any)["name"] != "Lost" {
			t.Fatalf("task = %v", v)
		}
	}
	if n := a.srv.RequestCount(http.MethodPost, "/tasks"); n != 1 {
		t.Fatalf("POST /tasks counted %d times, want 1", n)
	}
}

func TestFaultLatency(t *testing.T) {
	a := newAPI(t, Options{})
	a.srv.InjectFault(Fault{Path: "/me", Latency: 150 * time.Millisecond})
	start := time.Now()
	a.get("/me").expect(t, http.StatusOK, "")
	if d := time.Since(start); d < 150*time.Millisecond {
		t.Fatalf("request took %v, want at least the injected 150ms", d)
	}
	start = time.Now()
	a.get("/me").expect(t, http.StatusOK, "")
	if d := time.Since(start); d > 140*time.Millisecond {
		t.Fatalf("second request took %v: the latency fault should be used up", d)
	}
}

func TestOptionsLatency(t *testing.T) {
	a := newAPI(t, Options{Latency: 60 * time.Millisecond})
	start := time.Now()
	a.get("/me").expect(t, http.StatusOK, "")
	a.get("/group").expect(t, http.StatusOK, "")
	if d := time.Since(start); d < 120*time.Millisecond {
		t.Fatalf("two requests took %v, want at least 2 x 60ms", d)
	}
}

func TestLatencyAbandonedByClient(t *testing.T) {
	a := newAPI(t, Options{})
	a.srv.InjectFault(Fault{Path: "/tag_list", Latency: 5 * time.Second})
	client := &http.Client{Timeout: 100 * time.Millisecond}
	req, _ := http.NewRequest(http.MethodPost, a.srv.URL+"/tag_list", strings.NewReader(`{"name":"x"}`))
	req.Header.Set("Authorization", "Bearer "+a.srv.Token)
	if resp, err := client.Do(req); err == nil {
		resp.Body.Close()
		t.Fatal("want a client timeout")
	}
	// The server gave up too: nothing was created.
	deadline := time.Now().Add(2 * time.Second)
	for a.srv.RequestCount(http.MethodPost, "/tag_list") == 0 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	a.get("/tag_list?archived=all").expect(t, http.StatusOK, "[]")
	if rs := a.srv.Requests(); rs[0].Status != 0 {
		t.Fatalf("abandoned request logged with status %d, want 0", rs[0].Status)
	}
}

// rawDo sends req with the token and no keep-alive, returning the response or the transport error.
func (a *api) rawDo(method, path, body string) (*http.Response, []byte, error) {
	a.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, a.srv.URL+path, rd)
	req.Header.Set("Authorization", "Bearer "+a.srv.Token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	client := &http.Client{Transport: &http.Transport{DisableKeepAlives: true}, Timeout: 5 * time.Second}
	resp, err := client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	return resp, data, err
}

func (a *api) taskCount() int {
	a.t.Helper()
	return len(decodeObject(a.t, a.get("/tasks?status=all").expect(a.t, http.StatusOK, "").body))
}

func TestFaultSkipLetsTheFirstRequestsThrough(t *testing.T) {
	a := newAPI(t, Options{})
	// "The third create fails with a 500."
	a.srv.InjectFault(Fault{Method: http.MethodPost, Path: "/tasks", Skip: 2, Status: http.StatusInternalServerError})
	a.createTask(map[string]any{"name": "1"})
	a.get("/tasks").expect(t, http.StatusOK, "") // other requests do not count towards Skip
	a.createTask(map[string]any{"name": "2"})
	a.json(http.MethodPost, "/tasks", map[string]any{"name": "3"}).expectMessage(t, http.StatusInternalServerError, "Internal Server Error")
	a.createTask(map[string]any{"name": "4"})
	if n := a.taskCount(); n != 3 {
		t.Fatalf("%d tasks, want 3 (the refused create made nothing)", n)
	}
	if n := a.srv.PendingFaults(); n != 0 {
		t.Fatalf("%d faults pending, want 0", n)
	}
}

func TestFaultGroupLockedForAWhile(t *testing.T) {
	a := newAPI(t, Options{})
	root := a.srv.RootGroupID()
	a.srv.InjectFault(GroupLocked(300 * time.Millisecond))
	start := time.Now()
	refused := 0
	for time.Since(start) < 250*time.Millisecond {
		a.json(http.MethodPut, "/group", map[string]any{"name": "G", "parent_id": root}).
			expectMessage(t, http.StatusForbidden, GroupLockedMessage)
		refused++
		time.Sleep(20 * time.Millisecond)
	}
	if refused < 3 {
		t.Fatalf("only %d refusals in the locked window", refused)
	}
	// Reads and other methods were never affected, and nothing was created.
	if n := len(a.groups()); n != 1 {
		t.Fatalf("%d groups during the lock, want only the root", n)
	}
	time.Sleep(time.Until(start.Add(320 * time.Millisecond)))
	if n := a.srv.PendingFaults(); n != 0 {
		t.Fatalf("%d faults pending after the lock expired", n)
	}
	a.createGroup("G", root)
	if n := len(a.groups()); n != 2 {
		t.Fatalf("%d groups after the lock, want 2", n)
	}
}

func TestFaultForWithTimes(t *testing.T) {
	a := newAPI(t, Options{})
	a.srv.InjectFault(Fault{Path: "/me", For: time.Minute, Times: 2, Status: http.StatusServiceUnavailable})
	a.get("/me").expectMessage(t, http.StatusServiceUnavailable, "Service Unavailable")
	a.get("/me").expectMessage(t, http.StatusServiceUnavailable, "Service Unavailable")
	a.get("/me").expect(t, http.StatusOK, "") // Times ended it before For did
}

func TestFaultCloseConnectionChangesNothing(t *testing.T) {
	a := newAPI(t, Options{})
	a.srv.InjectFault(Fault{Method: http.MethodPost, Path: "/tag_list", CloseConnection: true})
	if resp, _, err := a.rawDo(http.MethodPost, "/tag_list", `{"name":"never"}`); err == nil {
		t.Fatalf("got a response (%d), want a closed connection", resp.StatusCode)
	}
	a.get("/tag_list?archived=all").expect(t, http.StatusOK, "[]")
	rs := a.srv.Requests()
	if rs[0].Method != http.MethodPost || rs[0].Status != 0 {
		t.Fatalf("closed request logged as %+v, want status 0", rs[0])
	}
	// The next one is handled.
	if resp, _, err := a.rawDo(http.MethodPost, "/tag_list", `{"name":"now"}`); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("second create: %v %v", resp, err)
	}
}

func TestFaultTransformAfterTheChange(t *testing.T) {
	a := newAPI(t, Options{})
	for i, tc := range []struct {
		name      string
		transform func(int, []byte) (int, []byte)
		status    int
		body      string
	}{
		{"empty 200", ReplaceBody(http.StatusOK, ""), http.StatusOK, ""},
		{"HTML page with 200", ReplaceBody(http.StatusOK, HTMLPage), http.StatusOK, HTMLPage},
		{"malformed JSON, handler's status kept", ReplaceBody(0, `{"1234": {"task_id": "12`), http.StatusCreated, `{"1234": {"task_id": "12`},
	} {
		a.srv.InjectFault(Fault{Method: http.MethodPost, Path: "/tasks", Transform: tc.transform})
		resp, body, err := a.rawDo(http.MethodPost, "/tasks", `{"name":"T"}`)
		if err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if resp.StatusCode != tc.status || string(body) != tc.body {
			t.Fatalf("%s: %d %q, want %d %q", tc.name, resp.StatusCode, body, tc.status, tc.body)
		}
		// The create happened although its reply says nothing readable about it.
		if n := a.taskCount(); n != i+1 {
			t.Fatalf("%s: %d tasks, want %d", tc.name, n, i+1)
		}
	}
}

func TestFaultDropAndAddKeys(t *testing.T) {
	a := newAPI(t, Options{})
	id := a.createTask(map[string]any{"name": "T", "note": "n"})

	a.srv.InjectFault(Fault{Method: http.MethodGet, Path: "/tasks", Transform: DropKeys("name", "parent_id")})
	list := decodeObject(t, a.get("/tasks").expect(t, http.StatusOK, "").body)
	task := list[id].(map[string]any)
	if _, ok := task["name"]; ok {
		t.Fatalf("name not dropped: %v", task)
	}
	if _, ok := task["parent_id"]; ok {
		t.Fatalf("parent_id not dropped: %v", task)
	}
	if task["note"] != "n" {
		t.Fatalf("other fields changed: %v", task)
	}
	requireNumbers(t, task, "task_id", "level") // numbers stay numbers through the rewrite

	a.srv.InjectFault(Fault{Method: http.MethodGet, Path: "/tasks", Transform: AddKeys(map[string]any{"colour_v2": "#fff", "x_flags": []any{1}})})
	list = decodeObject(t, a.get("/tasks").expect(t, http.StatusOK, "").body)
	if len(list) != 1 {
		t.Fatalf("a field was added to the map keyed by id: %v", keys(list))
	}
	task = list[id].(map[string]any)
	if task["colour_v2"] != "#fff" || task["name"] != "T" {
		t.Fatalf("extra fields not added to the task: %v", task)
	}
	users, _ := task["users"].(map[string]any)
	for _, u := range users { // nested records get them too
		if u.(map[string]any)["colour_v2"] != "#fff" {
			t.Fatalf("nested record without the extra field: %v", u)
		}
	}
	// Non-JSON bodies pass through untouched.
	if st, b := DropKeys("x")(200, []byte("<html>")); st != 200 || string(b) != "<html>" {
		t.Fatalf("non-JSON body rewritten: %d %q", st, b)
	}
}

func TestFaultHTMLErrorPageWithStatus200(t *testing.T) {
	a := newAPI(t, Options{})
	a.srv.InjectFault(Fault{Method: http.MethodGet, Path: "/group", Status: http.StatusOK, Body: HTMLPage, ContentType: "text/html; charset=utf-8"})
	resp, body, err := a.rawDo(http.MethodGet, "/group", "")
	if err != nil || resp.StatusCode != http.StatusOK || string(body) != HTMLPage {
		t.Fatalf("got %v %q %v", resp, body, err)
	}
	if ct := resp.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Fatalf("Content-Type %q", ct)
	}
	// A bare 200 fault has no body at all.
	a.srv.InjectFault(Fault{Method: http.MethodGet, Path: "/me", Status: http.StatusOK})
	a.get("/me").expectEmpty(t, http.StatusOK)
}

func TestFaultsAreOnlyServedToTheRightToken(t *testing.T) {
	a := newAPI(t, Options{})
	a.srv.InjectFault(Fault{Path: "/me", Status: http.StatusOK, Body: `{"user_id":"1"}`})
	req, _ := http.NewRequest(http.MethodGet, a.srv.URL+"/me", nil)
	req.Header.Set("Authorization", "Bearer wrong")
	a.exec(req).expectMessage(t, http.StatusUnauthorized, "authentication required - api token not found")
	if n := a.srv.PendingFaults(); n != 1 {
		t.Fatalf("the unauthenticated request used up the fault (%d pending)", n)
	}
	a.get("/me").expect(t, http.StatusOK, `{"user_id":"1"}`)
}
