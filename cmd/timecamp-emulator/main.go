// Command timecamp-emulator serves an in-memory TimeCamp account that speaks
// TimeCamp's wire format, so that a Terraform configuration can be planned and
// applied without a TimeCamp account.
//
//	timecamp-emulator -addr 127.0.0.1:8080 -data ./timecamp-emulator.json
//
// With -seed-demo a new account gets a realistic week of demo data to try data sources on.
//
// It prints the environment to point the provider at it, and a line
// "listening on <host:port>" (use -addr 127.0.0.1:0 for a free port).
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	if err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "timecamp-emulator:", err)
		}
		os.Exit(2)
	}
}

// run serves until ctx is done. It is main without the process around it.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("timecamp-emulator", flag.ContinueOnError)
	fs.SetOutput(stderr)
	defaultToken := os.Getenv("TIMECAMP_EMULATOR_TOKEN")
	if defaultToken == "" {
		defaultToken = timecamptest.DefaultToken
	}
	addr := fs.String("addr", "127.0.0.1:8080", "address to listen on (host:port; port 0 picks a free one)")
	allowRemote := fs.Bool("allow-remote", false, "allow listening on a non-loopback address")
	token := fs.String("token", defaultToken, "API token to accept (default from TIMECAMP_EMULATOR_TOKEN)")
	data := fs.String("data", "", "JSON file to load the account from and save it to after every change (optional)")
	latency := fs.Duration("latency", 0, "delay added to every request, e.g. 50ms")
	inviteDelay := fs.Duration("invite-delay", 0, "delay before an invited user becomes visible")
	verbose := fs.Bool("v", false, "log every request to stderr")
	seedDemo := fs.Bool("seed-demo", false, "fill the account with a realistic week of demo data up to now (projects, tasks, tags, "+
		"rates, time entries, computer activity, a running timer) unless it already has it")
	fs.Usage = func() {
		fmt.Fprintf(stderr, "Usage: timecamp-emulator [flags]\n\nServes an in-memory TimeCamp account on %s.\n\nFlags:\n", timecamptest.BasePath)
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if err := checkLoopback(*addr, *allowRemote); err != nil {
		return err
	}

	emu, err := timecamptest.New(timecamptest.Options{
		Token:       *token,
		DataFile:    *data,
		Latency:     *latency,
		InviteDelay: *inviteDelay,
	})
	if err != nil {
		return err
	}
	if *seedDemo {
		seeded, err := emu.Seed(time.Now())
		if err != nil {
			return err
		}
		if seeded {
			fmt.Fprintln(stderr, "timecamp-emulator: seeded a demo week of data")
		} else {
			fmt.Fprintln(stderr, "timecamp-emulator: the account already holds the demo data; not seeded again")
		}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return err
	}
	handler := emu.Handler()
	if *verbose {
		handler = logRequests(handler, stderr)
	}
	srv := &http.Server{Handler: handler, ReadHeaderTimeout: 10 * time.Second}

	bound := ln.Addr().String()
	fmt.Fprintf(stdout, "export TIMECAMP_BASE_URL=%s\n", baseURL(bound))
	fmt.Fprintf(stdout, "export TIMECAMP_API_TOKEN=%s\n", *token)
	fmt.Fprintf(stdout, "listening on %s\n", bound)

	serveErr := make(chan error, 1)
	go func() { serveErr <- srv.Serve(ln) }()
	select {
	case err := <-serveErr:
		return err
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return err
	}
	if err := <-serveErr; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// checkLoopback refuses addresses other people could reach, unless allowed:
// the emulator accepts a well-known token and is meant for one machine.
func checkLoopback(addr string, allowRemote bool) error {
	if allowRemote {
		return nil
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("invalid -addr %q: %w", addr, err)
	}
	if host == "localhost" {
		return nil
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsLoopback() {
		return nil
	}
	return fmt.Errorf("refusing to listen on %q: not a loopback address (use 127.0.0.1, or pass -allow-remote)", addr)
}

// baseURL is the URL to give the provider; a wildcard listen address is
// reached through the loopback interface.
func baseURL(bound string) string {
	host, port, err := net.SplitHostPort(bound)
	if err != nil {
		return "http://" + bound + timecamptest.BasePath
	}
	if ip := net.ParseIP(host); ip != nil && ip.IsUnspecified() {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + timecamptest.BasePath
}

// logRequests writes one line per request: method, path, status, duration.
func logRequests(next http.Handler, w io.Writer) http.Handler {
	var mu sync.Mutex
	return http.HandlerFunc(func(rw http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: rw}
		next.ServeHTTP(sw, r)
		status := "lost"
		if sw.status != 0 {
			status = fmt.Sprint(sw.status)
		}
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(w, "%s %s %s %s\n", r.Method, r.URL.RequestURI(), status, time.Since(start).Round(time.Millisecond))
	})
}

type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	s.status = code
	s.ResponseWriter.WriteHeader(code)
}

// Unwrap lets http.ResponseController reach the connection (lost replies).
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }
