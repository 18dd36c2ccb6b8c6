package timecamptest

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func seedTwoDays(t *testing.T, e *Emulator) []ActivityRecord {
	t.Helper()
	recs, err := e.AddActivities(
		Activity{App: "Firefox", AppInfo: "github.com", WindowTitle: "Pull requests", End: mustTime("2024-03-05 09:30:07"), Span: 9 * time.Second},
		Activity{App: "Slack", WindowTitle: "general", End: mustTime("2024-03-05 09:30:00"), Span: 4 * time.Second, TaskID: 7, EntryID: 8},
		Activity{App: "Firefox", AppInfo: "github.com", WindowTitle: "Issues", End: mustTime("2024-03-06 10:00:00"), Span: time.Minute},
	)
	if err != nil {
		t.Fatal(err)
	}
	return recs
}

func TestActivityWireShape(t *testing.T) {
	a := newAPI(t, Options{})
	recs := seedTwoDays(t, a.srv.Emulator)
	if recs[0].ApplicationID != recs[2].ApplicationID || recs[0].ApplicationID == recs[1].ApplicationID {
		t.Fatalf("applications not found by name and info: %+v", recs)
	}

	// Indexed dates, as TS and DP send them; rows ordered by end_time; strings except time_span.
	r := a.get("/activity?dates[0]=2024-03-05&include=application,window_title").expect(t, http.StatusOK, "")
	rows := decode(t, r.body).([]any)
	if len(rows) != 2 {
		t.Fatalf("rows = %v", rows)
	}
	first := rows[0].(map[string]any)
	requireKeys(t, first, "user_id", "application_id", "end_time", "time_span", "window_title_id", "end_date", "task_id", "entry_id", "application", "window_title")
	requireStrings(t, first, "user_id", "application_id", "end_time", "window_title_id", "end_date", "task_id", "entry_id", "application", "window_title")
	requireNumbers(t, first, "time_span")
	if first["end_time"] != "2024-03-05 09:30:00" || first["application"] != "Slack" || first["window_title"] != "general" ||
		first["task_id"] != "7" || first["entry_id"] != "8" || first["time_span"] != json.Number("4") || first["user_id"] != str(a.srv.AdminUserID()) {
		t.Fatalf("first row = %v", first)
	}
	// The include field is the app_name; the display name comes from /application.
	if second := rows[1].(map[string]any); second["application"] != "Firefox" || second["task_id"] != "0" {
		t.Fatalf("second row = %v", second)
	}

	// Without include: no application/window_title fields. dates[] and two days.
	r = a.get("/activity?dates[]=2024-03-05&dates[]=2024-03-06").expect(t, http.StatusOK, "")
	rows = decode(t, r.body).([]any)
	if len(rows) != 3 {
		t.Fatalf("two days: %d rows", len(rows))
	}
	requireKeys(t, rows[2].(map[string]any), "user_id", "application_id", "end_time", "time_span", "window_title_id", "end_date", "task_id", "entry_id")

	a.get("/activity?dates[0]=2024-03-07").expect(t, http.StatusOK, `[]`)
}

func TestActivityDatesRequiredAndBounded(t *testing.T) {
	a := newAPI(t, Options{})
	a.get("/activity").expectMessage(t, http.StatusBadRequest, msgActivityDates)
	a.get("/activity?dates[0]=05.03.2024").expectMessage(t, http.StatusBadRequest, msgActivityDates)
	var q []string
	for d := 1; d <= 21; d++ {
		q = append(q, "dates[]="+time.Date(2024, 3, d, 0, 0, 0, 0, time.UTC).Format(time.DateOnly))
	}
	a.get("/activity?"+strings.Join(q, "&")).expectMessage(t, http.StatusBadRequest, msgActivityMaxDates)
	a.get("/activity?"+strings.Join(q[:20], "&")).expect(t, http.StatusOK, `[]`)
}

// One user per call: a comma-separated user_id is answered for its first user only.
func TestActivityOneUserPerCall(t *testing.T) {
	a := newAPI(t, Options{})
	seedTwoDays(t, a.srv.Emulator)
	admin := str(a.srv.AdminUserID())
	rows := decode(t, a.get("/activity?dates[0]=2024-03-05&user_id="+admin).body).([]any)
	if len(rows) != 2 {
		t.Fatalf("admin's rows: %v", rows)
	}
	a.get("/activity?dates[0]=2024-03-05&user_id=999,"+admin).expect(t, http.StatusOK, `[]`)
	if rows := decode(t, a.get("/activity?dates[0]=2024-03-05&user_id="+admin+",999").body).([]any); len(rows) != 2 {
		t.Fatalf("first id of a list: %v", rows)
	}
	if _, err := a.srv.AddActivities(Activity{UserID: 999, App: "x", End: mustTime("2024-03-05 09:00:00")}); err == nil {
		t.Fatal("an activity of a user that does not exist was accepted")
	}
}

