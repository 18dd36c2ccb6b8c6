package timecamptest

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"
)

// The timer (SPEC §9): POST /timer with action start, stop or status (the
// default), GET /timer_running and DELETE /timer. Each user has at most one
// running timer; every call acts as the token's user (the admin). Starting a
// timer creates its time entry at once, with duration "0" (entries.go);
// stopping it gives the entry its end and duration. Times come from
// Options.Now. Where the sources are silent (§17.19) the emulator chooses,
// and says so here:
//   - Starting while a timer runs stops the running one first, at the
//     emulator's now, as if it had been stopped (its entry keeps the time
//     tracked), then starts the new one: one timer per user, as TimeCamp's
//     own apps behave.
//   - Stopping when no timer runs, or with a timer_id that is not the running
//     timer, is a 400 {"message":"This action is not allowed."} (the timer's
//     documented 400) and changes nothing; a timer_id never stops another
//     timer. So a repeated stop is refused, not applied twice.
//   - stopped_at before the timer's start: the same 400. started_at and
//     stopped_at must read as YYYY-MM-DD HH:MM:SS (else 400 "Invalid value
//     for started_at"/"stopped_at"); started_at defaults to now.
//   - start takes an optional note (TS's start reply types one), stored on
//     the entry; status shows the entry's note and billable flag (a new
//     entry is not billable, entries.go). A task that does not exist is 404
//     {"message":"No task with such ID"}; an archived one 403 {"message":"You
//     cannot track time to this task"}.
//   - The start reply has the two numbers SPEC shows (new_timer_id,
//     entry_id); status shows task_id (a string) and name only for a timer
//     with a task, note always (null when none) and billable as 0/1.
//   - GET /timer_running lists the running timers of every user (the token's
//     user is the administrator), ordered by timer_id; [] when none.
//   - DELETE /timer discards the caller's running timer and its entry; with
//     none running it changes nothing. Both answer 200 with an empty body.
const (
	msgTimerNotAllowed = "This action is not allowed."
	msgTimerNoTask     = "No task with such ID"
	msgTimerTaskLocked = "You cannot track time to this task"

	firstTimerID int64 = 6445000
)

// TimerRecord is a running timer.
type TimerRecord struct {
	ID        int64  `json:"id"`
	UserID    int64  `json:"user_id"`
	TaskID    int64  `json:"task_id,omitempty"`
	EntryID   int64  `json:"entry_id"`   // the entry holds the note and the billable flag
	StartedAt string `json:"started_at"` // YYYY-MM-DD HH:MM:SS
}

// timerStore holds the running timers, one per user at most.
type timerStore struct {
	running map[int64]*TimerRecord // user id -> timer
}

func newTimerStore() timerStore { return timerStore{running: map[int64]*TimerRecord{}} }

// POST /timer
func handleTimer(e *Emulator, r *apiRequest) reply {
	action, _ := r.get("action").text()
	switch strings.ToLower(strings.TrimSpace(action)) {
	case "", "status":
		return e.timerStatus(e.acct.adminUserID)
	case "start":
		return handleTimerStart(e, r)
	case "stop":
		return handleTimerStop(e, r)
	}
	return messageReply(http.StatusBadRequest, msgTimerNotAllowed)
}

func handleTimerStart(e *Emulator, r *apiRequest) reply {
	a := e.acct
	user := a.adminUserID
	now := e.now()
	start := now
	if p := r.get("started_at"); !p.isEmpty() {
		t, ok := e.parseTimerTime(p)
		if !ok {
			return messageReply(http.StatusBadRequest, "Invalid value for started_at")
		}
		start = t
	}
	var task int64
	if p := r.get("task_id"); !p.isEmpty() {
		id, err := p.int()
		if err != nil {
			return badRequest(err)
		}
		task = id
	}
	if task != 0 {
		t, ok := a.tasks[task]
		if !ok {
			return messageReply(http.StatusNotFound, msgTimerNoTask)
		}
		if t.Archived {
			return messageReply(http.StatusForbidden, msgTimerTaskLocked)
		}
	}
	var note *string
	if p := r.get("note"); p.present && !p.isNull() {
		text, err := p.text()
		if err != nil {
			return badRequest(err)
		}
		note = &text
	}
	if old, ok := a.timers.running[user]; ok {
		end := now
		if oldStart := e.timerStart(old); end.Before(oldStart) {
			end = oldStart
		}
		e.finishTimer(old, end)
	}
	t := e.startTimer(user, task, start, note)
	e.changed()
	return jsonReply(http.StatusOK, object{{"new_timer_id", t.ID}, {"entry_id", t.EntryID}})
}

