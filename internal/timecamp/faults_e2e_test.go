package timecamp

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

// Every fault kind of issue 6, scripted in the emulator, against one read (GET /tasks) and one
// create (POST /tasks). A read must recover whenever retrying is safe, within MaxAttempts; a
// create must reach TimeCamp's handler at most once, and when it fails after it may have been
// carried out the error must say so (CreateOutcomeUnknown), so the provider looks before acting.

// faultCase is one fault and what the call must do with it.
type faultCase struct {
	name  string
	fault timecamptest.Fault
	// ok: the call succeeds. Otherwise err must satisfy fails.
	ok    bool
	fails func(error) bool
	// sent is how many requests of the call's method and path reach the emulator (0: not checked).
	sent int
	// created is how many tasks exist afterwards (create cases only).
	created int
	// unknown: a failed create may have been carried out (CreateOutcomeUnknown).
	unknown bool
	// minElapsed is a wait the call must have honoured (latency, Retry-After).
	minElapsed time.Duration
	// policy replaces the fast test retry policy when a case needs real waits.
	policy *RetryPolicy
	// dateIn sets the fault's Retry-After to an HTTP date this far ahead when it is injected.
	dateIn time.Duration
}

func isDecodeError(err error) bool {
	var d *DecodeError
	return errors.As(err, &d)
}

func isTransportError(err error) bool {
	var te *TransportError
	return errors.As(err, &te)
}

func status(code int) func(error) bool {
	return func(err error) bool { return StatusCode(err) == code }
}

// httpDateIn is a Retry-After in HTTP-date form, d from now (whole seconds, rounded up).
func httpDateIn(d time.Duration) string {
	return time.Now().Add(d + time.Second).UTC().Truncate(time.Second).Format(http.TimeFormat)
}

// slowPolicy honours Retry-After for real (up to 5 s) instead of the test policy's 1 ms cap.
var slowPolicy = &RetryPolicy{MaxAttempts: 5, BaseDelay: time.Millisecond, MaxDelay: 5 * time.Second, MaxTotal: 20 * time.Second}

func readFaults() []faultCase {
	get := func(f timecamptest.Fault) timecamptest.Fault {
		f.Method, f.Path = http.MethodGet, "/tasks"
		return f
	}
	return []faultCase{
		{name: "429 with Retry-After seconds", fault: get(timecamptest.Fault{Status: 429, RetryAfter: "1", Times: 2}),
			ok: true, sent: 3, minElapsed: 2 * time.Second, policy: slowPolicy},
		{name: "429 with Retry-After HTTP date", fault: get(timecamptest.Fault{Status: 429}), dateIn: time.Second,
			ok: true, sent: 2, minElapsed: time.Second, policy: slowPolicy},
		{name: "429 without Retry-After", fault: get(timecamptest.Fault{Status: 429, Times: 3}), ok: true, sent: 4},
		{name: "500", fault: get(timecamptest.Fault{Status: 500, Times: 2}), ok: true, sent: 3},
		{name: "502", fault: get(timecamptest.Fault{Status: 502, Times: 2}), ok: true, sent: 3},
		{name: "503 with Retry-After", fault: get(timecamptest.Fault{Status: 503, RetryAfter: "0", Times: 2}), ok: true, sent: 3},
		{name: "503 for good: bounded by MaxAttempts", fault: get(timecamptest.Fault{Status: 503, Times: 100}),
			fails: status(503), sent: 5},
		{name: "latency", fault: get(timecamptest.Fault{Latency: 300 * time.Millisecond}), ok: true, sent: 1, minElapsed: 300 * time.Millisecond},
		{name: "connection closed before handling", fault: get(timecamptest.Fault{CloseConnection: true, Times: 2}), ok: true, sent: 3},
		{name: "reply lost", fault: get(timecamptest.Fault{LoseReply: true}), ok: true, sent: 2},
		{name: "empty 200", fault: get(timecamptest.Fault{Status: 200}), ok: true, sent: 2},
		{name: "HTML page with 200", fault: get(timecamptest.Fault{Status: 200, Body: timecamptest.HTMLPage, ContentType: "text/html"}),
			ok: true, sent: 2},
		{name: "HTML page with 200, for good", fault: get(timecamptest.Fault{Status: 200, Body: timecamptest.HTMLPage, Times: 100}),
			fails: isDecodeError, sent: 5},
		// A body that is JSON but broken is not retried (it is decoded after the call): a clear
		// decode error, never an empty list.
		{name: "malformed JSON", fault: get(timecamptest.Fault{Status: 200, Body: `{"1": {"task_id": "1", "name": "x"`}),
			fails: isDecodeError, sent: 1},
		{name: "unknown extra fields", fault: get(timecamptest.Fault{Transform: timecamptest.AddKeys(map[string]any{"new_thing": []any{1, "x"}, "name_v2": "y"})}),
			ok: true, sent: 1},
		{name: "missing id", fault: get(timecamptest.Fault{Transform: timecamptest.DropKeys("task_id")}), fails: isDecodeError, sent: 1},
		{name: "missing other fields", fault: get(timecamptest.Fault{Transform: timecamptest.DropKeys("name", "parent_id", "archived")}),
			ok: true, sent: 1},
	}
}

