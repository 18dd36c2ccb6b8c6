package timecamp

import (
	"errors"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy bounds how the client retries. A zero field takes its default.
type RetryPolicy struct {
	MaxAttempts int           // attempts in all, the first included; default 5
	BaseDelay   time.Duration // first backoff when the server names no delay; default 1s, doubled per attempt
	MaxDelay    time.Duration // cap on one wait, Retry-After included; default 60s
	MaxTotal    time.Duration // cap on all waits of one call; default 3m
	// LockedDelay paces the retries of a group create that TimeCamp refuses for a while after
	// other group changes (403 "You can not change this group", SPEC §1.8): the n-th retry comes
	// after n × LockedDelay (plus jitter, capped by MaxDelay), within MaxAttempts and MaxTotal.
	// Default 10s, so with the other defaults a lock is waited out for 10+20+30+40 = 100 s: more
	// than the "about a minute" OAS names and TimeCamp's own client's 4 × 10 s, far less than
	// SCIM's 10 × 15 s × n (14 minutes, too long for a plan to hang silently).
	LockedDelay time.Duration
	// Disabled turns retries off entirely (every call is one attempt).
	Disabled bool
}

// DefaultRetryPolicy is what a zero RetryPolicy means.
func DefaultRetryPolicy() RetryPolicy { return RetryPolicy{}.withDefaults() }

func (p RetryPolicy) withDefaults() RetryPolicy {
	if p.MaxAttempts <= 0 {
		p.MaxAttempts = 5
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = time.Second
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = 60 * time.Second
	}
	if p.MaxTotal <= 0 {
		p.MaxTotal = 3 * time.Minute
	}
	if p.LockedDelay <= 0 {
		p.LockedDelay = 10 * time.Second
	}
	if p.Disabled {
		p.MaxAttempts = 1
	}
	return p
}

// next decides whether a failed attempt is tried again, and after how long.
//
// What is retried:
//   - 429 for every call: TimeCamp refused the request without acting on it.
//   - a connection that could not be opened, for every call: the request never left.
//   - 5xx and other transport errors only for replayable calls: a create may have been carried out
//     before the reply was lost, and sending it again would make a duplicate.
//   - a 2xx that is no answer (an HTML page, or an empty body to a GET: see unreadableReply) only
//     for replayable calls, for the same reason.
//   - the transient 403 of a group create (req.lockedRetry): TimeCamp refused it without creating
//     anything, so it is safe; paced by LockedDelay.
func (p RetryPolicy) next(req request, resp *response, err error, attempt int, waited time.Duration) (time.Duration, bool) {
	if attempt >= p.MaxAttempts {
		return 0, false
	}
	var status int
	if resp != nil {
		status = resp.status
	}
	var decodeErr *DecodeError
	retry, locked := false, false
	switch {
	case status == http.StatusTooManyRequests:
		retry = true
	case status == http.StatusForbidden && req.lockedRetry && isGroupLock(resp.body):
		retry, locked = true, true
	case status >= 500:
		retry = req.replayable
	case errors.As(err, &decodeErr):
		retry = req.replayable
	case resp == nil && err != nil:
		retry = neverSent(err) || req.replayable
	}
	if !retry {
		return 0, false
	}
	wait := p.backoff(attempt)
	if locked {
		wait = p.linear(p.LockedDelay, attempt)
	}
	if resp != nil {
		if d, ok := parseRetryAfter(resp.retryAfter, time.Now()); ok {
			wait = d
		}
	}
	if wait > p.MaxDelay {
		wait = p.MaxDelay
	}
	if waited+wait > p.MaxTotal {
		return 0, false
	}
	return wait, true
}

// mayHaveActed says whether a failed attempt may still have been carried out by TimeCamp: a reply
// lost in transit, an unreadable 2xx or a 5xx. A 4xx (a 429, the group lock's 403) is TimeCamp
// answering that it did nothing, and a connection that was never opened sent nothing.
func mayHaveActed(resp *response, err error) bool {
	if resp == nil {
		return !neverSent(err)
	}
	return resp.status < 400 || resp.status >= 500
}

// backoff is exponential with up to 25% jitter, so parallel refreshes do not retry in lockstep.
func (p RetryPolicy) backoff(attempt int) time.Duration {
	d := p.BaseDelay << (attempt - 1)
	if d <= 0 || d > p.MaxDelay {
		d = p.MaxDelay
	}
	return d + time.Duration(rand.Int64N(int64(d)/4+1))
}

// linear is attempt × step with up to 25% jitter, capped by MaxDelay.
func (p RetryPolicy) linear(step time.Duration, attempt int) time.Duration {
	d := step * time.Duration(attempt)
	if d <= 0 || d > p.MaxDelay {
		d = p.MaxDelay
	}
	return d + time.Duration(rand.Int64N(int64(d)/4+1))
}

// groupLockMessage is TimeCamp's word for the transient refusal of PUT /group (SPEC §1.8).
const groupLockMessage = "you can not change this group"

func isGroupLock(body []byte) bool {
	return strings.Contains(strings.ToLower(errorMessage(body)), groupLockMessage)
}

// IsGroupLocked reports TimeCamp's transient refusal of a group change (403 "You can not change
// this group", SPEC §1.8) anywhere in err's chain: still in force after the client's retries.
func IsGroupLocked(err error) bool {
	var apiErr *APIError
	return errors.As(err, &apiErr) && apiErr.StatusCode == http.StatusForbidden &&
		strings.Contains(strings.ToLower(apiErr.Message), groupLockMessage)
}

// parseRetryAfter reads Retry-After as seconds or as an HTTP date.
func parseRetryAfter(value string, now time.Time) (time.Duration, bool) {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0, false
	}
	if secs, err := strconv.Atoi(value); err == nil {
		if secs < 0 {
			secs = 0
		}
		return time.Duration(secs) * time.Second, true
	}
	if at, err := http.ParseTime(value); err == nil {
		d := at.Sub(now)
		if d < 0 {
			d = 0
		}
		return d, true
	}
	return 0, false
}

// neverSent reports a failure to open the connection: the server cannot have seen the request.
func neverSent(err error) bool {
	var opErr *net.OpError
	return errors.As(err, &opErr) && opErr.Op == "dial"
}
