package timecamp

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflogtest"
)

// sequence answers the n-th request with steps[n-1] (the last step repeats).
type step struct {
	status     int
	body       string
	retryAfter string
}

func sequence(steps ...step) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, _ *http.Request, n int) {
		st := steps[min(n, len(steps))-1]
		if st.retryAfter != "" {
			w.Header().Set("Retry-After", st.retryAfter)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(st.status)
		_, _ = io.WriteString(w, st.body)
	}
}

const busy = `{"message":"You cannot process multiple request at once. Try again later."}`

func TestRetry429WithRetryAfterThenSuccess(t *testing.T) {
	s := newStub(t, sequence(step{429, busy, "1"}, step{200, `{"user_id":"7","root_group_id":"552"}`, ""}))
	// MaxDelay caps the one-second Retry-After so the test stays fast.
	c := newTestClient(t, s.base(), testToken, nil)
	me, err := c.Me.Get(ctxT(t))
	if err != nil {
		t.Fatalf("Get: %v", err)
	}
	if me.UserID != 7 || me.RootGroupID != 552 {
		t.Errorf("me = %+v", me)
	}
	if s.count() != 2 {
		t.Errorf("%d attempts, want 2", s.count())
	}
}

func TestRetry429OnCreateIsSafe(t *testing.T) {
	// A 429 means TimeCamp did not act on the request: even a create may be sent again.
	s := newStub(t, sequence(step{429, busy, "0"}, step{201, taskCreateReply, ""}))
	c := newTestClient(t, s.base(), testToken, nil)
	task, err := c.Tasks.Create(ctxT(t), TaskInput{Name: Set("API TEST")})
	if err != nil || task.TaskID != 81272870 {
		t.Fatalf("Create = %+v, %v", task, err)
	}
	if s.count() != 2 {
		t.Errorf("%d attempts, want 2", s.count())
	}
}

func TestRetry429ForeverGivesUp(t *testing.T) {
	s := newStub(t, sequence(step{429, busy, "0"}))
	c := newTestClient(t, s.base(), testToken, func(cfg *Config) { cfg.Retry.MaxAttempts = 3 })
	_, err := c.Me.Get(ctxT(t))
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("err = %v, want the 429 APIError", err)
	}
	if !strings.Contains(apiErr.Message, "multiple request") {
		t.Errorf("message %q lost the API's words", apiErr.Message)
	}
	if s.count() != 3 {
		t.Errorf("%d attempts, want MaxAttempts = 3", s.count())
	}
}

func TestRetryDisabled(t *testing.T) {
	s := newStub(t, sequence(step{429, busy, "0"}, step{200, `{}`, ""}))
	c := newTestClient(t, s.base(), testToken, func(cfg *Config) { cfg.Retry.Disabled = true })
	if _, err := c.Me.Get(ctxT(t)); StatusCode(err) != http.StatusTooManyRequests {
		t.Errorf("err = %v, want the 429", err)
	}
	if s.count() != 1 {
		t.Errorf("%d attempts, want 1", s.count())
	}
}

func TestCreateIsNeverReplayedAfter5xx(t *testing.T) {
	for _, status := range []int{500, 502, 503, 504} {
		s := newStub(t, sequence(step{status, `{"message":"oops"}`, "0"}, step{201, taskCreateReply, ""}))
		c := newTestClient(t, s.base(), testToken, nil)
		_, err := c.Tasks.Create(ctxT(t), TaskInput{Name: Set("x")})
		if StatusCode(err) != status {
			t.Errorf("%d: err = %v, want the %d", status, err, status)
		}
		if s.count() != 1 {
			t.Errorf("%d: POST /tasks sent %d times, want exactly once (a retry could duplicate the task)", status, s.count())
		}
	}
	// TimeCamp's PUT /group also creates: the same rule holds although the method is PUT.
	s := newStub(t, sequence(step{500, `{"message":"oops"}`, ""}, step{200, `{"group_id":"5"}`, ""}))
	c := newTestClient(t, s.base(), testToken, nil)
	if _, err := c.Groups.Create(ctxT(t), "g", 1); StatusCode(err) != 500 {
		t.Errorf("group create: err = %v", err)
	}
	if s.count() != 1 {
		t.Errorf("PUT /group (create) sent %d times, want once", s.count())
	}
	// The other creates too.
	for name, create := range map[string]func(*Client) error{
		"tag list": func(c *Client) error { _, err := c.TagLists.Create(ctxT(t), "l"); return err },
		"tag":      func(c *Client) error { _, err := c.Tags.Create(ctxT(t), 8, "t"); return err },
	} {
		s := newStub(t, sequence(step{502, ``, ""}, step{200, `15`, ""}))
		if err := create(newTestClient(t, s.base(), testToken, nil)); StatusCode(err) != 502 || s.count() != 1 {
			t.Errorf("%s create: err = %v after %d attempts, want the 502 after exactly 1", name, err, s.count())
		}
	}
}

