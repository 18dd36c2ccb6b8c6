package timecamptest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"
)

// createEntry posts an entry and returns its id (a JSON number in {"entry_id": n}, status 201).
func (a *api) createEntry(body map[string]any) string {
	a.t.Helper()
	r := a.json(http.MethodPost, "/entries", body).expect(a.t, http.StatusCreated, "")
	o := decodeObject(a.t, r.body)
	requireKeys(a.t, o, "entry_id")
	requireNumbers(a.t, o, "entry_id")
	return o["entry_id"].(json.Number).String()
}

// entries lists a range and returns the items.
func (a *api) entries(query string) []map[string]any {
	a.t.Helper()
	r := a.get("/entries?"+query).expect(a.t, http.StatusOK, "")
	items, ok := decode(a.t, r.body).([]any)
	if !ok {
		a.t.Fatalf("GET /entries?%s: %s, want a JSON array", query, r.body)
	}
	out := make([]map[string]any, len(items))
	for i, it := range items {
		out[i] = it.(map[string]any)
	}
	return out
}

func (a *api) createTagIn(list string, name string) string {
	a.t.Helper()
	return string(a.json(http.MethodPost, "/tag", map[string]any{"list": list, "name": name}).expect(a.t, http.StatusOK, "").body)
}

func TestEntryCreateAndListWireShapes(t *testing.T) {
	clock := &fixedClock{now: mustTime("2026-03-02 18:00:00")}
	a := newAPI(t, Options{Now: clock.Now})
	a.get("/entries?from=2026-03-01&to=2026-03-31").expect(t, http.StatusOK, "[]")
	task := a.createTask(map[string]any{"name": "Website"})
	list := string(a.json(http.MethodPost, "/tag_list", map[string]any{"name": "Activity"}).expect(t, http.StatusOK, "").body)
	dev := a.createTagIn(list, "Dev")

	id := a.createEntry(map[string]any{"date": "2026-03-02", "start_time": "09:00:00", "end_time": "09:45:00",
		"note": "Planning", "task_id": task, "billable": 1, "tags": []any{map[string]any{"tagId": dev}}})
	if n, _ := strconv.ParseInt(id, 10, 64); n < firstEntryID {
		t.Fatalf("entry id %s not from its range", id)
	}
	// Form bodies and a duration only: no time frame (null times), not billable by default.
	r := a.form(http.MethodPost, "/entries", url.Values{"date": {"2026-03-03"}, "duration": {"1800"}, "description": {"Email"}}).
		expect(t, http.StatusCreated, "")
	other := decodeObject(t, r.body)["entry_id"].(json.Number).String()

	items := a.entries("from=2026-03-01&to=2026-03-31")
	if len(items) != 2 {
		t.Fatalf("%d entries, want 2", len(items))
	}
	e := items[0]
	requireKeys(t, e, "id", "duration", "user_id", "user_name", "task_id", "task_note", "last_modify", "date",
		"start_time", "end_time", "locked", "name", "addons_external_id", "billable", "invoiceId", "color",
		"description", "hasEntryLocationHistory") // no tags without opt_fields=tags
	requireNumbers(t, e, "id", "billable")
	requireStrings(t, e, "duration", "user_id", "task_id", "locked", "invoiceId", "start_time", "end_time", "date", "description")
	admin := str(a.srv.AdminUserID())
	if e["id"].(json.Number).String() != id || e["duration"] != "2700" || e["user_id"] != admin || e["task_id"] != task ||
		e["start_time"] != "09:00:00" || e["end_time"] != "09:45:00" || e["billable"] != json.Number("1") ||
		e["name"] != "Website" || e["description"] != "Planning" || e["locked"] != "0" || e["invoiceId"] != "0" ||
		e["last_modify"] != "2026-03-02 18:00:00" || e["user_name"] != adminDisplayName || e["hasEntryLocationHistory"] != false {
		t.Errorf("entry %v", e)
	}
	e2 := items[1]
	requireNulls(t, e2, "start_time", "end_time")
	if e2["id"].(json.Number).String() != other || e2["duration"] != "1800" || e2["billable"] != json.Number("0") ||
		e2["task_id"] != "0" || e2["name"] != "" || e2["description"] != "Email" {
		t.Errorf("duration-only entry %v", e2)
	}

	// opt_fields=tags: tags (all strings) on the tagged entry; still absent on the other one.
	items = a.entries("from=2026-03-02&to=2026-03-03&opt_fields=tags&user_ids=me")
	tags, ok := items[0]["tags"].([]any)
	if !ok || len(tags) != 1 {
		t.Fatalf("tags = %#v", items[0]["tags"])
	}
	tag := tags[0].(map[string]any)
	requireKeys(t, tag, "tagListName", "tagListId", "tagId", "name", "mandatory")
	requireStrings(t, tag, "tagListName", "tagListId", "tagId", "name", "mandatory")
	if tag["tagId"] != dev || tag["tagListId"] != list || tag["name"] != "Dev" || tag["tagListName"] != "Activity" {
		t.Errorf("tag %v", tag)
	}
	if _, present := items[1]["tags"]; present {
		t.Errorf("an entry without tags carries %v, want the field absent", items[1]["tags"])
	}

	// Filters: one day, task_ids, user_ids.
	if got := a.entries("from=2026-03-03&to=2026-03-03"); len(got) != 1 || got[0]["id"].(json.Number).String() != other {
		t.Errorf("one day: %v", got)
	}
	if got := a.entries("from=2026-03-01&to=2026-03-31&task_ids=" + task); len(got) != 1 {
		t.Errorf("task_ids: %v", got)
	}
	if got := a.entries("from=2026-03-01&to=2026-03-31&user_ids=" + admin); len(got) != 2 {
		t.Errorf("user_ids: %v", got)
	}
}

