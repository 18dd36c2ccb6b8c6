package timecamp

import (
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

// entryModern is a GET /entries item as OAS shows it today: id a number, the rest strings,
// billable an int, tags all strings.
const entryModern = `{"id":77181352,"duration":"2700","user_id":"123","user_name":"John Kowalski","task_id":"51218281",
	"last_modify":"2020-02-02 00:03:50","date":"2020-02-03","start_time":"09:00:00","end_time":"09:45:00","locked":"0",
	"name":"Development projects","addons_external_id":"","billable":1,"invoiceId":"0","color":"#5DCB73",
	"description":"my description","tags":[{"tagListName":"tagList","tagListId":"8","tagId":"13","name":"Dev","mandatory":"0"}],
	"hasEntryLocationHistory":false}`

// entryLegacy is the 2018 (VCR) style: every value a string, no tags field (the entry has none),
// no time frame (OLD: start_time null), rates as numbers.
const entryLegacy = `{"id":"10544326","duration":"1800","user_id":"425","user_name":"Ann","task_id":"0",
	"last_modify":"2018-01-13 10:21:40","date":"2018-01-12","start_time":null,"end_time":null,"locked":"1",
	"name":"","billable":"0","invoiceId":"512","color":"","description":"",
	"total_cost":12.5,"total_income":"45.00","rate_income":90}`

func TestEntriesListDecodesEveryShape(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, "["+entryLegacy+","+entryModern+"]")
	entries, err := c.Entries.List(ctxT(t), EntryListOptions{From: "2018-01-01", To: "2020-12-31",
		UserIDs: []int64{123, 425}, TaskIDs: []int64{7}, Tags: true, Rates: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 2 {
		t.Fatalf("%d entries", len(entries))
	}
	old, cur := entries[0], entries[1] // ordered by date
	if old.ID != 10544326 || old.Duration != 1800 || old.UserID != 425 || old.TaskID != 0 || !bool(old.Locked) ||
		bool(old.Billable) || old.InvoiceID != 512 || old.StartTime.Valid || old.EndTime.Valid || len(old.Tags) != 0 {
		t.Errorf("legacy entry %+v", old)
	}
	if old.TotalCost != "12.5" || old.TotalIncome != "45.00" || old.RateIncome != "90" {
		t.Errorf("legacy rates %q %q %q: want the numbers exactly as sent", old.TotalCost, old.TotalIncome, old.RateIncome)
	}
	if cur.ID != 77181352 || cur.Duration != 2700 || cur.TaskID != 51218281 || !bool(cur.Billable) || bool(cur.Locked) ||
		cur.StartTime.Value != "09:00:00" || cur.EndTime.Value != "09:45:00" || cur.Description != "my description" ||
		cur.TaskName != "Development projects" || cur.TotalCost != "" {
		t.Errorf("modern entry %+v", cur)
	}
	want := []EntryTag{{TagID: 13, TagListID: 8, Name: "Dev", TagListName: "tagList"}}
	if got := cur.TagList(); !reflect.DeepEqual(got, want) || !reflect.DeepEqual(cur.TagIDs(), []int64{13}) {
		t.Errorf("tags %+v", got)
	}
	r := s.requests()[0]
	if r.Method != http.MethodGet || r.Path != "/api/entries" {
		t.Errorf("sent %s %s", r.Method, r.Path)
	}
	for _, part := range []string{"from=2018-01-01", "to=2020-12-31", "user_ids=123%2C425", "task_ids=7", "opt_fields=tags", "include_rates=true", "format=json"} {
		if !strings.Contains(r.Query, part) {
			t.Errorf("query %q lacks %s", r.Query, part)
		}
	}
}

func TestEntriesListOtherShapes(t *testing.T) {
	cases := map[string]struct {
		body string
		ids  []int64
	}{
		"empty array":        {`[]`, nil},
		"empty string":       {`"[]"`, nil},
		"one object (OAS)":   {entryModern, []int64{77181352}},
		"keyed by id":        {`{"5":{"duration":"60","date":"2020-01-01"},"6":` + entryModern + `}`, []int64{5, 77181352}},
		"array of legacy":    {"[" + entryLegacy + "]", []int64{10544326}},
		"start_time missing": {`[{"id":1,"date":"2020-01-01","duration":"60"}]`, []int64{1}},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			client, _ := stubClient(t, http.StatusOK, c.body)
			entries, err := client.Entries.List(ctxT(t), EntryListOptions{From: "2020-01-01", To: "2020-12-31"})
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, e := range entries {
				ids = append(ids, int64(e.ID))
			}
			if !reflect.DeepEqual(ids, c.ids) {
				t.Errorf("ids %v, want %v", ids, c.ids)
			}
		})
	}
}

