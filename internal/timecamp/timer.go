package timecamp

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"strings"
)

// The timer of the token's user (SPEC §9). Every action is POST /timer with an `action` field;
// the replies differ per action, and so do their value types: start answers numbers, stop answers
// entry_id as a string, status answers strings for ids and a real boolean for isTimerRunning.

// TimerStart is what starting a timer sends. Zero values are left out.
type TimerStart struct {
	TaskID    int64  // the task to track time to; 0 tracks time to no task
	StartedAt string // "YYYY-MM-DD HH:MM:SS" in the account's time zone; "" lets TimeCamp use its now
	Note      *string
}

// TimerStarted is the reply to a start: the new timer and the time entry it created at once.
type TimerStarted struct {
	TimerID Int        `json:"new_timer_id"`
	EntryID Int        `json:"entry_id"`
	Name    NullString `json:"name"`
	Note    NullString `json:"note"`
}

// TimerStopped is the reply to a stop: the seconds tracked and the entry that holds them.
type TimerStopped struct {
	Elapsed   Int `json:"elapsed"`
	EntryID   Int `json:"entry_id"` // a string on the wire
	EntryTime Int `json:"entry_time"`
}

// TimerStatus is the timer of the token's user. When Running is false the other fields are zero.
type TimerStatus struct {
	Running   Bool       `json:"isTimerRunning"`
	Elapsed   Int        `json:"elapsed"`
	EntryID   Int        `json:"entry_id"`
	TimerID   Int        `json:"timer_id"`
	StartTime String     `json:"start_time"` // "YYYY-MM-DD HH:MM:SS", the account's time zone
	TaskID    Int        `json:"task_id"`    // 0 when the timer tracks no task (or the field is absent)
	Name      NullString `json:"name"`       // the task's name
	Note      NullString `json:"note"`
	// NoteSent reports whether the reply carried a `note` field at all (SPEC §9 lists it as optional):
	// when it did not, Note says nothing about the entry's note.
	NoteSent bool `json:"-"`
	Billable Bool `json:"billable"`
}

func (s *TimerStatus) UnmarshalJSON(data []byte) error {
	type plain TimerStatus
	var p plain
	if err := json.Unmarshal(data, &p); err != nil {
		return err
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return err
	}
	_, p.NoteSent = fields["note"]
	*s = TimerStatus(p)
	return nil
}

// RunningTimer is one item of GET /timer_running.
type RunningTimer struct {
	TimerID   Int        `json:"timer_id"`
	UserID    Int        `json:"user_id"`
	TaskID    Int        `json:"task_id"` // null (0) when the timer tracks no task
	StartedAt String     `json:"started_at"`
	Name      NullString `json:"name"`
}

// TimerService starts, stops and reads the timer of the token's user.
type TimerService struct{ c *Client }

// Start starts a timer, which creates a time entry at once. It is never replayed: a second start
// would stop the first timer (or be refused) and leave an entry behind. A task that does not
// exist is ErrNotFound (TimeCamp answers 404 "No task with such ID").
func (s *TimerService) Start(ctx context.Context, in TimerStart) (*TimerStarted, error) {
	b := body{"action": "start"}
	if in.TaskID != 0 {
		b["task_id"] = in.TaskID
	}
	if in.StartedAt != "" {
		b["started_at"] = in.StartedAt
	}
	if in.Note != nil {
		b["note"] = *in.Note
	}
	req := request{method: http.MethodPost, path: "/timer", json: b}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		if in.TaskID != 0 && StatusCode(err) == http.StatusNotFound {
			return nil, notFound("task", in.TaskID, err)
		}
		return nil, err
	}
	var out TimerStarted
	if err := decodeJSON(req, resp.body, &out); err != nil {
		return nil, err
	}
	if out.TimerID == 0 {
		return nil, &DecodeError{Method: req.method, Path: req.path, Body: abbreviate(resp.body), Err: errMissingID}
	}
	return &out, nil
}