func handleTimerStop(e *Emulator, r *apiRequest) reply {
	t, ok := e.acct.timers.running[e.acct.adminUserID]
	if !ok {
		return messageReply(http.StatusBadRequest, msgTimerNotAllowed)
	}
	if p := r.get("timer_id"); !p.isEmpty() {
		id, err := p.int()
		if err != nil {
			return badRequest(err)
		}
		if id != t.ID {
			return messageReply(http.StatusBadRequest, msgTimerNotAllowed)
		}
	}
	end := e.now()
	if p := r.get("stopped_at"); !p.isEmpty() {
		at, ok := e.parseTimerTime(p)
		if !ok {
			return messageReply(http.StatusBadRequest, "Invalid value for stopped_at")
		}
		end = at
	}
	if end.Before(e.timerStart(t)) {
		return messageReply(http.StatusBadRequest, msgTimerNotAllowed)
	}
	elapsed, entryTime := e.finishTimer(t, end)
	e.changed()
	return jsonReply(http.StatusOK, object{{"elapsed", elapsed}, {"entry_id", str(t.EntryID)}, {"entry_time", entryTime}})
}

// startTimer starts user's timer at start and creates its entry; any timer
// of the user has been stopped before.
func (e *Emulator) startTimer(user, task int64, start time.Time, note *string) *TimerRecord {
	a := e.acct
	a.next.Timer = max(a.next.Timer, firstTimerID)
	t := &TimerRecord{ID: a.newID(&a.next.Timer), UserID: user, TaskID: task, StartedAt: start.Format(dateTimeLayout)}
	t.EntryID = e.startTimerEntry(t, start, note)
	a.timers.running[user] = t
	return t
}

// finishTimer stops t at end: its entry gets the time, the timer goes. It
// returns the seconds elapsed and the seconds the entry got.
func (e *Emulator) finishTimer(t *TimerRecord, end time.Time) (elapsed, entryTime int64) {
	elapsed = int64(end.Sub(e.timerStart(t)) / time.Second)
	entryTime = e.stopTimerEntry(t, elapsed)
	delete(e.acct.timers.running, t.UserID)
	return elapsed, entryTime
}

// timerStatus is the status reply of user's timer.
func (e *Emulator) timerStatus(user int64) reply {
	t, ok := e.acct.timers.running[user]
	if !ok {
		return jsonReply(http.StatusOK, object{{"isTimerRunning", false}, {"elapsed", 0}})
	}
	o := object{
		{"isTimerRunning", true},
		{"elapsed", max(0, int64(e.now().Sub(e.timerStart(t))/time.Second))},
		{"entry_id", str(t.EntryID)},
		{"timer_id", str(t.ID)},
		{"start_time", t.StartedAt},
	}
	if task, ok := e.acct.tasks[t.TaskID]; ok && t.TaskID != 0 {
		o = append(o, member{"task_id", str(task.ID)}, member{"name", task.Name})
	}
	o = append(o, member{"note", e.timerEntryNote(t)}, member{"billable", flagInt(e.timerEntryBillable(t))})
	return jsonReply(http.StatusOK, o)
}

// GET /timer_running
func handleTimerRunning(e *Emulator, _ *apiRequest) reply {
	timers := make([]*TimerRecord, 0, len(e.acct.timers.running))
	for _, t := range e.acct.timers.running {
		timers = append(timers, t)
	}
	sort.Slice(timers, func(i, j int) bool { return timers[i].ID < timers[j].ID })
	items := make([]any, 0, len(timers))
	for _, t := range timers {
		var task, name any
		if tr, ok := e.acct.tasks[t.TaskID]; ok && t.TaskID != 0 {
			task, name = str(tr.ID), tr.Name
		}
		items = append(items, object{
			{"timer_id", str(t.ID)},
			{"user_id", str(t.UserID)},
			{"task_id", task},
			{"started_at", t.StartedAt},
			{"name", name},
		})
	}
	return jsonReply(http.StatusOK, items)
}