func TestEntriesListRefusals(t *testing.T) {
	c, s := stubClient(t, http.StatusForbidden, `"[]"`)
	_, err := c.Entries.List(ctxT(t), EntryListOptions{From: "2020-01-01", To: "2020-01-01", UserIDs: []int64{9}})
	if StatusCode(err) != http.StatusForbidden || IsNotFound(err) {
		t.Errorf("err = %v, want the 403 as an API error", err)
	}
	if s.count() != 1 {
		t.Errorf("%d requests: a 403 is not retried", s.count())
	}
	if _, err := c.Entries.List(ctxT(t), EntryListOptions{From: "2020-01-01"}); err == nil {
		t.Error("a list without to was sent")
	}
	c, _ = stubClient(t, http.StatusOK, `{"message":`)
	var decodeErr *DecodeError
	if _, err := c.Entries.List(ctxT(t), EntryListOptions{From: "2020-01-01", To: "2020-01-01"}); !errors.As(err, &decodeErr) {
		t.Errorf("err = %v, want a DecodeError", err)
	}
}

func TestEntriesGetFindsTheIDInItsDay(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, "["+entryModern+"]")
	e, err := c.Entries.Get(ctxT(t), EntryRef{ID: 77181352, Date: "2020-02-03", UserID: 123})
	if err != nil || e.ID != 77181352 {
		t.Fatalf("Get = %+v, %v", e, err)
	}
	q := s.requests()[0].Query
	for _, part := range []string{"from=2020-02-03", "to=2020-02-03", "user_ids=123", "opt_fields=tags"} {
		if !strings.Contains(q, part) {
			t.Errorf("query %q lacks %s", q, part)
		}
	}
	if _, err := c.Entries.Get(ctxT(t), EntryRef{ID: 1, Date: "2020-02-03", UserID: 123}); !IsNotFound(err) {
		t.Errorf("an id not in the day: err = %v, want not found", err)
	}
	// Without a user, user_ids is left out (the token's user).
	if _, err := c.Entries.Get(ctxT(t), EntryRef{ID: 77181352, Date: "2020-02-03"}); err != nil {
		t.Fatal(err)
	}
	if q := s.requests()[2].Query; strings.Contains(q, "user_ids") {
		t.Errorf("query %q names users", q)
	}
}