func createFaults() []faultCase {
	post := func(f timecamptest.Fault) timecamptest.Fault {
		f.Method, f.Path = http.MethodPost, "/tasks"
		return f
	}
	return []faultCase{
		// TimeCamp did not act on a 429: sending the create again is safe.
		{name: "429 with Retry-After seconds", fault: post(timecamptest.Fault{Status: 429, RetryAfter: "1"}),
			ok: true, sent: 2, created: 1, minElapsed: time.Second, policy: slowPolicy},
		{name: "429 with Retry-After HTTP date", fault: post(timecamptest.Fault{Status: 429}), dateIn: time.Second,
			ok: true, sent: 2, created: 1, minElapsed: time.Second, policy: slowPolicy},
		{name: "429 without Retry-After", fault: post(timecamptest.Fault{Status: 429, Times: 2}), ok: true, sent: 3, created: 1},
		// A 5xx may come after the change: never sent again.
		{name: "500", fault: post(timecamptest.Fault{Status: 500, Times: 5}), fails: status(500), sent: 1, unknown: true},
		{name: "502", fault: post(timecamptest.Fault{Status: 502, Times: 5}), fails: status(502), sent: 1, unknown: true},
		{name: "503", fault: post(timecamptest.Fault{Status: 503, RetryAfter: "0", Times: 5}), fails: status(503), sent: 1, unknown: true},
		{name: "latency", fault: post(timecamptest.Fault{Latency: 300 * time.Millisecond}), ok: true, sent: 1, created: 1, minElapsed: 300 * time.Millisecond},
		{name: "connection closed before handling", fault: post(timecamptest.Fault{CloseConnection: true, Times: 5}),
			fails: isTransportError, sent: 1, created: 0, unknown: true},
		{name: "reply lost after the change", fault: post(timecamptest.Fault{LoseReply: true, Times: 5}),
			fails: isTransportError, sent: 1, created: 1, unknown: true},
		{name: "empty 200 after the change", fault: post(timecamptest.Fault{Transform: timecamptest.ReplaceBody(200, ""), Times: 5}),
			fails: isDecodeError, sent: 1, created: 1, unknown: true},
		{name: "HTML page with 200 after the change", fault: post(timecamptest.Fault{Transform: timecamptest.ReplaceBody(200, timecamptest.HTMLPage), Times: 5}),
			fails: isDecodeError, sent: 1, created: 1, unknown: true},
		{name: "malformed JSON after the change", fault: post(timecamptest.Fault{Transform: timecamptest.ReplaceBody(0, `{"91": {"task_id": 91,`), Times: 5}),
			fails: isDecodeError, sent: 1, created: 1, unknown: true},
		{name: "unknown extra fields", fault: post(timecamptest.Fault{Transform: timecamptest.AddKeys(map[string]any{"color2": "#fff", "meta": map[string]any{"a": 1}})}),
			ok: true, sent: 1, created: 1},
		{name: "missing id after the change", fault: post(timecamptest.Fault{Transform: timecamptest.DropKeys("task_id"), Times: 5}),
			fails: isDecodeError, sent: 1, created: 1, unknown: true},
		{name: "missing other fields", fault: post(timecamptest.Fault{Transform: timecamptest.DropKeys("name", "level", "parent_id")}),
			ok: true, sent: 1, created: 1},
	}
}

