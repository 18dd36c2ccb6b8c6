package timecamptest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"testing"
	"time"
)

// timerAPI is an emulator whose clock the test moves.
func timerAPI(t *testing.T, opts Options) (*api, *fixedClock) {
	t.Helper()
	clock := &fixedClock{now: mustTime("2024-03-05 09:00:00")}
	opts.Now = clock.Now
	return newAPI(t, opts), clock
}

func (a *api) timerStatus() map[string]any {
	a.t.Helper()
	return decodeObject(a.t, a.json(http.MethodPost, "/timer", map[string]any{"action": "status"}).expect(a.t, http.StatusOK, "").body)
}

func TestTimerWireShapes(t *testing.T) {
	a, clock := timerAPI(t, Options{})
	// Stopped: the status has just two fields; the default action is status; [] from timer_running.
	a.json(http.MethodPost, "/timer", map[string]any{"action": "status"}).expect(t, http.StatusOK, `{"isTimerRunning":false,"elapsed":0}`)
	a.json(http.MethodPost, "/timer", nil).expect(t, http.StatusOK, `{"isTimerRunning":false,"elapsed":0}`)
	a.get("/timer_running").expect(t, http.StatusOK, `[]`)

	// Start with a task and a note: numbers in the reply.
	task := a.createTask(map[string]any{"name": "Design"})
	r := a.json(http.MethodPost, "/timer", map[string]any{"action": "start", "task_id": task, "note": "pairing"}).expect(t, http.StatusOK, "")
	started := decodeObject(t, r.body)
	requireKeys(t, started, "new_timer_id", "entry_id")
	requireNumbers(t, started, "new_timer_id", "entry_id")
	timerID, entryID := started["new_timer_id"].(json.Number).String(), started["entry_id"].(json.Number).String()

	// The entry exists at once with duration "0".
	entries := decode(t, a.get("/entries?from=2024-03-05&to=2024-03-05").expect(t, http.StatusOK, "").body).([]any)
	if len(entries) != 1 {
		t.Fatalf("entries after start: %v", entries)
	}
	entry := entries[0].(map[string]any)
	if entry["id"].(json.Number).String() != entryID || entry["duration"] != "0" || entry["start_time"] != "09:00:00" ||
		entry["task_id"] != task || entry["description"] != "pairing" {
		t.Fatalf("timer entry = %v", entry)
	}

	// Running status: strings for ids, a real boolean, elapsed from the clock.
	clock.now = clock.now.Add(90 * time.Second)
	st := a.timerStatus()
	requireKeys(t, st, "isTimerRunning", "elapsed", "entry_id", "timer_id", "start_time", "task_id", "name", "note", "billable")
	requireStrings(t, st, "entry_id", "timer_id", "start_time", "task_id", "name", "note")
	requireNumbers(t, st, "elapsed", "billable")
	if st["isTimerRunning"] != true || st["elapsed"] != json.Number("90") || st["timer_id"] != timerID || st["entry_id"] != entryID ||
		st["start_time"] != "2024-03-05 09:00:00" || st["task_id"] != task || st["name"] != "Design" || st["note"] != "pairing" {
		t.Fatalf("status = %v", st)
	}

	running := decode(t, a.get("/timer_running").expect(t, http.StatusOK, "").body).([]any)
	if len(running) != 1 {
		t.Fatalf("timer_running = %v", running)
	}
	item := running[0].(map[string]any)
	requireKeys(t, item, "timer_id", "user_id", "task_id", "started_at", "name")
	requireStrings(t, item, "timer_id", "user_id", "task_id", "started_at", "name")
	if item["timer_id"] != timerID || item["user_id"] != str(a.srv.AdminUserID()) || item["started_at"] != "2024-03-05 09:00:00" {
		t.Fatalf("timer_running item = %v", item)
	}

	// Stop: entry_id a string, elapsed and entry_time numbers; the entry gets its end and duration.
	clock.now = clock.now.Add(30 * time.Second)
	a.json(http.MethodPost, "/timer", map[string]any{"action": "stop", "timer_id": timerID}).
		expect(t, http.StatusOK, fmt.Sprintf(`{"elapsed":120,"entry_id":%q,"entry_time":120}`, entryID))
	entry = decode(t, a.get("/entries?from=2024-03-05&to=2024-03-05").body).([]any)[0].(map[string]any)
	if entry["duration"] != "120" || entry["end_time"] != "09:02:00" {
		t.Fatalf("entry after stop = %v", entry)
	}
	a.get("/timer_running").expect(t, http.StatusOK, `[]`)
	a.json(http.MethodPost, "/timer", nil).expect(t, http.StatusOK, `{"isTimerRunning":false,"elapsed":0}`)
}