func TestEntryListErrors(t *testing.T) {
	a := newAPI(t, Options{})
	a.get("/entries").expectMessage(t, http.StatusBadRequest, msgEntryRangeMissing)
	a.get("/entries?from=2026-03-01").expectMessage(t, http.StatusBadRequest, msgEntryRangeMissing)
	a.get("/entries?from=2026-03-01&to=03/02/2026").expectMessage(t, http.StatusBadRequest, msgEntryRangeMissing)
	// Unknown users: 403 with the JSON string "[]" (OAS).
	a.get("/entries?from=2026-03-01&to=2026-03-02&user_ids=1,2").expect(t, http.StatusForbidden, `"[]"`)
}

func TestEntryCreateErrors(t *testing.T) {
	a := newAPI(t, Options{})
	archived := a.createTask(map[string]any{"name": "Old", "archived": 1})
	cases := []struct {
		body   map[string]any
		status int
		msg    string
	}{
		{map[string]any{"duration": 60}, http.StatusBadRequest, msgEntryDateMissing},
		{map[string]any{"date": "2026-03-02"}, http.StatusBadRequest, msgEntryDurationMissing},
		{map[string]any{"date": "2026-03-02", "start_time": "09:00:00"}, http.StatusBadRequest, msgEntryDurationMissing},
		{map[string]any{"date": "2026-02-30", "duration": 60}, http.StatusBadRequest, "unrecognized date format"},
		{map[string]any{"date": "2026-03-02", "start_time": "9am", "duration": 60}, http.StatusBadRequest, "unrecognized start_time format"},
		{map[string]any{"date": "2026-03-05", "start_time": "09:12:52", "end_time": "08:23:10"}, http.StatusForbidden,
			"Start time (2026-03-05 09:12:52) can not be after end time (2026-03-05 08:23:10)."},
		{map[string]any{"date": "2026-03-02", "start_time": "23:00:00", "duration": 7200}, http.StatusBadRequest, msgEntryPastMidnight},
		{map[string]any{"date": "2026-03-02", "duration": 60, "task_id": 1}, http.StatusNotFound, "Task 1 not found"},
		{map[string]any{"date": "2026-03-02", "duration": 60, "task_id": archived}, http.StatusForbidden, msgEntryArchivedTask},
		{map[string]any{"date": "2026-03-02", "duration": 60, "user_id": 7}, http.StatusForbidden, msgEntryUnknownUser},
	}
	for _, c := range cases {
		a.json(http.MethodPost, "/entries", c.body).expectMessage(t, c.status, c.msg)
	}
	if n := len(a.srv.EntryRecords()); n != 0 {
		t.Fatalf("%d entries after refused creates", n)
	}
}