// runFaultCase starts an emulator with one task (read cases list it), scripts the fault, runs
// call and checks the outcome.
func runFaultCase(t *testing.T, tc faultCase, method string, call func(context.Context, *Client) error) {
	t.Helper()
	srv := timecamptest.NewServer(t, timecamptest.Options{})
	c := newTestClient(t, srv.URL, srv.Token, func(cfg *Config) {
		if tc.policy != nil {
			cfg.Retry = *tc.policy
		}
	})
	ctx := ctxT(t)
	seed, err := c.Tasks.Create(ctx, TaskInput{Name: Set("seed")})
	if err != nil {
		t.Fatal(err)
	}
	srv.ResetRequests()
	if tc.dateIn > 0 {
		tc.fault.RetryAfter = httpDateIn(tc.dateIn)
	}
	srv.InjectFault(tc.fault)

	start := time.Now()
	err = call(ctx, c)
	elapsed := time.Since(start)

	switch {
	case tc.ok && err != nil:
		t.Fatalf("err = %v, want success", err)
	case !tc.ok && (err == nil || !tc.fails(err)):
		t.Fatalf("err = %#v, want the failure this fault causes", err)
	}
	if err != nil {
		if got := CreateOutcomeUnknown(err); method == http.MethodPost && got != tc.unknown {
			t.Errorf("CreateOutcomeUnknown(%v) = %v, want %v", err, got, tc.unknown)
		}
		if strings.Contains(err.Error(), srv.Token) {
			t.Errorf("the error carries the token: %v", err)
		}
	}
	if n := srv.RequestCount(method, "/tasks"); tc.sent != 0 && n != tc.sent {
		t.Errorf("%s /tasks reached the emulator %d times, want %d", method, n, tc.sent)
	}
	if elapsed < tc.minElapsed {
		t.Errorf("took %v, want at least %v (the fault's wait was not honoured)", elapsed, tc.minElapsed)
	}
	if elapsed > tc.minElapsed+10*time.Second {
		t.Errorf("took %v: not bounded", elapsed)
	}
	if method != http.MethodPost {
		return
	}
	srv.ClearFaults()
	tasks, err := c.Tasks.List(ctx, TaskListOptions{})
	if err != nil {
		t.Fatal(err)
	}
	made := 0
	for _, task := range tasks {
		if task.TaskID != seed.TaskID {
			made++
		}
	}
	if made != tc.created {
		t.Errorf("%d tasks created, want %d (a create must never be carried out twice)", made, tc.created)
	}
}

func TestFaultsOnRead(t *testing.T) {
	for _, tc := range readFaults() {
		t.Run(tc.name, func(t *testing.T) {
			runFaultCase(t, tc, http.MethodGet, func(ctx context.Context, c *Client) error {
				tasks, err := c.Tasks.List(ctx, TaskListOptions{})
				if err == nil && (len(tasks) != 1 || tasks[0].TaskID == 0) {
					t.Errorf("tasks = %+v, want the one task, with its id", tasks)
				}
				return err
			})
		})
	}
}

func TestFaultsOnCreate(t *testing.T) {
	for _, tc := range createFaults() {
		t.Run(tc.name, func(t *testing.T) {
			runFaultCase(t, tc, http.MethodPost, func(ctx context.Context, c *Client) error {
				task, err := c.Tasks.Create(ctx, TaskInput{Name: Set("new")})
				if err == nil && task.TaskID == 0 {
					t.Errorf("created %+v without an id", task)
				}
				return err
			})
		})
	}
}

