package timecamp

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
)

// A 404 on update means "this task is gone" only when it is not about another task: TimeCamp says
// a missing task with an empty body, and a missing new parent with "Task <parent> not found".
func TestTasksUpdate404TellsMissingTaskFromMissingParent(t *testing.T) {
	cases := []struct {
		body         string
		wantNotFound bool
	}{
		{body: "", wantNotFound: true},
		{body: `{"message":"Task 81 not found"}`, wantNotFound: true},
		{body: `{"message":"Task 99 not found"}`, wantNotFound: false},
	}
	for _, tc := range cases {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(tc.body))
		}))
		c, err := New(Config{BaseURL: srv.URL, Token: "t"})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Tasks.Update(context.Background(), 81, TaskInput{ParentID: Set(int64(99))})
		srv.Close()
		if err == nil {
			t.Fatalf("body %q: expected an error", tc.body)
		}
		if got := IsNotFound(err); got != tc.wantNotFound {
			t.Errorf("body %q: IsNotFound = %v, want %v (err: %v)", tc.body, got, tc.wantNotFound, err)
		}
		if StatusCode(err) != http.StatusNotFound {
			t.Errorf("body %q: status %d, want 404", tc.body, StatusCode(err))
		}
	}
}
