package timecamptest

import (
	"net/http"
	"reflect"
	"testing"
	"time"
)

func TestRequestLog(t *testing.T) {
	a := newAPI(t, Options{})
	a.get("/me?format=json").expect(t, http.StatusOK, "")
	id := a.createTask(map[string]any{"name": "T"})
	a.get("/tasks?status=all&task_id="+id).expect(t, http.StatusOK, "")
	a.get("/tasks?task_id=1").expect(t, http.StatusNotFound, "")
	a.get("/nope").expect(t, http.StatusNotFound, "")

	want := []Request{
		{Method: "GET", Path: "/me", Query: "format=json", Status: 200},
		{Method: "POST", Path: "/tasks", Query: "", Status: 201},
		{Method: "GET", Path: "/tasks", Query: "status=all&task_id=" + id, Status: 200},
		{Method: "GET", Path: "/tasks", Query: "task_id=1", Status: 404},
		{Method: "GET", Path: "/nope", Query: "", Status: 404},
	}
	got := a.srv.Requests()
	for i := range got {
		if got[i].Start.IsZero() || got[i].End.Before(got[i].Start) {
			t.Errorf("request %d: start %v, end %v", i, got[i].Start, got[i].End)
		}
		got[i].Start, got[i].End = time.Time{}, time.Time{}
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("Requests()\n got %+v\nwant %+v", got, want)
	}
	for _, tc := range []struct {
		method, path string
		want         int
	}{
		{"", "", 5},
		{"GET", "", 4},
		{"get", "/tasks", 2},
		{"", "/tasks", 3},
		{"POST", "/tasks", 1},
		{"DELETE", "/tasks", 0},
	} {
		if got := a.srv.RequestCount(tc.method, tc.path); got != tc.want {
			t.Errorf("RequestCount(%q, %q) = %d, want %d", tc.method, tc.path, got, tc.want)
		}
	}

	// The log is a copy.
	rs := a.srv.Requests()
	rs[0].Path = "/changed"
	if a.srv.Requests()[0].Path != "/me" {
		t.Fatal("Requests() exposes the internal log")
	}

	a.srv.ResetRequests()
	if n := a.srv.RequestCount("", ""); n != 0 {
		t.Fatalf("%d requests after reset", n)
	}
	// Unauthenticated requests are logged too.
	req, _ := http.NewRequest(http.MethodGet, a.srv.URL+"/me", nil)
	a.exec(req).expect(t, http.StatusUnauthorized, "")
	if got := a.srv.Requests(); len(got) != 1 || got[0].Status != http.StatusUnauthorized {
		t.Fatalf("after an unauthenticated call: %+v", got)
	}
}

func TestPathPattern(t *testing.T) {
	for in, want := range map[string]string{
		"/tasks":                             "/tasks",
		"/task/12/user/7/rate":               "/task/{id}/user/{id}/rate",
		"/task/1,2,30/rate":                  "/task/{ids}/rate",
		"/task/12/user/all/rate":             "/task/{id}/user/all/rate",
		"/v3/custom-fields/5/value/80000001": "/v3/custom-fields/{id}/value/{id}",
		"/v3/taskPicker/favourites":          "/v3/taskPicker/favourites",
		"/user/a,b/setting":                  "/user/a,b/setting",
	} {
		if got := PathPattern(in); got != want {
			t.Errorf("PathPattern(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBusyTime(t *testing.T) {
	at := func(ms int) time.Time { return time.Unix(0, 0).Add(time.Duration(ms) * time.Millisecond) }
	reqs := []Request{
		{Start: at(100), End: at(150)}, // after the others started: sorted first
		{Start: at(0), End: at(50)},
		{Start: at(10), End: at(60)},   // overlaps the first
		{Start: at(20), End: at(30)},   // inside
		{Start: at(140), End: at(200)}, // overlaps the last
	}
	if got := BusyTime(reqs); got != 160*time.Millisecond {
		t.Fatalf("BusyTime = %v, want 160ms (0-60 and 100-200)", got)
	}
}