// A call waiting out a Retry-After returns as soon as its context is cancelled, in both forms.
func TestFaultRetryAfterWaitIsCancelled(t *testing.T) {
	for name, retryAfter := range map[string]string{"seconds": "3600", "HTTP date": httpDateIn(time.Hour)} {
		t.Run(name, func(t *testing.T) {
			srv := timecamptest.NewServer(t, timecamptest.Options{})
			c := newTestClient(t, srv.URL, srv.Token, func(cfg *Config) {
				cfg.Retry = RetryPolicy{MaxAttempts: 5, MaxDelay: 2 * time.Hour, MaxTotal: 10 * time.Hour}
			})
			srv.InjectFault(timecamptest.Fault{Method: http.MethodGet, Path: "/group", Status: 429, RetryAfter: retryAfter})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			done := make(chan error, 1)
			go func() {
				_, err := c.Groups.List(ctx)
				done <- err
			}()
			for srv.RequestCount(http.MethodGet, "/group") == 0 {
				time.Sleep(5 * time.Millisecond)
			}
			time.Sleep(50 * time.Millisecond) // into the wait
			cancelled := time.Now()
			cancel()
			select {
			case err := <-done:
				if !errors.Is(err, context.Canceled) || StatusCode(err) != 429 {
					t.Errorf("err = %v, want the 429 and context.Canceled", err)
				}
				if d := time.Since(cancelled); d > time.Second {
					t.Errorf("returned %v after the cancel", d)
				}
			case <-time.After(10 * time.Second):
				t.Fatal("still waiting for Retry-After 10s after the cancel")
			}
			if n := srv.RequestCount(http.MethodGet, "/group"); n != 1 {
				t.Errorf("%d attempts, want 1", n)
			}
		})
	}
}

// The transient 403 of PUT /group (SPEC §1.8) is waited out, paced linearly; the group is made once.
func TestFaultGroupLockedIsWaitedOut(t *testing.T) {
	srv := timecamptest.NewServer(t, timecamptest.Options{})
	c := newTestClient(t, srv.URL, srv.Token, func(cfg *Config) {
		cfg.Retry = RetryPolicy{MaxAttempts: 6, MaxDelay: time.Second, MaxTotal: 10 * time.Second, LockedDelay: 100 * time.Millisecond}
	})
	srv.InjectFault(timecamptest.GroupLocked(450 * time.Millisecond))
	start := time.Now()
	g, err := c.Groups.Create(ctxT(t), "Sales", srv.RootGroupID())
	if err != nil {
		t.Fatalf("Create: %v", err)
	}
	// Waits of 100, 200, 300 ms (+ up to 25%): the lock ends during the third.
	if d := time.Since(start); d < 450*time.Millisecond || d > 3*time.Second {
		t.Errorf("took %v, want the lock (450ms) waited out with linear pacing", d)
	}
	if n := srv.RequestCount(http.MethodPut, "/group"); n != 4 {
		t.Errorf("PUT /group sent %d times, want 4 (3 locked + 1)", n)
	}
	groups, err := c.Groups.List(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	named := 0
	for _, gr := range groups {
		if gr.Name == "Sales" {
			named++
			if gr.GroupID != g.GroupID {
				t.Errorf("group %d, create answered %d", gr.GroupID, g.GroupID)
			}
		}
	}
	if named != 1 {
		t.Errorf("%d groups named Sales, want 1", named)
	}
}

func TestFaultGroupLockedForGood(t *testing.T) {
	srv := timecamptest.NewServer(t, timecamptest.Options{})
	c := newTestClient(t, srv.URL, srv.Token, func(cfg *Config) {
		cfg.Retry = RetryPolicy{MaxAttempts: 3, MaxDelay: time.Second, MaxTotal: 10 * time.Second, LockedDelay: 10 * time.Millisecond}
	})
	srv.InjectFault(timecamptest.GroupLocked(time.Minute))
	_, err := c.Groups.Create(ctxT(t), "Sales", srv.RootGroupID())
	if !IsGroupLocked(err) {
		t.Fatalf("err = %v, want IsGroupLocked", err)
	}
	if n := srv.RequestCount(http.MethodPut, "/group"); n != 3 {
		t.Errorf("PUT /group sent %d times, want MaxAttempts = 3", n)
	}
	groups, err := c.Groups.List(ctxT(t))
	if err != nil || len(groups) != 1 {
		t.Errorf("groups = %+v, %v; want only the root group", groups, err)
	}
}