// hijackAfterRead reads the request and drops the connection without a reply: the server may have
// acted, the client cannot know.
func hijackAfterRead(w http.ResponseWriter, _ *http.Request, _ int) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	_ = conn.Close()
}

func TestCreateWithLostReplyIsSentOnce(t *testing.T) {
	var mu sync.Mutex
	posts := 0
	s := newStub(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.Method == http.MethodPost {
			mu.Lock()
			posts++
			mu.Unlock()
			hijackAfterRead(w, r, n)
			return
		}
		replyWith(200, `{"user_id":"1"}`)(w, r, n)
	})
	c := newTestClient(t, s.base(), testToken, nil)
	// A first call leaves a kept-alive connection, so the create goes out on a reused one: the case
	// in which net/http itself would retry a request it considers replayable.
	if _, err := c.Me.Get(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	_, err := c.Tasks.Create(ctxT(t), TaskInput{Name: Set("x")})
	var te *TransportError
	if !errors.As(err, &te) {
		t.Fatalf("err = %#v, want a *TransportError", err)
	}
	if te.Method != http.MethodPost || te.Path != "/tasks" {
		t.Errorf("TransportError names %s %s", te.Method, te.Path)
	}
	mu.Lock()
	defer mu.Unlock()
	if posts != 1 {
		t.Errorf("POST /tasks reached the server %d times, want exactly once", posts)
	}
}

func TestGetWithLostReplyIsRetried(t *testing.T) {
	s := newStub(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			hijackAfterRead(w, r, n)
			return
		}
		replyWith(200, `{"user_id":"3"}`)(w, r, n)
	})
	c := newTestClient(t, s.base(), testToken, nil)
	me, err := c.Me.Get(ctxT(t))
	if err != nil || me.UserID != 3 {
		t.Fatalf("Get = %+v, %v", me, err)
	}
	if s.count() != 2 {
		t.Errorf("%d attempts, want 2", s.count())
	}
}

func TestGet502ThenSuccessIsRetried(t *testing.T) {
	s := newStub(t, sequence(
		step{502, `{"retryable":true,"retry_after":60,"error_name":"origin_bad_gateway"}`, ""},
		step{200, groupListBody, ""}))
	c := newTestClient(t, s.base(), testToken, nil)
	groups, err := c.Groups.List(ctxT(t))
	if err != nil || len(groups) != 2 {
		t.Fatalf("List = %+v, %v", groups, err)
	}
	if s.count() != 2 {
		t.Errorf("%d attempts, want 2", s.count())
	}
}

func TestIdempotentUpdateIsRetriedOn5xx(t *testing.T) {
	s := newStub(t, sequence(step{503, ``, "0"}, step{200, taskFlatReply, ""}))
	c := newTestClient(t, s.base(), testToken, nil)
	task, err := c.Tasks.Update(ctxT(t), 81272870, TaskInput{Archived: Set(true)})
	if err != nil || task.TaskID != 81272870 {
		t.Fatalf("Update = %+v, %v", task, err)
	}
	reqs := s.requests()
	if len(reqs) != 2 || reqs[0].Body != reqs[1].Body || reqs[1].Body == "" {
		t.Errorf("requests = %+v, want the same body sent twice", reqs)
	}
}

func TestClientErrorsAreNotRetried(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 406} {
		s := newStub(t, sequence(step{status, `{"message":"no"}`, "0"}, step{200, `{}`, ""}))
		c := newTestClient(t, s.base(), testToken, nil)
		if _, err := c.Me.Get(ctxT(t)); StatusCode(err) != status {
			t.Errorf("%d: err = %v", status, err)
		}
		if s.count() != 1 {
			t.Errorf("%d: %d attempts, want 1", status, s.count())
		}
	}
}

// signalWriter is a log sink that closes ready when a line containing want is written.
type signalWriter struct {
	want  string
	once  sync.Once
	ready chan struct{}
}

func (w *signalWriter) Write(p []byte) (int, error) {
	if strings.Contains(string(p), w.want) {
		w.once.Do(func() { close(w.ready) })
	}
	return len(p), nil
}