// Stop stops the running timer; timerID (0: whichever runs) and stoppedAt ("" : now) are sent
// when set. Stopping the same timer twice changes nothing more, so the call may be replayed. What
// TimeCamp answers when no timer runs is not documented (SPEC §17.19): callers that only want the
// timer stopped should use StopIfRunning.
func (s *TimerService) Stop(ctx context.Context, timerID int64, stoppedAt string) (*TimerStopped, error) {
	b := body{"action": "stop"}
	if timerID != 0 {
		b["timer_id"] = timerID
	}
	if stoppedAt != "" {
		b["stopped_at"] = stoppedAt
	}
	req := request{method: http.MethodPost, path: "/timer", json: b, replayable: true}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	var out TimerStopped
	if isEmptyCollection(resp.body) {
		return &out, nil
	}
	if err := decodeJSON(req, resp.body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// StopIfRunning stops timer timerID if it is the one running. It answers ErrNotFound when that
// timer is not running (stopped already, discarded, or another one runs: that one is left alone),
// whether TimeCamp says so before the stop or by refusing it.
func (s *TimerService) StopIfRunning(ctx context.Context, timerID int64) (*TimerStopped, error) {
	status, err := s.Status(ctx)
	if err != nil {
		return nil, err
	}
	if !status.Running || int64(status.TimerID) != timerID {
		return nil, notFound("running timer", timerID, nil)
	}
	stopped, err := s.Stop(ctx, timerID, "")
	if err == nil {
		return stopped, nil
	}
	if StatusCode(err) >= 400 && StatusCode(err) < 500 {
		// Stopped in between (by a person, or by a replayed stop whose reply was lost)?
		if again, statusErr := s.Status(ctx); statusErr == nil && (!again.Running || int64(again.TimerID) != timerID) {
			return nil, notFound("running timer", timerID, err)
		}
	}
	return nil, err
}

// Status reads the timer of the token's user (action "status"; a read, so it may be replayed).
func (s *TimerService) Status(ctx context.Context) (*TimerStatus, error) {
	req := request{method: http.MethodPost, path: "/timer", json: body{"action": "status"}, replayable: true}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	var out TimerStatus
	if err := decodeJSON(req, resp.body, &out); err != nil {
		return nil, err
	}
	if !out.Running {
		return &TimerStatus{}, nil
	}
	return &out, nil
}

// Running lists the running timers GET /timer_running reports ([] when none).
func (s *TimerService) Running(ctx context.Context) ([]RunningTimer, error) {
	req := request{method: http.MethodGet, path: "/timer_running", replayable: true}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	if isEmptyCollection(resp.body) {
		return []RunningTimer{}, nil
	}
	var out []RunningTimer
	if bytes.HasPrefix(bytes.TrimSpace(resp.body), []byte("{")) {
		// One timer as an object (not reported, but cheap to accept).
		var one RunningTimer
		if err := decodeJSON(req, resp.body, &one); err != nil {
			return nil, err
		}
		return []RunningTimer{one}, nil
	}
	if err := decodeJSON(req, resp.body, &out); err != nil {
		return nil, err
	}
	return out, nil
}

// Discard deletes the running timer without saving the tracked time (DELETE /timer). TimeCamp
// answers 200 with an empty body; discarding when nothing runs changes nothing, so it is replayable.
func (s *TimerService) Discard(ctx context.Context) error {
	_, err := s.c.do(ctx, request{method: http.MethodDelete, path: "/timer", replayable: true})
	return err
}

// NormalTimestamp turns TimeCamp's "YYYY-MM-DD HH:MM:SS" (or "YYYY-MM-DDTHH:MM:SS") into
// "YYYY-MM-DDTHH:MM:SS"; text of another shape comes back unchanged.
func NormalTimestamp(s string) string {
	s = strings.TrimSpace(s)
	if len(s) == len("2006-01-02 15:04:05") && (s[10] == ' ' || s[10] == 'T') {
		return s[:10] + "T" + s[11:]
	}
	return s
}
