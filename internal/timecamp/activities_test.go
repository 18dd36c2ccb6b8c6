package timecamp

import (
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

func TestActivitiesListQueryAndDecode(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, `[
		{"user_id": "123", "application_id": "795630", "end_time": "2020-02-02 09:30:11", "time_span": 4, "window_title_id": "23745620", "end_date": "2020-02-02", "task_id": "0", "entry_id": "0"},
		{"user_id": "123", "application_id": "795630", "end_time": "2020-02-02 09:30:07", "time_span": 9, "window_title_id": "26079668", "end_date": "2020-02-02", "task_id": "0", "entry_id": "0",
		 "application": "Firefox", "window_title": "Inbox", "updated_at": "x", "update_date": "y"}]`)
	got, err := c.Activities.List(ctxT(t), []string{"2020-02-01", "2020-02-02"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := []Activity{
		{UserID: 123, ApplicationID: 795630, WindowTitleID: 26079668, EndTime: "2020-02-02 09:30:07", EndDate: "2020-02-02", TimeSpan: 9,
			Application: NullString{"Firefox", true}, WindowTitle: NullString{"Inbox", true}},
		{UserID: 123, ApplicationID: 795630, WindowTitleID: 23745620, EndTime: "2020-02-02 09:30:11", EndDate: "2020-02-02", TimeSpan: 4},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("activities = %+v\nwant %+v", got, want)
	}
	r := s.requests()[0]
	if r.Method != http.MethodGet || r.Path != "/api/activity" {
		t.Errorf("sent %s %s", r.Method, r.Path)
	}
	q, _ := url.ParseQuery(r.Query)
	wantQ := url.Values{"dates[0]": {"2020-02-01"}, "dates[1]": {"2020-02-02"}, "include": {"application,window_title"}, "format": {"json"}}
	if !reflect.DeepEqual(q, wantQ) {
		t.Errorf("query = %v, want %v (no user_id: the caller)", q, wantQ)
	}
}

func TestActivitiesListOneCallPerUserMerged(t *testing.T) {
	s := newStub(t, func(w http.ResponseWriter, r *http.Request, n int) {
		user := r.URL.Query().Get("user_id")
		replyWith(http.StatusOK, fmt.Sprintf(`[
			{"user_id": %q, "application_id": "1", "end_time": "2024-01-02 10:00:00", "time_span": 60, "window_title_id": "1", "end_date": "2024-01-02", "task_id": "0", "entry_id": "0"},
			{"user_id": %q, "application_id": "2", "end_time": "2024-01-01 10:00:00", "time_span": 30, "window_title_id": "1", "end_date": "2024-01-01", "task_id": "0", "entry_id": "0"},
			{"user_id": %q, "application_id": "2", "end_time": "2023-12-31 10:00:00", "time_span": 30, "window_title_id": "1", "end_date": "2023-12-31", "task_id": "0", "entry_id": "0"}]`,
			user, user, user))(w, r, n)
	})
	c := newTestClient(t, s.base(), testToken, nil)
	got, err := c.Activities.List(ctxT(t), []string{"2024-01-01", "2024-01-02", "2024-01-01"}, []int64{7, 5, 7})
	if err != nil {
		t.Fatal(err)
	}
	if s.count() != 2 {
		t.Fatalf("sent %d requests, want one per user", s.count())
	}
	var users []string
	for _, r := range s.requests() {
		q, _ := url.ParseQuery(r.Query)
		users = append(users, q.Get("user_id"))
		if q.Get("dates[0]") != "2024-01-01" || q.Get("dates[1]") != "2024-01-02" || q.Has("dates[2]") {
			t.Errorf("query %q: want the two distinct dates", r.Query)
		}
	}
	if strings.Join(users, ",") != "5,7" {
		t.Errorf("user_id per call = %v, want 5 then 7", users)
	}
	// Merged, the 2023-12-31 rows dropped (not a requested date), ordered by date, time, user.
	var order []string
	for _, a := range got {
		order = append(order, fmt.Sprintf("%s/%d/%d", a.EndDate, a.UserID, a.ApplicationID))
	}
	want := "2024-01-01/5/2 2024-01-01/7/2 2024-01-02/5/1 2024-01-02/7/1"
	if strings.Join(order, " ") != want {
		t.Errorf("order = %v, want %s", order, want)
	}
}

func TestActivitiesListChunksOf20Dates(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, `[]`)
	var dates []string
	for d := 1; d <= 25; d++ {
		dates = append(dates, fmt.Sprintf("2024-01-%02d", d))
	}
	got, err := c.Activities.List(ctxT(t), dates, nil)
	if err != nil || len(got) != 0 {
		t.Fatalf("List = %v, %v", got, err)
	}
	if s.count() != 2 {
		t.Fatalf("sent %d requests, want 2 (20 + 5 dates)", s.count())
	}
	q, _ := url.ParseQuery(s.requests()[1].Query)
	if q.Get("dates[0]") != "2024-01-21" || q.Get("dates[4]") != "2024-01-25" || q.Has("dates[5]") {
		t.Errorf("second call query %q", s.requests()[1].Query)
	}
}

func TestActivitiesListError(t *testing.T) {
	c, _ := stubClient(t, http.StatusBadRequest, `{"message":"you must provide \"date\" like 2013-03-20 "}`)
	_, err := c.Activities.List(ctxT(t), []string{"x"}, nil)
	if StatusCode(err) != http.StatusBadRequest || !strings.Contains(err.Error(), "you must provide") {
		t.Fatalf("err = %v", err)
	}
}

func TestApplicationsGetKeyedWithAditionalInfo(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, `{
		"6319": {"application_id": "6319", "app_name": "Internet", "aditional_info": "google.com", "full_name": null, "category_id": "6"},
		"2132": {"application_id": "2132", "app_name": "Slack", "aditional_info": "", "full_name": "Slack Desktop", "category_id": "2", "type": "app", "icon_url": null},
		"77": {"app_name": "Terminal", "aditional_info": null}}`)
	got, err := c.Applications.Get(ctxT(t), []int64{6319, 2132, 77, 6319})
	if err != nil {
		t.Fatal(err)
	}
	names := map[int64]string{}
	for id, app := range got {
		names[id] = app.DisplayName()
	}
	want := map[int64]string{6319: "google.com", 2132: "Slack", 77: "Terminal"}
	if !reflect.DeepEqual(names, want) {
		t.Errorf("names = %v, want %v", names, want)
	}
	if got[77].ApplicationID != 77 {
		t.Errorf("an application without application_id takes its key: %+v", got[77])
	}
	q, _ := url.ParseQuery(s.requests()[0].Query)
	if q.Get("application_ids") != "77,2132,6319" {
		t.Errorf("application_ids = %q", q.Get("application_ids"))
	}
}

func TestApplicationsGetEmptyAndBatches(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, `[]`)
	got, err := c.Applications.Get(ctxT(t), nil)
	if err != nil || len(got) != 0 || s.count() != 0 {
		t.Fatalf("Get(nil) = %v, %v after %d requests; want nothing asked", got, err, s.count())
	}
	ids := make([]int64, 250)
	for i := range ids {
		ids[i] = int64(i + 1)
	}
	got, err = c.Applications.Get(ctxT(t), ids)
	if err != nil || len(got) != 0 {
		t.Fatalf("Get = %v, %v", got, err)
	}
	if s.count() != 3 {
		t.Errorf("sent %d requests for 250 ids, want 3 batches of at most 100", s.count())
	}
	q, _ := url.ParseQuery(s.requests()[2].Query)
	if got := strings.Count(q.Get("application_ids"), ",") + 1; got != 50 {
		t.Errorf("last batch has %d ids, want 50", got)
	}
}