func TestCancelStopsRetryWait(t *testing.T) {
	s := newStub(t, sequence(step{429, busy, "3600"}, step{200, `{}`, ""}))
	c := newTestClient(t, s.base(), testToken, func(cfg *Config) {
		cfg.Retry = RetryPolicy{MaxAttempts: 5, BaseDelay: time.Hour, MaxDelay: 2 * time.Hour, MaxTotal: 10 * time.Hour}
	})
	// The client logs the retry right before it starts waiting; cancel then.
	sink := &signalWriter{want: "retrying TimeCamp request", ready: make(chan struct{})}
	ctx, cancel := context.WithCancel(tflogtest.RootLogger(context.Background(), sink))
	defer cancel()
	go func() {
		<-sink.ready
		cancel()
	}()
	done := make(chan error, 1)
	go func() {
		_, err := c.Me.Get(ctx)
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Errorf("err = %v, want it to match context.Canceled", err)
		}
		if StatusCode(err) != http.StatusTooManyRequests {
			t.Errorf("err = %v, want the 429 that caused the wait kept in the chain", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("the call kept waiting for Retry-After after its context was cancelled")
	}
	if s.count() != 1 {
		t.Errorf("%d attempts, want 1", s.count())
	}
}

func TestRetryAfterBeyondDeadlineFailsAtOnce(t *testing.T) {
	s := newStub(t, sequence(step{429, busy, "3600"}, step{200, `{}`, ""}))
	c := newTestClient(t, s.base(), testToken, func(cfg *Config) {
		cfg.Retry = RetryPolicy{MaxAttempts: 5, BaseDelay: time.Hour, MaxDelay: 2 * time.Hour, MaxTotal: 10 * time.Hour}
	})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := c.Me.Get(ctx)
	if StatusCode(err) != http.StatusTooManyRequests || !strings.Contains(err.Error(), "deadline") {
		t.Errorf("err = %v, want the 429, saying the retry would come after the deadline", err)
	}
	if ctx.Err() != nil {
		t.Errorf("the call waited until its deadline instead of giving up at once")
	}
	if s.count() != 1 {
		t.Errorf("%d attempts, want 1", s.count())
	}
}

func TestMaxTotalBoundsWaits(t *testing.T) {
	// Each wait is 10ms plus up to 25% jitter: two waits fit in 25ms, a third never does.
	s := newStub(t, sequence(step{500, `{"message":"down"}`, ""}))
	c := newTestClient(t, s.base(), testToken, func(cfg *Config) {
		cfg.Retry = RetryPolicy{MaxAttempts: 100, BaseDelay: 10 * time.Millisecond, MaxDelay: 10 * time.Millisecond, MaxTotal: 25 * time.Millisecond}
	})
	if _, err := c.Me.Get(ctxT(t)); StatusCode(err) != 500 {
		t.Errorf("err = %v, want the 500", err)
	}
	if s.count() != 3 {
		t.Errorf("%d attempts, want 3 (1 + the 2 waits that fit in MaxTotal)", s.count())
	}
}

// closedAddr is a loopback address nobody listens on: dialling it is refused at once.
func closedAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	return addr
}

func TestDialErrorOnCreateIsRetried(t *testing.T) {
	s := newStub(t, replyWith(http.StatusCreated, taskCreateReply))
	refused := closedAddr(t)
	var dials atomic.Int32
	transport := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		var d net.Dialer
		if dials.Add(1) <= 2 {
			return d.DialContext(ctx, network, refused) // the first two connections cannot be opened
		}
		return d.DialContext(ctx, network, addr)
	}}
	c := newTestClient(t, s.base(), testToken, func(cfg *Config) { cfg.HTTPClient = &http.Client{Transport: transport} })
	task, err := c.Tasks.Create(ctxT(t), TaskInput{Name: Set("x")})
	if err != nil || task.TaskID != 81272870 {
		t.Fatalf("Create = %+v, %v; want success once a connection opens", task, err)
	}
	if dials.Load() != 3 || s.count() != 1 {
		t.Errorf("%d dials and %d requests, want 3 dials and the create received once", dials.Load(), s.count())
	}
}

func TestDialErrorGivesUpWithTransportError(t *testing.T) {
	c := newTestClient(t, "http://"+closedAddr(t)+"/api", testToken, func(cfg *Config) { cfg.Retry.MaxAttempts = 3 })
	var dials atomic.Int32
	c.http.Transport = &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		dials.Add(1)
		var d net.Dialer
		return d.DialContext(ctx, network, addr)
	}}
	_, err := c.Tasks.Create(ctxT(t), TaskInput{Name: Set("x")})
	var te *TransportError
	if !errors.As(err, &te) || te.Path != "/tasks" {
		t.Fatalf("err = %#v, want a *TransportError for /tasks", err)
	}
	if dials.Load() != 3 {
		t.Errorf("%d dials, want MaxAttempts = 3", dials.Load())
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		in   string
		want time.Duration
		ok   bool
	}{
		{"120", 120 * time.Second, true},
		{" 5 ", 5 * time.Second, true},
		{"0", 0, true},
		{"-3", 0, true},
		{"Sun, 01 Mar 2026 12:01:30 GMT", 90 * time.Second, true},  // IMF-fixdate
		{"Sunday, 01-Mar-26 12:00:10 GMT", 10 * time.Second, true}, // RFC 850
		{"Sun Mar  1 12:00:42 2026", 42 * time.Second, true},       // ANSI C asctime
		{"Sun, 01 Mar 2026 11:59:00 GMT", 0, true},                 // in the past: retry now
		{"", 0, false},
		{"soon", 0, false},
		{"1.5", 0, false},
	}
	for _, tc := range cases {
		got, ok := parseRetryAfter(tc.in, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v, %v", tc.in, got, ok, tc.want, tc.ok)
		}
	}
}

