package timecamp

import (
	"encoding/json"
	"net/http"
	"reflect"
	"testing"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

// sentJSON decodes the JSON body of a captured request.
func sentJSON(t *testing.T, r captured) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(r.Body), &m); err != nil {
		t.Fatalf("body %q is not JSON: %v", r.Body, err)
	}
	return m
}

func TestTimerStartNumbers(t *testing.T) {
	// The start reply carries numbers (SPEC §9), with TS's extra fields.
	c, s := stubClient(t, http.StatusOK, `{"new_timer_id": 6445832, "entry_id": 27028906, "name": "Design", "external_task_id": false, "note": null}`)
	note := "pairing"
	got, err := c.Timer.Start(ctxT(t), TimerStart{TaskID: 80000001, Note: &note})
	if err != nil {
		t.Fatal(err)
	}
	if got.TimerID != 6445832 || got.EntryID != 27028906 || got.Name.Value != "Design" || got.Note.Valid {
		t.Errorf("started = %+v", got)
	}
	r := s.requests()[0]
	if r.Method != http.MethodPost || r.Path != "/api/timer" {
		t.Errorf("sent %s %s", r.Method, r.Path)
	}
	want := map[string]any{"action": "start", "task_id": float64(80000001), "note": "pairing"}
	if b := sentJSON(t, r); !reflect.DeepEqual(b, want) {
		t.Errorf("body = %v, want %v", b, want)
	}
}

func TestTimerStartWithoutTaskSendsOnlyAction(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, `{"new_timer_id": "2", "entry_id": "103217709"}`)
	got, err := c.Timer.Start(ctxT(t), TimerStart{StartedAt: "2021-03-05 08:54:12"})
	if err != nil {
		t.Fatal(err)
	}
	if got.TimerID != 2 || got.EntryID != 103217709 {
		t.Errorf("started = %+v", got)
	}
	want := map[string]any{"action": "start", "started_at": "2021-03-05 08:54:12"}
	if b := sentJSON(t, s.requests()[0]); !reflect.DeepEqual(b, want) {
		t.Errorf("body = %v, want %v", b, want)
	}
}

func TestTimerStartIsNeverReplayed(t *testing.T) {
	for _, status := range []int{http.StatusBadGateway, http.StatusServiceUnavailable} {
		c, s := stubClient(t, status, `{"message":"upstream"}`)
		if _, err := c.Timer.Start(ctxT(t), TimerStart{}); err == nil {
			t.Fatalf("status %d: want an error", status)
		}
		if s.count() != 1 {
			t.Errorf("status %d: start sent %d times, want once", status, s.count())
		}
	}
}

func TestTimerStartMissingTaskIsNotFound(t *testing.T) {
	c, _ := stubClient(t, http.StatusNotFound, `{"message":"No task with such ID"}`)
	_, err := c.Timer.Start(ctxT(t), TimerStart{TaskID: 5})
	if !IsNotFound(err) {
		t.Fatalf("err = %v, want IsNotFound", err)
	}
}

func TestTimerStartReplyWithoutTimerIDIsAnError(t *testing.T) {
	c, _ := stubClient(t, http.StatusOK, `{"entry_id": 1}`)
	if _, err := c.Timer.Start(ctxT(t), TimerStart{}); err == nil {
		t.Fatal("want an error for a reply without new_timer_id")
	}
}

func TestTimerStopEntryIDString(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, `{"elapsed": 91, "entry_id": "27028906", "entry_time": 91}`)
	got, err := c.Timer.Stop(ctxT(t), 6445832, "2021-03-05 09:54:12")
	if err != nil {
		t.Fatal(err)
	}
	if *got != (TimerStopped{Elapsed: 91, EntryID: 27028906, EntryTime: 91}) {
		t.Errorf("stopped = %+v", got)
	}
	want := map[string]any{"action": "stop", "timer_id": float64(6445832), "stopped_at": "2021-03-05 09:54:12"}
	if b := sentJSON(t, s.requests()[0]); !reflect.DeepEqual(b, want) {
		t.Errorf("body = %v, want %v", b, want)
	}
}

func TestTimerStopEmptyBody(t *testing.T) {
	c, _ := stubClient(t, http.StatusOK, ``)
	got, err := c.Timer.Stop(ctxT(t), 0, "")
	if err != nil || *got != (TimerStopped{}) {
		t.Fatalf("Stop = %+v, %v", got, err)
	}
}

