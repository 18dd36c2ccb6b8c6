package timecamptest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// Fault changes how the next matching requests are answered. A test scripts
// one with InjectFault; the kinds combine as the fields say:
//
//   - refused, nothing changed: Status (+ Body, ContentType, RetryAfter), e.g.
//     429 with or without Retry-After, 500/502/503, the transient 403 of
//     PUT /group (GroupLocked), or a 200 whose body is empty, an HTML page or
//     malformed JSON;
//   - connection closed before the request is handled, nothing changed:
//     CloseConnection;
//   - handled (the change is made) and then the reply lost: LoseReply;
//   - handled and the reply rewritten: Transform (ReplaceBody, DropKeys,
//     AddKeys): a create that answers 200 with an unreadable body, missing
//     fields or unknown extra fields;
//   - slow: Latency, alone or before any of the above.
//
// Faults are answered only to authenticated requests: a request without the
// right token gets the 401 and consumes no fault.
type Fault struct {
	// Method and Path select the requests ("" matches any). Path is below
	// the base URL and matched exactly, e.g. "/tasks" or "/tag/13".
	Method, Path string
	// Times is how many matching requests the fault affects (0 means 1, or
	// unlimited while For lasts).
	Times int
	// Skip lets this many matching requests through untouched before the
	// fault starts ("the third create fails" is Skip 2).
	Skip int
	// For keeps the fault on for this long after it is injected ("for a
	// while"); with Times 0 it affects every matching request until then.
	For time.Duration
	// Status, if set, is sent instead of handling the request (so nothing
	// changes), with Body ("" means a JSON {"message": ...}, or no body at
	// all with Status 200).
	Status int
	Body   string
	// ContentType of a Status reply (default application/json), e.g.
	// "text/html" for a proxy's error page.
	ContentType string
	// RetryAfter is sent as the Retry-After header (seconds or an HTTP date).
	RetryAfter string
	// LoseReply handles the request normally (the state changes) and then
	// closes the connection without sending any response.
	LoseReply bool
	// CloseConnection closes the connection as soon as the request has
	// arrived, before it is handled: no response and no change.
	CloseConnection bool
	// Transform handles the request normally (the state changes) and then
	// rewrites the reply's status and body before it is sent. See
	// ReplaceBody, DropKeys and AddKeys.
	Transform func(status int, body []byte) (int, []byte)
	// Latency is slept before the request is handled (or the fault sent).
	Latency time.Duration
}

// GroupLockedMessage is TimeCamp's answer to PUT /group shortly after other
// group changes (SPEC §1.8): a 403 that goes away after about a minute.
const GroupLockedMessage = "You can not change this group"

// GroupLocked is the transient 403 of group creation (SPEC §1.8): every
// PUT /group is refused for d, creating nothing.
func GroupLocked(d time.Duration) Fault {
	return Fault{Method: http.MethodPut, Path: "/group", For: d, Status: http.StatusForbidden,
		Body: `{"message":"` + GroupLockedMessage + `"}`}
}

// HTMLPage is a proxy's or a maintenance page's HTML, for Body with
// ContentType "text/html" (or ReplaceBody).
const HTMLPage = "<!DOCTYPE html>\n<html><head><title>Service Unavailable</title></head>" +
	"<body><h1>We'll be back soon</h1><p>TimeCamp is down for maintenance.</p></body></html>\n"

// ReplaceBody is a Transform that sends status and body whatever the
// handler answered (status 0 keeps the handler's status).
func ReplaceBody(status int, body string) func(int, []byte) (int, []byte) {
	return func(got int, _ []byte) (int, []byte) {
		if status == 0 {
			status = got
		}
		return status, []byte(body)
	}
}

// DropKeys is a Transform that removes the named keys from every JSON
// object in the reply, at any depth (a field TimeCamp left out). A body that
// is not JSON is sent as it is.
func DropKeys(keys ...string) func(int, []byte) (int, []byte) {
	drop := map[string]bool{}
	for _, k := range keys {
		drop[k] = true
	}
	return rewriteJSON(func(o map[string]any) {
		for k := range drop {
			delete(o, k)
		}
	})
}

