package timecamp

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

// testToken is the token of clients talking to hand-made servers. It is long and odd so that a
// search for it in logs or errors cannot match anything by accident.
const testToken = "tok-5f3c9e1a-SECRET-7d2b"

// fastRetry retries like the default policy but waits microseconds, so retry tests run fast.
func fastRetry() RetryPolicy {
	return RetryPolicy{MaxAttempts: 5, BaseDelay: time.Microsecond, MaxDelay: time.Millisecond, MaxTotal: time.Second}
}

// newTestClient builds a client for baseURL with fast retries; edit tweaks the config first.
func newTestClient(t *testing.T, baseURL, token string, edit func(*Config)) *Client {
	t.Helper()
	cfg := Config{BaseURL: baseURL, Token: token, Timeout: 10 * time.Second, Retry: fastRetry()}
	if edit != nil {
		edit(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return c
}

// captured is one request a stub server received.
type captured struct {
	Method string
	Path   string
	Query  string
	Header http.Header
	Body   string
}

// stub is a hand-made server: answer decides each reply; every request is recorded.
type stub struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []captured
	hits atomic.Int64
}

// newStub serves answer under /api (the client's base path), recording each request.
func newStub(t *testing.T, answer func(w http.ResponseWriter, r *http.Request, n int)) *stub {
	t.Helper()
	s := &stub{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		data, _ := io.ReadAll(r.Body)
		n := int(s.hits.Add(1))
		s.mu.Lock()
		s.reqs = append(s.reqs, captured{Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery, Header: r.Header.Clone(), Body: string(data)})
		s.mu.Unlock()
		answer(w, r, n)
	}))
	t.Cleanup(s.Close)
	return s
}

// replyWith answers every request with one status and body.
func replyWith(status int, body string) func(http.ResponseWriter, *http.Request, int) {
	return func(w http.ResponseWriter, _ *http.Request, _ int) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

func (s *stub) base() string { return s.URL + "/api" }

func (s *stub) requests() []captured {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]captured(nil), s.reqs...)
}

func (s *stub) count() int { return int(s.hits.Load()) }

// stubClient is a client of a stub server answering every call with status and body.
func stubClient(t *testing.T, status int, body string) (*Client, *stub) {
	t.Helper()
	s := newStub(t, replyWith(status, body))
	return newTestClient(t, s.base(), testToken, nil), s
}

// emulatorClient starts an emulator and returns a client of it.
func emulatorClient(t *testing.T, opts timecamptest.Options) (*Client, *timecamptest.Server) {
	t.Helper()
	srv := timecamptest.NewServer(t, opts)
	return newTestClient(t, srv.URL, srv.Token, nil), srv
}

func ctxT(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}