func TestEntryTimeFrames(t *testing.T) {
	a := newAPI(t, Options{})
	day := func(id string) map[string]any {
		t.Helper()
		for _, e := range a.entries("from=2026-03-02&to=2026-03-02") {
			if e["id"].(json.Number).String() == id {
				return e
			}
		}
		t.Fatalf("entry %s not listed", id)
		return nil
	}
	frame := func(id, start, end, duration string) {
		t.Helper()
		e := day(id)
		if e["start_time"] != start || e["end_time"] != end || e["duration"] != duration {
			t.Errorf("entry %s: %v-%v %v, want %s-%s %s", id, e["start_time"], e["end_time"], e["duration"], start, end, duration)
		}
	}
	// start + duration; short and full formats; start/end win over a disagreeing duration and over start_time.
	frame(a.createEntry(map[string]any{"date": "2026-03-02", "start_time": "9:00", "duration": 5400}), "09:00:00", "10:30:00", "5400")
	frame(a.createEntry(map[string]any{"date": "2026-03-02", "start_time": "2026-03-02 11:00:00", "end_time": "2026-03-02 11:30:15", "duration": 1}),
		"11:00:00", "11:30:15", "1815")
	frame(a.createEntry(map[string]any{"date": "2026-03-02", "start": "12:00:00", "start_time": "08:00:00", "end": "12:10:00"}), "12:00:00", "12:10:00", "600")

	id := a.createEntry(map[string]any{"date": "2026-03-02", "start_time": "14:00:00", "end_time": "15:00:00"})
	// Moving the start keeps the duration; a new duration moves the end; a new end keeps the start.
	a.json(http.MethodPut, "/entries", map[string]any{"id": id, "start_time": "14:30:00"}).expect(t, http.StatusOK, "")
	frame(id, "14:30:00", "15:30:00", "3600")
	a.json(http.MethodPut, "/entries", map[string]any{"id": id, "duration": 900}).expect(t, http.StatusOK, "")
	frame(id, "14:30:00", "14:45:00", "900")
	a.json(http.MethodPut, "/entries", map[string]any{"id": id, "end_time": "16:00:00"}).expect(t, http.StatusOK, "")
	frame(id, "14:30:00", "16:00:00", "5400")
	a.json(http.MethodPut, "/entries", map[string]any{"id": id, "start_time": "17:00:00", "end_time": "16:00:00"}).
		expectMessage(t, http.StatusForbidden, "Start time (2026-03-02 17:00:00) can not be after end time (2026-03-02 16:00:00).")
	frame(id, "14:30:00", "16:00:00", "5400")
}