// AddKeys is a Transform that adds fields to every record object in the
// reply, at any depth (fields a newer TimeCamp sends). Objects keyed by id
// (all keys numeric, like GET /tasks) are not records: their values are.
func AddKeys(fields map[string]any) func(int, []byte) (int, []byte) {
	return rewriteJSON(func(o map[string]any) {
		if allKeysNumeric(o) {
			return
		}
		for k, v := range fields {
			o[k] = v
		}
	})
}

// rewriteJSON applies edit to every object of a JSON reply, innermost first.
func rewriteJSON(edit func(map[string]any)) func(int, []byte) (int, []byte) {
	return func(status int, body []byte) (int, []byte) {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber() // "12" stays a string and 12 a number
		var v any
		if err := dec.Decode(&v); err != nil {
			return status, body
		}
		walkObjects(v, edit)
		out, err := marshal(v)
		if err != nil {
			return status, body
		}
		return status, out
	}
}

func walkObjects(v any, edit func(map[string]any)) {
	switch x := v.(type) {
	case map[string]any:
		for _, child := range x {
			walkObjects(child, edit)
		}
		edit(x)
	case []any:
		for _, child := range x {
			walkObjects(child, edit)
		}
	}
}

func allKeysNumeric(o map[string]any) bool {
	if len(o) == 0 {
		return false
	}
	for k := range o {
		if k == "" || strings.Trim(k, "0123456789") != "" {
			return false
		}
	}
	return true
}

type pendingFault struct {
	Fault
	left    int       // uses left; < 0 means unlimited (until expires)
	skip    int       // matching requests still to let through
	expires time.Time // zero: no time limit
}

// InjectFault queues a fault. Faults match in the order they were injected;
// each request consumes at most one fault.
func (e *Emulator) InjectFault(f Fault) {
	p := &pendingFault{Fault: f, left: f.Times, skip: f.Skip}
	if f.For > 0 {
		p.expires = time.Now().Add(f.For)
		if f.Times <= 0 {
			p.left = -1
		}
	} else if p.left <= 0 {
		p.left = 1
	}
	e.faultMu.Lock()
	defer e.faultMu.Unlock()
	e.faults = append(e.faults, p)
}

// ClearFaults drops every queued fault.
func (e *Emulator) ClearFaults() {
	e.faultMu.Lock()
	defer e.faultMu.Unlock()
	e.faults = nil
}

// PendingFaults counts the faults not used up yet (expired ones excluded), so
// a test can check that everything it scripted actually happened.
func (e *Emulator) PendingFaults() int {
	e.faultMu.Lock()
	defer e.faultMu.Unlock()
	e.dropExpired(time.Now())
	return len(e.faults)
}

// dropExpired removes faults whose For has passed. Call with faultMu held.
func (e *Emulator) dropExpired(now time.Time) {
	kept := e.faults[:0]
	for _, f := range e.faults {
		if f.expires.IsZero() || now.Before(f.expires) {
			kept = append(kept, f)
		}
	}
	clear(e.faults[len(kept):])
	e.faults = kept
}

// takeFault consumes one use of the first fault matching the request.
func (e *Emulator) takeFault(method, path string) *Fault {
	e.faultMu.Lock()
	defer e.faultMu.Unlock()
	e.dropExpired(time.Now())
	for i, f := range e.faults {
		if f.Method != "" && !strings.EqualFold(f.Method, method) {
			continue
		}
		if f.Path != "" && f.Path != path {
			continue
		}
		if f.skip > 0 {
			f.skip--
			return nil // let this one through; it consumes no other fault either
		}
		if f.left > 0 {
			f.left--
			if f.left == 0 {
				e.faults = append(e.faults[:i:i], e.faults[i+1:]...)
			}
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
	case f.Status == http.StatusOK:
		rep = emptyReply(f.Status) // a 200 with nothing in it
	case f.Status == http.StatusTooManyRequests:
		rep = messageReply(f.Status, tooManyRequests)
	default:
		msg := http.StatusText(f.Status)
		if msg == "" {
			msg = "Injected fault"
		}
		rep = messageReply(f.Status, msg)
	}
	if f.RetryAfter != "" || f.ContentType != "" {
		rep.header = http.Header{}
	}
	if f.RetryAfter != "" {
		rep.header.Set("Retry-After", f.RetryAfter)
	}
	if f.ContentType != "" {
		rep.header.Set("Content-Type", f.ContentType)
	}
	return rep
}
