package timecamptest

import (
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"testing"
)

// Server is an emulator served over HTTP on a loopback address.
type Server struct {
	*Emulator
	// URL is the base URL including BasePath, e.g.
	// http://127.0.0.1:41234/third_party/api
	URL string
	// Token is the API token the emulator accepts.
	Token string

	srv *httptest.Server
}

// NewServer starts an emulator for a test and closes it when the test ends.
// It fails the test if the emulator cannot start.
func NewServer(t testing.TB, opts Options) *Server {
	t.Helper()
	s, err := Start(opts)
	if err != nil {
		t.Fatalf("timecamptest: starting emulator: %v", err)
	}
	t.Cleanup(s.Close)
	return s
}

// Start starts an emulator on 127.0.0.1 on a free port. Close stops it.
func Start(opts Options) (*Server, error) {
	e, err := New(opts)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("timecamptest: listening on 127.0.0.1: %w", err)
	}
	srv := &httptest.Server{Listener: ln, Config: &http.Server{Handler: e.Handler()}}
	srv.Start()
	return &Server{Emulator: e, URL: srv.URL + BasePath, Token: e.token, srv: srv}, nil
}

// Close stops the server and waits for requests in flight to finish.
func (s *Server) Close() { s.srv.Close() }