func TestTimerStatusRunning(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, `{"isTimerRunning": true, "elapsed": 55, "entry_id": "103217709", "timer_id": "2",
		"start_time": "2020-01-01 12:34:56", "task_id": "80000001", "name": "Design", "external_task_id": false,
		"note": "pairing", "browser_plugin_button_hash": "x", "billable": 1}`)
	got, err := c.Timer.Status(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	want := TimerStatus{Running: true, Elapsed: 55, EntryID: 103217709, TimerID: 2, StartTime: "2020-01-01 12:34:56",
		TaskID: 80000001, Name: NullString{"Design", true}, Note: NullString{"pairing", true}, NoteSent: true, Billable: true}
	if *got != want {
		t.Errorf("status = %+v, want %+v", *got, want)
	}
	if b := sentJSON(t, s.requests()[0]); !reflect.DeepEqual(b, map[string]any{"action": "status"}) {
		t.Errorf("body = %v", b)
	}
}

func TestTimerStatusRunningWithoutOptionalFields(t *testing.T) {
	c, _ := stubClient(t, http.StatusOK, `{"isTimerRunning": true, "elapsed": 55, "entry_id": "103217709", "timer_id": "2", "start_time": "2020-01-01 12:34:56"}`)
	got, err := c.Timer.Status(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	if !bool(got.Running) || got.TaskID != 0 || got.NoteSent || got.Note.Valid || got.TimerID != 2 {
		t.Errorf("status = %+v", got)
	}
}

func TestTimerStatusStopped(t *testing.T) {
	for _, body := range []string{`{"isTimerRunning": false, "elapsed": 0}`, `{"isTimerRunning": "0", "elapsed": "0"}`} {
		c, _ := stubClient(t, http.StatusOK, body)
		got, err := c.Timer.Status(ctxT(t))
		if err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		if *got != (TimerStatus{}) {
			t.Errorf("%s: status = %+v, want zero", body, got)
		}
	}
}

func TestTimerStatusIsRetried(t *testing.T) {
	s := newStub(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			replyWith(http.StatusServiceUnavailable, `{"message":"busy"}`)(w, r, n)
			return
		}
		replyWith(http.StatusOK, `{"isTimerRunning": false, "elapsed": 0}`)(w, r, n)
	})
	c := newTestClient(t, s.base(), testToken, nil)
	if _, err := c.Timer.Status(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if s.count() != 2 {
		t.Errorf("sent %d requests, want 2", s.count())
	}
}

func TestTimerRunningShapes(t *testing.T) {
	cases := map[string][]RunningTimer{
		`[]`: {},
		`[{"timer_id": "18", "user_id": "123", "task_id": null, "started_at": "2021-03-05 14:52:06", "name": null}]`: {
			{TimerID: 18, UserID: 123, StartedAt: "2021-03-05 14:52:06"}},
		`[{"timer_id": 18, "user_id": 123, "task_id": 7, "started_at": "2021-03-05 14:52:06", "name": "Design"}]`: {
			{TimerID: 18, UserID: 123, TaskID: 7, StartedAt: "2021-03-05 14:52:06", Name: NullString{"Design", true}}},
		`{"timer_id": "18", "user_id": "123", "started_at": "2021-03-05 14:52:06"}`: {
			{TimerID: 18, UserID: 123, StartedAt: "2021-03-05 14:52:06"}},
	}
	for body, want := range cases {
		c, s := stubClient(t, http.StatusOK, body)
		got, err := c.Timer.Running(ctxT(t))
		if err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: running = %+v, want %+v", body, got, want)
		}
		if r := s.requests()[0]; r.Method != http.MethodGet || r.Path != "/api/timer_running" {
			t.Errorf("sent %s %s", r.Method, r.Path)
		}
	}
}

func TestTimerDiscard(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, ``)
	if err := c.Timer.Discard(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if r := s.requests()[0]; r.Method != http.MethodDelete || r.Path != "/api/timer" {
		t.Errorf("sent %s %s", r.Method, r.Path)
	}
}