// DELETE /timer
func handleTimerDiscard(e *Emulator, _ *apiRequest) reply {
	if t, ok := e.acct.timers.running[e.acct.adminUserID]; ok {
		e.discardTimerEntry(t)
		delete(e.acct.timers.running, t.UserID)
		e.changed()
	}
	return emptyReply(http.StatusOK)
}

// parseTimerTime reads YYYY-MM-DD HH:MM:SS in the clock's location.
func (e *Emulator) parseTimerTime(p param) (time.Time, bool) {
	text, err := p.text()
	if err != nil {
		return time.Time{}, false
	}
	t, err := time.ParseInLocation(dateTimeLayout, strings.TrimSpace(text), e.now().Location())
	return t, err == nil
}

// timerStart is when t started, in the clock's location.
func (e *Emulator) timerStart(t *TimerRecord) time.Time {
	start, err := time.ParseInLocation(dateTimeLayout, t.StartedAt, e.now().Location())
	if err != nil {
		return e.now() // not reachable: started_at is checked on start and on load
	}
	return start
}

// loadTimers restores the running timers of a snapshot.
func (a *account) loadTimers(s *Snapshot) error {
	a.timers = newTimerStore()
	a.next.Timer = max(a.next.Timer, firstTimerID)
	ids := map[int64]bool{}
	for _, t := range s.Timers {
		t := t
		if _, err := time.Parse(dateTimeLayout, t.StartedAt); err != nil || t.ID <= 0 || ids[t.ID] {
			return fmt.Errorf("timer %d: duplicate, or without a positive id and a started_at like 2006-01-02 15:04:05", t.ID)
		}
		if _, ok := a.users[t.UserID]; !ok {
			return fmt.Errorf("timer %d: user %d does not exist", t.ID, t.UserID)
		}
		if _, dup := a.timers.running[t.UserID]; dup {
			return fmt.Errorf("timer %d: user %d has another running timer", t.ID, t.UserID)
		}
		ids[t.ID] = true
		a.timers.running[t.UserID] = &t
		a.next.Timer = max(a.next.Timer, t.ID+1)
	}
	return nil
}

// snapshotTimers adds the running timers to s, by timer id.
func (a *account) snapshotTimers(s *Snapshot) {
	for _, t := range a.timers.running {
		s.Timers = append(s.Timers, *t)
	}
	sort.Slice(s.Timers, func(i, j int) bool { return s.Timers[i].ID < s.Timers[j].ID })
}

// The demo's timer is the last seeding step: after the week's entries (it starts where today's
// last one ended) and after the activities (init runs in file name order: activities.go first).
func init() { demoSeeders = append(demoSeeders, seedDemoTimer) }

// seedDemoTimer leaves the admin's timer running on the client portal's Frontend task, as if
// someone were at work: started 20 minutes ago, or where today's last entry ended if later.
// Like every running timer it has an entry of today with duration 0.
func seedDemoTimer(e *Emulator, d *demoSeed) error {
	task, ok := d.tasks[demoProject+"/Frontend"]
	if !ok {
		return fmt.Errorf("demo timer: the task %q is missing", demoProject+"/Frontend")
	}
	start := d.now.Add(-20 * time.Minute).Truncate(time.Second)
	today := d.now.Format(time.DateOnly)
	midnight, _ := time.ParseInLocation(time.DateOnly, today, d.now.Location())
	for _, rec := range e.acct.entries.byID {
		if rec.UserID != d.userID || rec.Date != today || rec.EndTime == nil {
			continue
		}
		if end, ok := parseClock(*rec.EndTime); ok {
			if at := midnight.Add(time.Duration(end) * time.Second); at.After(start) && !at.After(d.now) {
				start = at
			}
		}
	}
	if _, running := e.acct.timers.running[d.userID]; !running {
		note := "Checkout page polish"
		e.startTimer(d.userID, task, start, &note)
	}
	return nil
}
