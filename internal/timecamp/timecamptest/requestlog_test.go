package timecamptest

import "testing"

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