func TestEntriesCreateReplies(t *testing.T) {
	cases := map[string]struct {
		status int
		body   string
		id     int64
	}{
		"201 number (VCR)":  {http.StatusCreated, `{"entry_id":1563234}`, 1563234},
		"200 number (OAS)":  {http.StatusOK, `{"entry_id":1563234}`, 1563234},
		"string id":         {http.StatusOK, `{"entry_id":"1563234"}`, 1563234},
		"id instead (TS)":   {http.StatusOK, `{"id":42}`, 42},
		"v3 style (ignore)": {http.StatusCreated, `{"entry_id":7,"id":8}`, 7},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			client, s := stubClient(t, c.status, c.body)
			id, err := client.Entries.Create(ctxT(t), EntryInput{Date: Set("2026-03-02"), Duration: Set(int64(60))})
			if err != nil || id != c.id {
				t.Fatalf("Create = %d, %v; want %d", id, err, c.id)
			}
			if r := s.requests()[0]; r.Method != http.MethodPost || r.Path != "/api/entries" {
				t.Errorf("sent %s %s", r.Method, r.Path)
			}
		})
	}
	client, _ := stubClient(t, http.StatusCreated, `{"message":"ok"}`)
	_, err := client.Entries.Create(ctxT(t), EntryInput{Date: Set("2026-03-02"), Duration: Set(int64(60))})
	var decodeErr *DecodeError
	if !errors.As(err, &decodeErr) || !CreateOutcomeUnknown(err) {
		t.Errorf("a reply without id: err = %v, want a DecodeError whose outcome is unknown", err)
	}
}

