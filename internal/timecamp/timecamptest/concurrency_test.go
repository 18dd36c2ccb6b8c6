package timecamptest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// call is a goroutine-safe request helper: it reports failures as errors
// instead of failing the test from a goroutine.
func call(s *Server, method, path, body string, want int) ([]byte, error) {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, s.URL+path, rd)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+s.Token)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != want {
		return nil, fmt.Errorf("%s %s: status %d, want %d: %s", method, path, resp.StatusCode, want, b)
	}
	return b, nil
}

// Run with -race: many clients creating and reading at once must neither
// race nor lose or duplicate anything.
func TestConcurrentCreates(t *testing.T) {
	a := newAPI(t, Options{})
	parent := a.createTask(map[string]any{"name": "Parent"})
	a.srv.ResetRequests()

	const workers, perWorker = 16, 20
	ids := make(chan string, workers*perWorker)
	errs := make(chan error, workers)
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < perWorker; i++ {
				b, err := call(a.srv, http.MethodPost, "/tasks", fmt.Sprintf(`{"name":"w%d-%d","parent_id":%s}`, w, i, parent), http.StatusCreated)
				if err != nil {
					errs <- err
					return
				}
				var keyed map[string]json.RawMessage
				if err := json.Unmarshal(b, &keyed); err != nil || len(keyed) != 1 {
					errs <- fmt.Errorf("create reply %s: %v", b, err)
					return
				}
				for id := range keyed {
					ids <- id
				}
				if _, err := call(a.srv, http.MethodGet, "/tasks?task_id="+parent, "", http.StatusOK); err != nil {
					errs <- err
					return
				}
				if i%5 == 0 {
					if _, err := call(a.srv, http.MethodPost, "/tag_list", fmt.Sprintf(`{"name":"l%d-%d"}`, w, i), http.StatusOK); err != nil {
						errs <- err
						return
					}
				}
			}
		}(w)
	}
	wg.Wait()
	close(ids)
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if t.Failed() {
		return
	}

	seen := map[string]bool{}
	for id := range ids {
		if seen[id] {
			t.Fatalf("id %s handed out twice", id)
		}
		seen[id] = true
	}
	list := decodeObject(t, a.get("/tasks").body)
	if len(seen) != workers*perWorker || len(list) != workers*perWorker+1 {
		t.Fatalf("created %d ids, list has %d tasks; want %d and %d", len(seen), len(list), workers*perWorker, workers*perWorker+1)
	}
	for id := range seen {
		if _, ok := list[id]; !ok {
			t.Fatalf("task %s missing from the list", id)
		}
	}
	if n := a.srv.RequestCount(http.MethodPost, "/tasks"); n != workers*perWorker {
		t.Fatalf("POST /tasks counted %d, want %d", n, workers*perWorker)
	}
	if n := len(decodeObject(t, a.get("/tag_list").body)); n != workers*perWorker/5 {
		t.Fatalf("%d tag lists, want %d", n, workers*perWorker/5)
	}
}
