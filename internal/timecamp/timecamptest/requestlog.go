package timecamptest

import (
	"slices"
	"strings"
	"time"
)

// Request is one request the emulator received. The log keeps them in the
// order they were answered.
type Request struct {
	Method string
	Path   string // below the base URL, e.g. "/tasks" (the full path for anything outside it)
	Query  string // the raw query string
	Status int    // the status sent, or produced for a lost reply; 0 if the client left first
	// Start is when the request arrived, End when it was answered (latency included).
	Start, End time.Time
}

func (e *Emulator) record(r Request) {
	r.End = time.Now()
	e.logMu.Lock()
	defer e.logMu.Unlock()
	e.log = append(e.log, r)
}

// Requests returns a copy of the request log.
func (e *Emulator) Requests() []Request {
	e.logMu.Lock()
	defer e.logMu.Unlock()
	return append([]Request(nil), e.log...)
}

// RequestCount counts logged requests with this method and path; an empty
// method or path matches any.
func (e *Emulator) RequestCount(method, path string) int {
	e.logMu.Lock()
	defer e.logMu.Unlock()
	n := 0
	for _, r := range e.log {
		if (method == "" || strings.EqualFold(method, r.Method)) && (path == "" || path == r.Path) {
			n++
		}
	}
	return n
}

// ResetRequests empties the request log.
func (e *Emulator) ResetRequests() {
	e.logMu.Lock()
	defer e.logMu.Unlock()
	e.log = nil
}

// RequestPatterns counts the logged requests by method and path pattern, ids replaced by {id} and
// comma-separated lists of ids by {ids}: "GET /task/{id}/user/{id}/rate". Tests and the benchmark
// use it to see which kinds of read a Terraform plan sent, and how many of each.
func (e *Emulator) RequestPatterns() map[string]int {
	out := map[string]int{}
	for _, r := range e.Requests() {
		out[r.Method+" "+PathPattern(r.Path)]++
	}
	return out
}

// PathPattern replaces the ids in a request path: /task/12/user/7/rate -> /task/{id}/user/{id}/rate,
// /task/1,2,3/rate -> /task/{ids}/rate.
func PathPattern(path string) string {
	segs := strings.Split(path, "/")
	for i, s := range segs {
		switch {
		case isDigits(s):
			segs[i] = "{id}"
		case strings.Contains(s, ",") && !strings.ContainsFunc(s, func(r rune) bool { return r != ',' && (r < '0' || r > '9') }):
			segs[i] = "{ids}"
		}
	}
	return strings.Join(segs, "/")
}

func isDigits(s string) bool {
	return s != "" && !strings.ContainsFunc(s, func(r rune) bool { return r < '0' || r > '9' })
}

// BusyTime is how long at least one request was in the emulator (latency included): what the
// requests cost a client in wall time at the least, however it overlaps them. Divided by the
// latency, it counts the round trips one after another.
func BusyTime(reqs []Request) time.Duration {
	reqs = slices.Clone(reqs)
	slices.SortFunc(reqs, func(a, b Request) int { return a.Start.Compare(b.Start) })
	var busy time.Duration
	var end time.Time
	for _, r := range reqs {
		switch {
		case r.End.Before(end) || r.End.Equal(end):
		case r.Start.After(end):
			busy += r.End.Sub(r.Start)
			end = r.End
		default:
			busy += r.End.Sub(end)
			end = r.End
		}
	}
	return busy
}