func TestEntriesCreateBody(t *testing.T) {
	c, s := stubClient(t, http.StatusCreated, `{"entry_id":1}`)
	_, err := c.Entries.Create(ctxT(t), EntryInput{
		Date: Set("2026-03-02"), StartTime: Set("09:00:00"), EndTime: Set("10:30:00"), Note: Set("Planning"),
		TaskID: Set(int64(80000001)), Billable: Set(true), UserID: Set(int64(1200000)), TagIDs: []int64{13, 14},
	})
	if err != nil {
		t.Fatal(err)
	}
	var got map[string]any
	if err := json.Unmarshal([]byte(s.requests()[0].Body), &got); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{"date": "2026-03-02", "start_time": "09:00:00", "end_time": "10:30:00", "note": "Planning",
		"task_id": 80000001.0, "billable": 1.0, "user_id": 1200000.0,
		"tags": []any{map[string]any{"tagId": 13.0}, map[string]any{"tagId": 14.0}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("body\n got %v\nwant %v", got, want)
	}
}

func TestEntriesCreateIsNeverReplayed(t *testing.T) {
	for name, answer := range map[string]func(http.ResponseWriter, *http.Request, int){
		"502": replyWith(http.StatusBadGateway, `{"message":"bad gateway"}`),
		"lost reply": func(w http.ResponseWriter, _ *http.Request, _ int) {
			conn, _, _ := http.NewResponseController(w).Hijack()
			_ = conn.Close()
		},
	} {
		t.Run(name, func(t *testing.T) {
			s := newStub(t, answer)
			c := newTestClient(t, s.base(), testToken, nil)
			_, err := c.Entries.Create(ctxT(t), EntryInput{Date: Set("2026-03-02"), Duration: Set(int64(60))})
			if err == nil || !CreateOutcomeUnknown(err) {
				t.Fatalf("err = %v, want an error whose outcome is unknown", err)
			}
			if s.count() != 1 {
				t.Fatalf("the create was sent %d times", s.count())
			}
		})
	}
	// A refusal is known not to have created anything.
	c, _ := stubClient(t, http.StatusBadRequest, `{"message":"You must provide a date for the time entry"}`)
	_, err := c.Entries.Create(ctxT(t), EntryInput{Duration: Set(int64(60))})
	if err == nil || CreateOutcomeUnknown(err) {
		t.Errorf("err = %v: a 400 means nothing was created", err)
	}
	// So is a connection that could not be opened.
	c = newTestClient(t, "http://127.0.0.1:1/api", testToken, func(cfg *Config) { cfg.Retry = RetryPolicy{Disabled: true} })
	if _, err := c.Entries.Create(ctxT(t), EntryInput{Date: Set("2026-03-02")}); err == nil || CreateOutcomeUnknown(err) {
		t.Errorf("err = %v: a refused connection sent nothing", err)
	}
}

func TestEntriesUpdateLegacyReply(t *testing.T) {
	for name, body := range map[string]string{
		"OAS (time_span a number)": `{"time_span":1800,"entry_id":"10544326","user_id":"425","date":"2020-02-02","task_id":"0",
			"locked":"0","last_modify":"2021-03-10 10:21:40","note":"","start_time_hour":"13:05:47","end_time_hour":"14:24:41",
			"invoiceId":"0","billable":"0"}`,
		"VCR (time_span a string)": `{"entry_id":"10544326","user_id":"425","date":"2020-02-02","task_id":"0","time_span":"1800",
			"locked":"0","last_modify":"2021-03-10 10:21:40","note":"","start_time_hour":"13:05:47","end_time_hour":"14:24:41",
			"invoiceId":"0","billable":false}`,
		"list naming": `{"id":10544326,"user_id":"425","date":"2020-02-02","task_id":"0","duration":"1800","description":"",
			"start_time":"13:05:47","end_time":"14:24:41","billable":0}`,
	} {
		t.Run(name, func(t *testing.T) {
			c, s := stubClient(t, http.StatusOK, body)
			e, err := c.Entries.Update(ctxT(t), EntryRef{ID: 10544326, Date: "2020-02-02", UserID: 425},
				EntryInput{Duration: Set(int64(1800)), Note: Set(""), UserID: Set(int64(1)), TagIDs: []int64{3}})
			if err != nil {
				t.Fatal(err)
			}
			if e.ID != 10544326 || e.Duration != 1800 || e.UserID != 425 || e.StartTime.Value != "13:05:47" ||
				e.EndTime.Value != "14:24:41" || e.Date != "2020-02-02" || bool(e.Billable) {
				t.Errorf("entry %+v", e)
			}
			var sent map[string]any
			_ = json.Unmarshal([]byte(s.requests()[0].Body), &sent)
			if want := map[string]any{"id": 10544326.0, "duration": 1800.0, "note": ""}; !reflect.DeepEqual(sent, want) {
				t.Errorf("sent %v, want %v (no user_id or tags on update)", sent, want)
			}
		})
	}
}

func TestEntriesUpdateMissingEntryIsNotFound(t *testing.T) {
	// PUT answers 403; the day's list (asked next) does not have the entry: not found.
	s := newStub(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		if r.Method == http.MethodPut {
			replyWith(http.StatusForbidden, `{"message":"You do not have permissions to edit this entry"}`)(w, r, 0)
			return
		}
		replyWith(http.StatusOK, `[]`)(w, r, 0)
	})
	c := newTestClient(t, s.base(), testToken, nil)
	_, err := c.Entries.Update(ctxT(t), EntryRef{ID: 5, Date: "2026-03-02", UserID: 1}, EntryInput{Note: Set("x")})
	if !IsNotFound(err) || StatusCode(err) != http.StatusForbidden {
		t.Fatalf("err = %v, want not found wrapping the 403", err)
	}
	// The entry is in its day: the 403 is a refusal and stays one.
	s = newStub(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		if r.Method == http.MethodPut {
			replyWith(http.StatusForbidden, `{"message":"You can't edit time entry, because it is in approved or pending timesheet approval."}`)(w, r, 0)
			return
		}
		replyWith(http.StatusOK, `[{"id":5,"date":"2026-03-02","duration":"60"}]`)(w, r, 0)
	})
	c = newTestClient(t, s.base(), testToken, nil)
	_, err = c.Entries.Update(ctxT(t), EntryRef{ID: 5, Date: "2026-03-02", UserID: 1}, EntryInput{Note: Set("x")})
	if err == nil || IsNotFound(err) || !strings.Contains(err.Error(), "approval") {
		t.Fatalf("err = %v, want the approval refusal", err)
	}
}

