package timecamptest

import (
	"testing"
	"time"
)

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