func TestRetryNextDecisions(t *testing.T) {
	p := RetryPolicy{MaxAttempts: 4, BaseDelay: time.Second, MaxDelay: time.Minute, MaxTotal: 3 * time.Minute}.withDefaults()
	create := request{method: http.MethodPost, path: "/tasks"}
	read := request{method: http.MethodGet, path: "/tasks", replayable: true}
	apiErr := errors.New("api error")
	refused := &TransportError{Err: &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}}
	reset := &TransportError{Err: &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")}}
	eof := &TransportError{Err: io.ErrUnexpectedEOF}

	cases := []struct {
		name    string
		req     request
		resp    *response
		err     error
		attempt int
		waited  time.Duration
		retry   bool
		wait    time.Duration // exact when the server named it; 0 = backoff range checked instead
	}{
		{"429 create with Retry-After", create, &response{status: 429, retryAfter: "7"}, apiErr, 1, 0, true, 7 * time.Second},
		{"429 read with Retry-After", read, &response{status: 429, retryAfter: "7"}, apiErr, 1, 0, true, 7 * time.Second},
		{"Retry-After capped by MaxDelay", read, &response{status: 429, retryAfter: "600"}, apiErr, 1, 0, true, time.Minute},
		{"503 read with Retry-After", read, &response{status: 503, retryAfter: "9"}, apiErr, 1, 0, true, 9 * time.Second},
		{"429 without Retry-After backs off", read, &response{status: 429}, apiErr, 1, 0, true, 0},
		{"500 read", read, &response{status: 500}, apiErr, 2, 0, true, 0},
		{"500 create", create, &response{status: 500}, apiErr, 1, 0, false, 0},
		{"503 create even with Retry-After", create, &response{status: 503, retryAfter: "1"}, apiErr, 1, 0, false, 0},
		{"404", read, &response{status: 404}, apiErr, 1, 0, false, 0},
		{"dial refused create", create, nil, refused, 1, 0, true, 0},
		{"reset create", create, nil, reset, 1, 0, false, 0},
		{"lost reply create", create, nil, eof, 1, 0, false, 0},
		{"reset read", read, nil, reset, 1, 0, true, 0},
		{"last attempt", read, &response{status: 429, retryAfter: "1"}, apiErr, 4, 0, false, 0},
		{"within MaxTotal", read, &response{status: 429, retryAfter: "30"}, apiErr, 2, 150 * time.Second, true, 30 * time.Second},
		{"beyond MaxTotal", read, &response{status: 429, retryAfter: "30"}, apiErr, 2, 151 * time.Second, false, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			wait, retry := p.next(tc.req, tc.resp, tc.err, tc.attempt, tc.waited)
			if retry != tc.retry {
				t.Fatalf("retry = %v, want %v", retry, tc.retry)
			}
			if !retry {
				return
			}
			if tc.wait != 0 {
				if wait != tc.wait {
					t.Errorf("wait = %v, want %v", wait, tc.wait)
				}
				return
			}
			base := p.BaseDelay << (tc.attempt - 1)
			if wait < base || wait > base+base/4 {
				t.Errorf("wait = %v, want a backoff in [%v, %v]", wait, base, base+base/4)
			}
		})
	}
}

func TestBackoffGrowsAndIsCapped(t *testing.T) {
	p := RetryPolicy{BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}.withDefaults()
	want := p.BaseDelay
	for attempt := 1; attempt <= 70; attempt++ { // far enough for the shift to overflow
		if attempt > 1 {
			want = min(2*want, p.MaxDelay)
		}
		for range 50 {
			d := p.backoff(attempt)
			if d < want || d > want+want/4 {
				t.Fatalf("backoff(%d) = %v, want within [%v, %v]", attempt, d, want, want+want/4)
			}
		}
	}
}

func TestRetryPolicyDefaults(t *testing.T) {
	d := DefaultRetryPolicy()
	if d.MaxAttempts != 5 || d.BaseDelay != time.Second || d.MaxDelay != time.Minute || d.MaxTotal != 3*time.Minute {
		t.Errorf("defaults = %+v", d)
	}
	if p := (RetryPolicy{Disabled: true, MaxAttempts: 9}).withDefaults(); p.MaxAttempts != 1 {
		t.Errorf("Disabled keeps %d attempts", p.MaxAttempts)
	}
}
