package timecamptest

import "strings"

// Request is one request the emulator received. The log keeps them in the
// order they were answered.
type Request struct {
	Method string
	Path   string // below the base URL, e.g. "/tasks" (the full path for anything outside it)
	Query  string // the raw query string
	Status int    // the status sent, or produced for a lost reply; 0 if the client left first
}

func (e *Emulator) record(r Request) {
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