func TestTimerWithoutTaskAndForm(t *testing.T) {
	a, _ := timerAPI(t, Options{})
	// VCR sends the timer as a form; no task and no note.
	r := a.form(http.MethodPost, "/timer", url.Values{"action": {"start"}, "started_at": {"2024-03-05 08:30:00"}}).expect(t, http.StatusOK, "")
	requireNumbers(t, decodeObject(t, r.body), "new_timer_id", "entry_id")
	st := a.timerStatus()
	requireKeys(t, st, "isTimerRunning", "elapsed", "entry_id", "timer_id", "start_time", "note", "billable")
	requireNulls(t, st, "note")
	if st["elapsed"] != json.Number("1800") || st["billable"] != json.Number("0") {
		t.Fatalf("status = %v", st)
	}
	item := decode(t, a.get("/timer_running").body).([]any)[0].(map[string]any)
	requireNulls(t, item, "task_id", "name")
}

// SPEC §17.19, the emulator's choices: a start while running stops the old timer; a stop
// with nothing running (or naming another timer) is refused and changes nothing.
func TestTimerStartWhileRunningAndStopWhenStopped(t *testing.T) {
	a, clock := timerAPI(t, Options{})
	a.json(http.MethodPost, "/timer", map[string]any{"action": "stop"}).expectMessage(t, http.StatusBadRequest, msgTimerNotAllowed)

	first := decodeObject(t, a.json(http.MethodPost, "/timer", map[string]any{"action": "start"}).body)
	clock.now = clock.now.Add(time.Minute)
	second := decodeObject(t, a.json(http.MethodPost, "/timer", map[string]any{"action": "start"}).expect(t, http.StatusOK, "").body)
	if first["new_timer_id"] == second["new_timer_id"] || first["entry_id"] == second["entry_id"] {
		t.Fatalf("second start reused ids: %v %v", first, second)
	}
	entries := a.srv.EntryRecords()
	if len(entries) != 2 || entries[0].Duration != 60 || entries[1].Duration != 0 {
		t.Fatalf("entries = %+v; want the first stopped after 60s, the second running", entries)
	}
	if running := decode(t, a.get("/timer_running").body).([]any); len(running) != 1 {
		t.Fatalf("timer_running = %v, want only the second timer", running)
	}

	// A stop naming the first (stopped) timer is refused and leaves the second running.
	a.json(http.MethodPost, "/timer", map[string]any{"action": "stop", "timer_id": first["new_timer_id"]}).
		expectMessage(t, http.StatusBadRequest, msgTimerNotAllowed)
	if st := a.timerStatus(); st["timer_id"] != second["new_timer_id"].(json.Number).String() {
		t.Fatalf("status = %v", st)
	}
	// A stop before the start, an unreadable time, an unknown action.
	a.json(http.MethodPost, "/timer", map[string]any{"action": "stop", "stopped_at": "2024-03-05 08:00:00"}).
		expectMessage(t, http.StatusBadRequest, msgTimerNotAllowed)
	a.json(http.MethodPost, "/timer", map[string]any{"action": "stop", "stopped_at": "soon"}).
		expectMessage(t, http.StatusBadRequest, "Invalid value for stopped_at")
	a.json(http.MethodPost, "/timer", map[string]any{"action": "pause"}).expectMessage(t, http.StatusBadRequest, msgTimerNotAllowed)
	// Stop at a given time.
	a.json(http.MethodPost, "/timer", map[string]any{"action": "stop", "stopped_at": "2024-03-05 09:11:00"}).
		expect(t, http.StatusOK, fmt.Sprintf(`{"elapsed":600,"entry_id":"%s","entry_time":600}`, second["entry_id"]))
	a.json(http.MethodPost, "/timer", map[string]any{"action": "stop"}).expectMessage(t, http.StatusBadRequest, msgTimerNotAllowed)
}