func TestEntriesDeleteReplies(t *testing.T) {
	for name, reply := range map[string]struct {
		status int
		body   string
	}{
		"200 removed (OAS)":       {http.StatusOK, `{"message":"removed"}`},
		"204 empty (VCR)":         {http.StatusNoContent, ``},
		"204 no such entry (OAS)": {http.StatusNoContent, `{"message":"No such entry"}`},
	} {
		t.Run(name, func(t *testing.T) {
			c, s := stubClient(t, reply.status, reply.body)
			if err := c.Entries.Delete(ctxT(t), 77); err != nil {
				t.Fatal(err)
			}
			r := s.requests()[0]
			if r.Method != http.MethodDelete || r.Path != "/api/entries" || r.Body != `{"id":77}` {
				t.Errorf("sent %s %s %s", r.Method, r.Path, r.Body)
			}
		})
	}
	c, _ := stubClient(t, http.StatusForbidden, `{"message":"You don't have access to this entry"}`)
	if err := c.Entries.Delete(ctxT(t), 77); StatusCode(err) != http.StatusForbidden {
		t.Errorf("err = %v, want the 403", err)
	}
}

func TestEntriesTagEndpoints(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, `[]`)
	tags, err := c.Entries.Tags(ctxT(t), 101434259)
	if err != nil || len(tags) != 0 {
		t.Fatalf("no tags: %v, %v", tags, err)
	}
	if r := s.requests()[0]; r.Path != "/api/entries/101434259/tags" {
		t.Errorf("path %s", r.Path)
	}
	c, _ = stubClient(t, http.StatusOK, `{"101434259":[{"tagListName":"Not important tags","tagListId":"8","tagId":"14","name":"111","mandatory":"0"},
		{"tagListName":"L","tagListId":8,"tagId":13,"name":"a","mandatory":1}]}`)
	tags, err = c.Entries.Tags(ctxT(t), 101434259)
	if err != nil || len(tags) != 2 || tags[0].TagID != 13 || !bool(tags[0].Mandatory) || tags[1].Name != "111" {
		t.Fatalf("tags %+v, %v", tags, err)
	}

	ref := EntryRef{ID: 9, Date: "2026-03-02", UserID: 1}
	for name, body := range map[string]string{"strings (OAS)": `["13","14"]`, "ints (OLD)": `[13,14]`} {
		c, s := stubClient(t, http.StatusOK, body)
		ids, err := c.Entries.AddTags(ctxT(t), ref, []int64{13, 14})
		if err != nil || !reflect.DeepEqual(ids, []int64{13, 14}) {
			t.Errorf("%s: AddTags = %v, %v", name, ids, err)
		}
		if r := s.requests()[0]; r.Method != http.MethodPut || r.Path != "/api/entries/9/tags" || r.Body != `{"tags":"13,14"}` {
			t.Errorf("%s: sent %s %s %s", name, r.Method, r.Path, r.Body)
		}
	}
	c, s = stubClient(t, http.StatusOK, `[]`)
	ids, err := c.Entries.RemoveTags(ctxT(t), ref, []int64{15})
	if err != nil || len(ids) != 0 || s.requests()[0].Method != http.MethodDelete {
		t.Errorf("RemoveTags = %v, %v", ids, err)
	}
	// Nothing to change: nothing sent (TimeCamp would answer 400 "Empty tags").
	if ids, err := c.Entries.AddTags(ctxT(t), ref, nil); err != nil || ids != nil || s.count() != 1 {
		t.Errorf("AddTags(nil) = %v, %v after %d requests", ids, err, s.count())
	}
	c, _ = stubClient(t, http.StatusBadRequest, `"Empty tags"`)
	if _, err := c.Entries.AddTags(ctxT(t), EntryRef{ID: 9}, []int64{1}); err == nil || !strings.Contains(err.Error(), "Empty tags") {
		t.Errorf("err = %v, want the bare-string message", err)
	}
}