func TestTimerStopIfRunning(t *testing.T) {
	running := `{"isTimerRunning": true, "elapsed": 5, "entry_id": "9", "timer_id": "2", "start_time": "2020-01-01 12:34:56"}`
	stopped := `{"isTimerRunning": false, "elapsed": 0}`
	t.Run("stops the named timer", func(t *testing.T) {
		s := newStub(t, func(w http.ResponseWriter, r *http.Request, n int) {
			switch n {
			case 1:
				replyWith(http.StatusOK, running)(w, r, n)
			default:
				replyWith(http.StatusOK, `{"elapsed": 5, "entry_id": "9", "entry_time": 5}`)(w, r, n)
			}
		})
		c := newTestClient(t, s.base(), testToken, nil)
		got, err := c.Timer.StopIfRunning(ctxT(t), 2)
		if err != nil || got.EntryID != 9 {
			t.Fatalf("StopIfRunning = %+v, %v", got, err)
		}
	})
	t.Run("another timer runs", func(t *testing.T) {
		c, s := stubClient(t, http.StatusOK, running)
		if _, err := c.Timer.StopIfRunning(ctxT(t), 3); !IsNotFound(err) {
			t.Fatalf("err = %v, want IsNotFound", err)
		}
		if s.count() != 1 {
			t.Errorf("sent %d requests, want only the status", s.count())
		}
	})
	t.Run("stopped in between: the refusal is not found", func(t *testing.T) {
		s := newStub(t, func(w http.ResponseWriter, r *http.Request, n int) {
			switch n {
			case 1:
				replyWith(http.StatusOK, running)(w, r, n)
			case 2:
				replyWith(http.StatusBadRequest, `{"message":"This action is not allowed."}`)(w, r, n)
			default:
				replyWith(http.StatusOK, stopped)(w, r, n)
			}
		})
		c := newTestClient(t, s.base(), testToken, nil)
		if _, err := c.Timer.StopIfRunning(ctxT(t), 2); !IsNotFound(err) {
			t.Fatalf("err = %v, want IsNotFound", err)
		}
	})
	t.Run("a refusal while it still runs is an error", func(t *testing.T) {
		s := newStub(t, func(w http.ResponseWriter, r *http.Request, n int) {
			if n == 2 {
				replyWith(http.StatusForbidden, `{"message":"no"}`)(w, r, n)
				return
			}
			replyWith(http.StatusOK, running)(w, r, n)
		})
		c := newTestClient(t, s.base(), testToken, nil)
		if _, err := c.Timer.StopIfRunning(ctxT(t), 2); err == nil || IsNotFound(err) || StatusCode(err) != http.StatusForbidden {
			t.Fatalf("err = %v, want the 403", err)
		}
	})
}

func TestNormalTimestamp(t *testing.T) {
	for in, want := range map[string]string{
		"2020-01-01 12:34:56": "2020-01-01T12:34:56",
		"2020-01-01T12:34:56": "2020-01-01T12:34:56",
		"":                    "",
		"2020-01-01":          "2020-01-01",
	} {
		if got := NormalTimestamp(in); got != want {
			t.Errorf("NormalTimestamp(%q) = %q, want %q", in, got, want)
		}
	}
}

// The emulator round trip: start, status, stop, timer_running, against the canonical wire format.
func TestTimerAgainstEmulator(t *testing.T) {
	c, srv := emulatorClient(t, timecamptest.Options{})
	ctx := ctxT(t)
	st, err := c.Timer.Status(ctx)
	if err != nil || st.Running {
		t.Fatalf("status before start = %+v, %v", st, err)
	}
	started, err := c.Timer.Start(ctx, TimerStart{})
	if err != nil {
		t.Fatal(err)
	}
	st, err = c.Timer.Status(ctx)
	if err != nil || !st.Running || st.TimerID != started.TimerID || st.EntryID != started.EntryID {
		t.Fatalf("status = %+v, %v; started %+v", st, err, started)
	}
	running, err := c.Timer.Running(ctx)
	if err != nil || len(running) != 1 || running[0].TimerID != started.TimerID || int64(running[0].UserID) != srv.AdminUserID() {
		t.Fatalf("running = %+v, %v", running, err)
	}
	stopped, err := c.Timer.StopIfRunning(ctx, int64(started.TimerID))
	if err != nil || stopped.EntryID != started.EntryID {
		t.Fatalf("stop = %+v, %v", stopped, err)
	}
	if _, err := c.Timer.StopIfRunning(ctx, int64(started.TimerID)); !IsNotFound(err) {
		t.Fatalf("second stop: err = %v, want IsNotFound", err)
	}
	if running, err := c.Timer.Running(ctx); err != nil || len(running) != 0 {
		t.Fatalf("running after stop = %+v, %v", running, err)
	}
}