func TestEntryUpdateLegacyReply(t *testing.T) {
	clock := &fixedClock{now: mustTime("2026-03-02 18:00:00")}
	a := newAPI(t, Options{Now: clock.Now})
	id := a.createEntry(map[string]any{"date": "2026-03-02", "start_time": "13:05:47", "end_time": "14:24:41"})
	clock.now = clock.now.Add(time.Hour)
	r := a.json(http.MethodPut, "/entries", map[string]any{"id": id, "note": "Review", "billable": true}).expect(t, http.StatusOK, "")
	admin := str(a.srv.AdminUserID())
	want := `{"entry_id":"` + id + `","user_id":"` + admin + `","date":"2026-03-02","task_id":"0","time_span":4734,` +
		`"locked":"0","last_modify":"2026-03-02 19:00:00","note":"Review","start_time_hour":"13:05:47",` +
		`"end_time_hour":"14:24:41","invoiceId":"0","billable":"1"}`
	if string(r.body) != want {
		t.Fatalf("PUT reply\n got %s\nwant %s", r.body, want)
	}
	// A change that changes nothing leaves last_modify alone.
	clock.now = clock.now.Add(time.Hour)
	r = a.json(http.MethodPut, "/entries", map[string]any{"id": id, "note": "Review"}).expect(t, http.StatusOK, "")
	if o := decodeObject(t, r.body); o["last_modify"] != "2026-03-02 19:00:00" {
		t.Errorf("last_modify moved on a no-op update: %v", o["last_modify"])
	}
	a.json(http.MethodPut, "/entries", map[string]any{"note": "x"}).expectMessage(t, http.StatusBadRequest, msgEntryIDMissing)
	a.json(http.MethodPut, "/entries", map[string]any{"id": 1, "note": "x"}).expectMessage(t, http.StatusForbidden, msgEntryNoPermission)
}

func TestEntryDeleteIsIdempotent(t *testing.T) {
	a := newAPI(t, Options{})
	id := a.createEntry(map[string]any{"date": "2026-03-02", "duration": 60})
	a.json(http.MethodDelete, "/entries", map[string]any{"id": id}).expect(t, http.StatusOK, `{"message":"removed"}`)
	a.json(http.MethodDelete, "/entries", map[string]any{"id": id}).expectEmpty(t, http.StatusNoContent)
	// Form bodies (MCP, VCR) work too.
	a.form(http.MethodDelete, "/entries", url.Values{"id": {id}}).expectEmpty(t, http.StatusNoContent)
	a.json(http.MethodDelete, "/entries", map[string]any{}).expectMessage(t, http.StatusBadRequest, msgEntryIDMissing)
	a.get("/entries?from=2026-03-02&to=2026-03-02").expect(t, http.StatusOK, "[]")
}

func TestEntryTagsEndpoints(t *testing.T) {
	a := newAPI(t, Options{})
	list := string(a.json(http.MethodPost, "/tag_list", map[string]any{"name": "Activity"}).expect(t, http.StatusOK, "").body)
	dev, review := a.createTagIn(list, "Dev"), a.createTagIn(list, "Review")
	id := a.createEntry(map[string]any{"date": "2026-03-02", "duration": 60})
	path := "/entries/" + id + "/tags"

	a.get(path).expect(t, http.StatusOK, "[]")
	a.json(http.MethodPut, path, map[string]any{"tags": dev + ",999"}).expect(t, http.StatusOK, `["`+dev+`"]`)
	a.json(http.MethodPut, path, map[string]any{"tags": "999"}).expect(t, http.StatusOK, `[]`)
	a.json(http.MethodPut, path, map[string]any{"tags": ""}).expect(t, http.StatusBadRequest, `"Empty tags"`)
	a.json(http.MethodPut, path, map[string]any{}).expect(t, http.StatusBadRequest, `"Empty tags"`)
	a.json(http.MethodPut, path, map[string]any{"tags": review}).expect(t, http.StatusOK, `["`+review+`"]`)

	o := decodeObject(t, a.get(path).expect(t, http.StatusOK, "").body)
	requireKeys(t, o, id)
	if tags := o[id].([]any); len(tags) != 2 || tags[0].(map[string]any)["tagId"] != dev {
		t.Fatalf("tags %v", o[id])
	}
	a.json(http.MethodDelete, path, map[string]any{"tags": dev}).expect(t, http.StatusOK, `["`+dev+`"]`)
	a.json(http.MethodDelete, path, map[string]any{"tags": dev}).expect(t, http.StatusOK, `[]`)
	a.json(http.MethodPut, "/entries/1/tags", map[string]any{"tags": dev}).expectMessage(t, http.StatusForbidden, msgEntryNoPermission)
	if recs := a.srv.EntryRecords(); len(recs[0].TagIDs) != 1 || str(recs[0].TagIDs[0]) != review {
		t.Fatalf("stored tags %v", recs[0].TagIDs)
	}
}

