package timecamptest

import (
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
