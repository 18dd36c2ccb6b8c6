package timecamptest

import (
	"net/http"
	"reflect"
	"testing"
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
	if got := a.srv.Requests(); !reflect.DeepEqual(got, want) {
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