// The client against the emulator: every call, through the real wire format.
func TestEntriesAgainstEmulator(t *testing.T) {
	c, srv := emulatorClient(t, timecamptest.Options{})
	ctx := ctxT(t)
	listID, err := c.TagLists.Create(ctx, "Activity")
	if err != nil {
		t.Fatal(err)
	}
	dev, _ := c.Tags.Create(ctx, listID, "Dev")
	review, _ := c.Tags.Create(ctx, listID, "Review")
	task, err := c.Tasks.Create(ctx, TaskInput{Name: Set("Website")})
	if err != nil {
		t.Fatal(err)
	}
	admin := srv.AdminUserID()

	before, err := c.Entries.Day(ctx, "2026-03-02", admin)
	if err != nil || len(before) != 0 {
		t.Fatalf("empty day: %v, %v", before, err)
	}
	id, err := c.Entries.Create(ctx, EntryInput{Date: Set("2026-03-02"), StartTime: Set("09:00:00"), EndTime: Set("10:30:00"),
		Note: Set("Planning"), TaskID: Set(int64(task.TaskID)), Billable: Set(true), TagIDs: []int64{dev}})
	if err != nil {
		t.Fatal(err)
	}
	ref := EntryRef{ID: id, Date: "2026-03-02", UserID: admin}
	e, err := c.Entries.Get(ctx, ref)
	if err != nil {
		t.Fatal(err)
	}
	if e.Duration != 5400 || e.TaskID != task.TaskID || e.Description != "Planning" || !bool(e.Billable) ||
		!reflect.DeepEqual(e.TagIDs(), []int64{dev}) || e.StartTime.Value != "09:00:00" || e.TaskName != "Website" {
		t.Errorf("entry %+v", e)
	}
	up, err := c.Entries.Update(ctx, ref, EntryInput{EndTime: Set("11:00:00"), Note: Set(""), Billable: Set(false)})
	if err != nil || up.Duration != 7200 || up.EndTime.Value != "11:00:00" || up.Description != "" || bool(up.Billable) {
		t.Fatalf("Update = %+v, %v", up, err)
	}
	if ids, err := c.Entries.AddTags(ctx, ref, []int64{review, 999999}); err != nil || !reflect.DeepEqual(ids, []int64{review}) {
		t.Fatalf("AddTags = %v, %v", ids, err)
	}
	if _, err := c.Entries.RemoveTags(ctx, ref, []int64{dev}); err != nil {
		t.Fatal(err)
	}
	tags, err := c.Entries.Tags(ctx, id)
	if err != nil || len(tags) != 1 || int64(tags[0].TagID) != review || tags[0].Name != "Review" {
		t.Fatalf("Tags = %+v, %v", tags, err)
	}
	if err := c.Entries.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}
	if err := c.Entries.Delete(ctx, id); err != nil {
		t.Fatalf("a second delete: %v", err)
	}
	if _, err := c.Entries.Get(ctx, ref); !IsNotFound(err) {
		t.Fatalf("Get after delete: %v", err)
	}
	if _, err := c.Entries.Update(ctx, ref, EntryInput{Note: Set("x")}); !IsNotFound(err) {
		t.Fatalf("Update after delete: %v, want not found", err)
	}
	if _, err := c.Entries.AddTags(ctx, ref, []int64{dev}); !IsNotFound(err) {
		t.Fatalf("AddTags after delete: %v, want not found", err)
	}
}

func TestEntriesLostReplyAgainstEmulator(t *testing.T) {
	c, srv := emulatorClient(t, timecamptest.Options{})
	srv.InjectFault(timecamptest.Fault{Method: http.MethodPost, Path: "/entries", LoseReply: true})
	_, err := c.Entries.Create(ctxT(t), EntryInput{Date: Set("2026-03-02"), Duration: Set(int64(60))})
	if !CreateOutcomeUnknown(err) {
		t.Fatalf("err = %v, want an unknown outcome", err)
	}
	if n := srv.RequestCount(http.MethodPost, "/entries"); n != 1 {
		t.Fatalf("POST /entries sent %d times", n)
	}
	if n := len(srv.EntryRecords()); n != 1 {
		t.Fatalf("%d entries: the create happened once", n)
	}
}