func TestTimerTaskErrors(t *testing.T) {
	a, _ := timerAPI(t, Options{})
	a.json(http.MethodPost, "/timer", map[string]any{"action": "start", "task_id": 1}).expectMessage(t, http.StatusNotFound, msgTimerNoTask)
	task := a.createTask(map[string]any{"name": "Old"})
	a.json(http.MethodPut, "/tasks", map[string]any{"task_id": task, "archived": 1}).expect(t, http.StatusOK, "")
	a.json(http.MethodPost, "/timer", map[string]any{"action": "start", "task_id": task}).expectMessage(t, http.StatusForbidden, msgTimerTaskLocked)
	a.json(http.MethodPost, "/timer", map[string]any{"action": "start", "started_at": "yesterday"}).
		expectMessage(t, http.StatusBadRequest, "Invalid value for started_at")
	if n := len(a.srv.EntryRecords()); n != 0 {
		t.Fatalf("%d entries after refused starts", n)
	}
}

func TestTimerDiscard(t *testing.T) {
	a, _ := timerAPI(t, Options{})
	a.send(http.MethodDelete, "/timer", "", "").expectEmpty(t, http.StatusOK) // nothing runs: no change
	a.json(http.MethodPost, "/timer", map[string]any{"action": "start"}).expect(t, http.StatusOK, "")
	a.send(http.MethodDelete, "/timer", "", "").expectEmpty(t, http.StatusOK)
	a.get("/timer_running").expect(t, http.StatusOK, `[]`)
	if n := len(a.srv.EntryRecords()); n != 0 {
		t.Fatalf("%d entries after discard, want the timer's entry gone", n)
	}
}

func TestTimerPastMidnightFillsTheDay(t *testing.T) {
	a, clock := timerAPI(t, Options{})
	clock.now = mustTime("2024-03-05 23:59:00")
	a.json(http.MethodPost, "/timer", map[string]any{"action": "start"}).expect(t, http.StatusOK, "")
	clock.now = clock.now.Add(2 * time.Minute)
	r := decodeObject(t, a.json(http.MethodPost, "/timer", map[string]any{"action": "stop"}).expect(t, http.StatusOK, "").body)
	if r["elapsed"] != json.Number("120") || r["entry_time"] != json.Number("59") {
		t.Fatalf("stop = %v", r)
	}
	if e := a.srv.EntryRecords()[0]; *e.EndTime != "23:59:59" || e.Duration != 59 {
		t.Fatalf("entry = %+v", e)
	}
}

func TestTimerPersists(t *testing.T) {
	file := filepath.Join(t.TempDir(), "account.json")
	a, _ := timerAPI(t, Options{DataFile: file})
	a.json(http.MethodPost, "/timer", map[string]any{"action": "start", "note": "kept"}).expect(t, http.StatusOK, "")
	before := a.timerStatus()
	a.srv.Close()
	b, _ := timerAPI(t, Options{DataFile: file})
	if after := b.timerStatus(); fmt.Sprint(after) != fmt.Sprint(before) {
		t.Fatalf("status after reload = %v, want %v", after, before)
	}
	// The counter goes on after the stored timer.
	next := decodeObject(t, b.json(http.MethodPost, "/timer", map[string]any{"action": "start"}).body)
	if next["new_timer_id"].(json.Number).String() == before["timer_id"] {
		t.Fatal("timer id reused after reload")
	}
}