func TestApplicationKeyedWithAditionalInfo(t *testing.T) {
	a := newAPI(t, Options{})
	recs := seedTwoDays(t, a.srv.Emulator)
	firefox, slack := str(recs[0].ApplicationID), str(recs[1].ApplicationID)
	r := a.get("/application?application_ids="+firefox+","+slack+",1").expect(t, http.StatusOK, "")
	o := decodeObject(t, r.body)
	requireKeys(t, o, firefox, slack)
	app := o[firefox].(map[string]any)
	requireKeys(t, app, "application_id", "app_name", "aditional_info", "full_name", "category_id")
	requireStrings(t, app, "application_id", "app_name", "aditional_info", "category_id")
	if app["application_id"] != firefox || app["app_name"] != "Firefox" || app["aditional_info"] != "github.com" {
		t.Fatalf("firefox = %v", app)
	}
	requireNulls(t, o[slack].(map[string]any), "aditional_info", "full_name")
	a.get("/application?application_ids=1,2").expect(t, http.StatusOK, `[]`)
	a.get("/application").expect(t, http.StatusOK, `[]`)
}

func TestActivitiesPersist(t *testing.T) {
	file := filepath.Join(t.TempDir(), "account.json")
	a := newAPI(t, Options{DataFile: file})
	seedTwoDays(t, a.srv.Emulator)
	want := string(a.get("/activity?dates[0]=2024-03-05&dates[1]=2024-03-06&include=application,window_title").body)
	a.srv.Close()
	b := newAPI(t, Options{DataFile: file})
	got := string(b.get("/activity?dates[0]=2024-03-05&dates[1]=2024-03-06&include=application,window_title").body)
	if got != want {
		t.Fatalf("after reload\n got %s\nwant %s", got, want)
	}
	recs, err := b.srv.AddActivities(Activity{App: "Terminal", End: mustTime("2024-03-05 11:00:00")})
	if err != nil || recs[0].ApplicationID <= firstApplicationID {
		t.Fatalf("new application after reload: %+v, %v", recs, err)
	}
}

func TestSeedDemoActivities(t *testing.T) {
	now := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC) // a Wednesday, noon
	a := newAPI(t, Options{Now: func() time.Time { return now }})
	if _, err := a.srv.Seed(now); err != nil {
		t.Fatal(err)
	}
	// Thu 26 Feb .. Wed 4 Mar: four full working days and Wednesday morning.
	r := a.get("/activity?dates[0]=2026-02-26&dates[1]=2026-02-27&dates[2]=2026-02-28&dates[3]=2026-03-01&dates[4]=2026-03-02&dates[5]=2026-03-03&dates[6]=2026-03-04&include=application")
	rows := decode(t, r.expect(t, http.StatusOK, "").body).([]any)
	perDay, linked, apps := map[string]int{}, 0, map[string]bool{}
	for _, row := range rows {
		o := row.(map[string]any)
		perDay[o["end_date"].(string)]++
		if o["entry_id"] != "0" {
			linked++
		}
		apps[o["application_id"].(string)] = true
		if o["end_date"] == "2026-03-04" && o["end_time"].(string) > "2026-03-04 12:00:00" {
			t.Errorf("activity after now: %v", o)
		}
	}
	// 09:00-17:00 in ten-minute spans without the lunch hour: 42 a day; Wednesday until noon: 18.
	want := map[string]int{"2026-02-26": 42, "2026-02-27": 42, "2026-03-02": 42, "2026-03-03": 42, "2026-03-04": 18}
	if len(perDay) != len(want) {
		t.Fatalf("activities per day %v, want %v", perDay, want)
	}
	for d, n := range want {
		if perDay[d] != n {
			t.Errorf("%s: %d activities, want %d", d, perDay[d], n)
		}
	}
	if linked == 0 || linked == len(rows) {
		t.Errorf("%d of %d activities linked to entries; want some, not all (the gaps between entries)", linked, len(rows))
	}
	var ids []string
	for id := range apps {
		ids = append(ids, id)
	}
	named := decodeObject(t, a.get("/application?application_ids="+strings.Join(ids, ",")).body)
	if len(named) != len(ids) {
		t.Fatalf("/application knows %d of the %d applications used", len(named), len(ids))
	}
}

// Seed leaves the admin's timer running (its last step).
func TestSeedDemoTimer(t *testing.T) {
	now := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)
	a := newAPI(t, Options{Now: func() time.Time { return now }})
	if _, err := a.srv.Seed(now); err != nil {
		t.Fatal(err)
	}
	st := decodeObject(t, a.json(http.MethodPost, "/timer", nil).expect(t, http.StatusOK, "").body)
	// Wednesday's stand-up ends at 10:50: later than 20 minutes ago is 11:40, so the timer starts then.
	if st["isTimerRunning"] != true || st["start_time"] != "2026-03-04 11:40:00" || st["name"] != "Frontend" ||
		st["note"] != "Checkout page polish" || st["elapsed"] != json.Number("1200") {
		t.Fatalf("demo timer status = %v", st)
	}
	if running := decode(t, a.get("/timer_running").expect(t, http.StatusOK, "").body).([]any); len(running) != 1 {
		t.Fatalf("%d running timers after Seed, want the admin's one", len(running))
	}
}
