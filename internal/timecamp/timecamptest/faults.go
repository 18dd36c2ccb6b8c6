package timecamptest

import (
	"net/http"
	"strings"
	"time"
)

// Fault changes how the next matching requests are answered.
type Fault struct {
	// Method and Path select the requests ("" matches any). Path is below
	// the base URL and matched exactly, e.g. "/tasks" or "/tag/13".
	Method, Path string
	// Times is how many matching requests the fault affects (0 means 1).
	Times int
	// Status, if set, is sent instead of handling the request (so nothing
	// changes), with Body ("" means a JSON {"message": ...}).
	Status int
	Body   string
	// RetryAfter is sent as the Retry-After header (seconds or an HTTP date).
	RetryAfter string
	// LoseReply handles the request normally (the state changes) and then
	// closes the connection without sending any response.
	LoseReply bool
	// Latency is slept before the request is handled (or the fault sent).
	Latency time.Duration
}

type pendingFault struct {
	Fault
	left int
}

// InjectFault queues a fault. Faults match in the order they were injected;
// each request consumes at most one fault.
func (e *Emulator) InjectFault(f Fault) {
	n := f.Times
	if n <= 0 {
		n = 1
	}
	e.faultMu.Lock()
	defer e.faultMu.Unlock()
	e.faults = append(e.faults, &pendingFault{Fault: f, left: n})
}

// ClearFaults drops every queued fault.
func (e *Emulator) ClearFaults() {
	e.faultMu.Lock()
	defer e.faultMu.Unlock()
	e.faults = nil
}

// takeFault consumes one use of the first fault matching the request.
func (e *Emulator) takeFault(method, path string) *Fault {
	e.faultMu.Lock()
	defer e.faultMu.Unlock()
	for i, f := range e.faults {
		if f.Method != "" && !strings.EqualFold(f.Method, method) {
			continue
		}
		if f.Path != "" && f.Path != path {
			continue
		}
		f.left--
		if f.left <= 0 {
			e.faults = append(e.faults[:i:i], e.faults[i+1:]...)
		}
		out := f.Fault
		return &out
	}
	return nil
}

// tooManyRequests is the 429 text TimeCamp's own client tests use (SPEC §1.7).
const tooManyRequests = "You cannot process multiple request at once. Try again later."

func faultReply(f *Fault) reply {
	var rep reply
	switch {
	case f.Body != "":
		rep = reply{status: f.Status, body: []byte(f.Body)}
	case f.Status == http.StatusTooManyRequests:
		rep = messageReply(f.Status, tooManyRequests)
	default:
		msg := http.StatusText(f.Status)
		if msg == "" {
			msg = "Injected fault"
		}
		rep = messageReply(f.Status, msg)
	}
	if f.RetryAfter != "" {
		rep.header = http.Header{"Retry-After": {f.RetryAfter}}
	}
	return rep
}