func TestEntryIncludeRates(t *testing.T) {
	a := newAPI(t, Options{})
	task := a.createTask(map[string]any{"name": "Website"})
	taskID, _ := strconv.ParseInt(task, 10, 64)
	a.srv.mu.Lock()
	a.srv.acct.rates.rates[1] = &RateRecord{ID: 1, RateTypeID: rateTypeBillable, RefType: "task", RefID: task, Value: "120.00"}
	a.srv.acct.rates.rates[2] = &RateRecord{ID: 2, RateTypeID: rateTypeCost, RefType: "user", RefID: str(a.srv.acct.adminUserID), Value: "40.50"}
	a.srv.mu.Unlock()
	a.createEntry(map[string]any{"date": "2026-03-02", "duration": 5400, "task_id": taskID, "billable": 1})
	a.createEntry(map[string]any{"date": "2026-03-02", "duration": 3600})

	items := a.entries("from=2026-03-02&to=2026-03-02&include_rates=true")
	requireStrings(t, items[0], "total_cost", "total_income")
	requireNumbers(t, items[0], "rate_income")
	if items[0]["total_income"] != "180.00" || items[0]["total_cost"] != "60.75" || items[0]["rate_income"] != json.Number("120") {
		t.Errorf("rates of the billable entry: %v %v %v", items[0]["total_income"], items[0]["total_cost"], items[0]["rate_income"])
	}
	if items[1]["total_income"] != "0.00" || items[1]["total_cost"] != "40.50" {
		t.Errorf("rates of the entry without task: %v %v", items[1]["total_income"], items[1]["total_cost"])
	}
	if _, present := a.entries("from=2026-03-02&to=2026-03-02")[0]["total_cost"]; present {
		t.Error("rates sent without include_rates")
	}
}

func TestEntryLockedRefusesChanges(t *testing.T) {
	a := newAPI(t, Options{})
	ids, err := a.srv.SeedEntries(SeedEntry{Date: "2026-03-02", Start: "09:00", End: "10:00", Locked: true})
	if err != nil {
		t.Fatal(err)
	}
	id := str(ids[0])
	a.json(http.MethodPut, "/entries", map[string]any{"id": id, "note": "x"}).expectMessage(t, http.StatusForbidden, msgEntryLocked)
	a.json(http.MethodDelete, "/entries", map[string]any{"id": id}).expectMessage(t, http.StatusForbidden, msgEntryLocked)
	if e := a.entries("from=2026-03-02&to=2026-03-02")[0]; e["locked"] != "1" || e["duration"] != "3600" {
		t.Errorf("seeded entry %v", e)
	}
}

func TestEntryLostReplyStillCreates(t *testing.T) {
	a := newAPI(t, Options{})
	a.srv.InjectFault(Fault{Method: http.MethodPost, Path: "/entries", LoseReply: true})
	req, _ := http.NewRequest(http.MethodPost, a.srv.URL+"/entries", strings.NewReader(`{"date":"2026-03-02","duration":60}`))
	req.Header.Set("Authorization", "Bearer "+a.srv.Token)
	req.Header.Set("Content-Type", "application/json")
	if resp, err := a.hc.Do(req); err == nil {
		resp.Body.Close()
		t.Fatal("the reply arrived; want a lost reply")
	}
	if n := len(a.srv.EntryRecords()); n != 1 {
		t.Fatalf("%d entries after a lost reply, want 1", n)
	}
}

func TestSeedDemoWeek(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "data.json")
	now := time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC) // a Wednesday, noon
	e, err := New(Options{DataFile: file, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	seeded, err := e.Seed(now)
	if err != nil || !seeded {
		t.Fatalf("Seed = %v, %v", seeded, err)
	}
	recs := e.EntryRecords()
	days := map[string]int{}
	for _, r := range recs {
		days[r.Date]++
		if r.StartTime == nil || r.TaskID == 0 || r.Note == "" {
			t.Errorf("seeded entry %+v", r)
		}
		if r.Date == "2026-03-04" && *r.EndTime > "12:00:00" {
			t.Errorf("entry after now: %+v", r)
		}
	}
	// Thu 26 Feb, Fri 27, Mon 2 Mar, Tue 3 (full days: 6 entries), Wed 4 until noon (starts 5 minutes
	// late that day: Frontend and the stand-up end before noon, Backend at 12:35 does not) and the
	// running timer's entry (duration 0).
	want := map[string]int{"2026-02-26": 6, "2026-02-27": 6, "2026-03-02": 6, "2026-03-03": 6, "2026-03-04": 3}
	if len(days) != len(want) {
		t.Fatalf("days %v, want %v", days, want)
	}
	for d, n := range want {
		if days[d] != n {
			t.Errorf("%s: %d entries, want %d", d, days[d], n)
		}
	}
	// Billable client work carries income at the project's rate: 95.00 an hour.
	e.mu.Lock()
	cost, income, _ := e.entryRates(e.acct.entries.byID[recs[0].ID])
	e.mu.Unlock()
	if recs[0].Duration != 5400 || !recs[0].Billable || income != "142.50" || cost != "60.00" {
		t.Errorf("first seeded entry %+v: income %s cost %s, want 142.50 and 60.00 for 1.5 h", recs[0], income, cost)
	}
	if again, err := e.Seed(now); err != nil || again {
		t.Fatalf("second Seed = %v, %v; want false (already seeded)", again, err)
	}
	// The data file holds the seeded week.
	reloaded, err := New(Options{DataFile: file})
	if err != nil {
		t.Fatal(err)
	}
	if got := reloaded.EntryRecords(); len(got) != len(recs) {
		t.Fatalf("reloaded %d entries, want %d", len(got), len(recs))
	}
	if again, _ := reloaded.Seed(now); again {
		t.Fatal("a reloaded seeded account was seeded again")
	}
}

func TestEntrySnapshotValidation(t *testing.T) {
	base := func() *Snapshot {
		e, _ := New(Options{})
		if _, err := e.SeedEntries(SeedEntry{Date: "2026-03-02", Start: "09:00:00", End: "10:00:00"}); err != nil {
			t.Fatal(err)
		}
		return e.acct.snapshot()
	}
	if _, err := accountFromSnapshot(base()); err != nil {
		t.Fatalf("a valid snapshot: %v", err)
	}
	for name, breakIt := range map[string]func(s *Snapshot){
		"bad date":       func(s *Snapshot) { s.Entries[0].Date = "2026-13-01" },
		"duration":       func(s *Snapshot) { s.Entries[0].Duration = 5 },
		"missing user":   func(s *Snapshot) { s.Entries[0].UserID = 1 },
		"half a frame":   func(s *Snapshot) { s.Entries[0].EndTime = nil },
		"unknown tag":    func(s *Snapshot) { s.Entries[0].TagIDs = []int64{1} },
		"duplicate":      func(s *Snapshot) { s.Entries = append(s.Entries, s.Entries[0]) },
		"negative frame": func(s *Snapshot) { s.Entries[0].StartTime = clockPtr(11 * 3600) },
	} {
		s := base()
		breakIt(s)
		if _, err := accountFromSnapshot(s); err == nil {
			t.Errorf("%s: snapshot accepted", name)
		}
	}
}
