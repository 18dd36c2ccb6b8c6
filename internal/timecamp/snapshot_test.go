package timecamp

import (
	"context"
	"net/http"
	"sync"
	"testing"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

func snapshotClient(t *testing.T) (*Client, *timecamptest.Server) {
	t.Helper()
	srv := timecamptest.NewServer(t, timecamptest.Options{})
	c := newTestClient(t, srv.URL, srv.Token, func(cfg *Config) { cfg.SnapshotReads = true })
	return c, srv
}

// Fifty tasks refreshed at once cost one request, not fifty.
func TestSnapshotReadsShareOneRequest(t *testing.T) {
	c, srv := snapshotClient(t)
	ctx := ctxT(t)
	var ids []int64
	for i := 0; i < 50; i++ {
		task, err := c.Tasks.Create(ctx, TaskInput{Name: Set("task")})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, int64(task.TaskID))
	}
	srv.ResetRequests()

	var wg sync.WaitGroup
	errs := make(chan error, len(ids))
	for _, id := range ids {
		wg.Add(1)
		go func(id int64) {
			defer wg.Done()
			task, err := c.Tasks.Get(ctx, id)
			if err == nil && int64(task.TaskID) != id {
				t.Errorf("Get(%d) returned task %d", id, task.TaskID)
			}
			errs <- err
		}(id)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := srv.RequestCount(http.MethodGet, "/tasks"); n != 1 {
		t.Fatalf("50 concurrent reads sent %d GET /tasks, want 1", n)
	}
	if _, err := c.Tasks.Get(ctx, 1); !IsNotFound(err) {
		t.Fatalf("a task missing from the snapshot must be not found, got %v", err)
	}
}

// A write is seen by every read that starts after it.
func TestSnapshotDroppedByWrites(t *testing.T) {
	c, srv := snapshotClient(t)
	ctx := ctxT(t)
	task, err := c.Tasks.Create(ctx, TaskInput{Name: Set("before")})
	if err != nil {
		t.Fatal(err)
	}
	id := int64(task.TaskID)
	if got, err := c.Tasks.Get(ctx, id); err != nil || got.Name != "before" {
		t.Fatalf("Get = %+v, %v", got, err)
	}
	if _, err := c.Tasks.Update(ctx, id, TaskInput{Name: Set("after")}); err != nil {
		t.Fatal(err)
	}
	if got, err := c.Tasks.Get(ctx, id); err != nil || got.Name != "after" {
		t.Fatalf("after an update, Get = %+v, %v; want the new name", got, err)
	}
	if err := c.Tasks.Remove(ctx, id); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Tasks.Get(ctx, id); !IsNotFound(err) {
		t.Fatalf("after a removal, Get = %v; want not found", err)
	}

	// Groups, tag lists and tags follow the same rule.
	me, err := c.Me.Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	g, err := c.Groups.Create(ctx, "Ops", int64(me.RootGroupID))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := c.Groups.Get(ctx, int64(g.GroupID)); err != nil || got.Name != "Ops" {
		t.Fatalf("group Get = %+v, %v", got, err)
	}
	if err := c.Groups.Update(ctx, int64(g.GroupID), GroupUpdate{Name: Set("Operations")}); err != nil {
		t.Fatal(err)
	}
	if got, err := c.Groups.Get(ctx, int64(g.GroupID)); err != nil || got.Name != "Operations" {
		t.Fatalf("group after rename = %+v, %v", got, err)
	}
	list, err := c.TagLists.Create(ctx, "Kinds")
	if err != nil {
		t.Fatal(err)
	}
	tag, err := c.Tags.Create(ctx, list, "Bug")
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Tags.Get(ctx, tag)
	if err != nil || got.Name != "Bug" || int64(got.TagListID) != list {
		t.Fatalf("tag from the snapshot = %+v, %v; want its name and list %d", got, err, list)
	}
	if err := c.Tags.Update(ctx, tag, Field[string]{}, Set(true)); err != nil {
		t.Fatal(err)
	}
	if got, err := c.Tags.Get(ctx, tag); err != nil || !bool(got.Archived) {
		t.Fatalf("tag after archiving = %+v, %v; want archived", got, err)
	}
	if got, err := c.TagLists.Get(ctx, list); err != nil || got.Name != "Kinds" {
		t.Fatalf("tag list = %+v, %v", got, err)
	}
	srv.ResetRequests()
	for i := 0; i < 3; i++ {
		if _, err := c.Me.Get(ctx); err != nil {
			t.Fatal(err)
		}
	}
	if n := srv.RequestCount(http.MethodGet, "/me"); n != 0 {
		t.Fatalf("/me was read again %d times; the token's user does not change", n)
	}
}

// A read that was under way while a write happened is not kept for later readers.
func TestSnapshotLoadDuringWriteIsNotKept(t *testing.T) {
	var s snapshot[int]
	s.enabled = true
	loads := 0
	started, release := make(chan struct{}), make(chan struct{})
	done := make(chan int)
	go func() {
		v, _ := s.get(ctxT(t), func(context.Context) (int, error) {
			loads++
			close(started)
			<-release
			return 1, nil // the value as it was before the write
		})
		done <- v
	}()
	<-started
	s.invalidate() // the write completes while the load is under way
	close(release)
	if v := <-done; v != 1 {
		t.Fatalf("the reader that started before the write gets %d, want 1", v)
	}
	v, _ := s.get(ctxT(t), func(context.Context) (int, error) { loads++; return 2, nil })
	if v != 2 || loads != 2 {
		t.Fatalf("after the write: value %d after %d loads, want a fresh load returning 2", v, loads)
	}
}

// Without SnapshotReads every read is its own request (tests and tools that share a client
// across changes made elsewhere rely on it).
func TestSnapshotOffByDefault(t *testing.T) {
	srv := timecamptest.NewServer(t, timecamptest.Options{})
	c := newTestClient(t, srv.URL, srv.Token, nil)
	ctx := ctxT(t)
	task, err := c.Tasks.Create(ctx, TaskInput{Name: Set("x")})
	if err != nil {
		t.Fatal(err)
	}
	srv.ResetRequests()
	for i := 0; i < 3; i++ {
		if _, err := c.Tasks.Get(ctx, int64(task.TaskID)); err != nil {
			t.Fatal(err)
		}
	}
	if n := srv.RequestCount(http.MethodGet, "/tasks"); n != 3 {
		t.Fatalf("3 reads sent %d requests, want 3", n)
	}
}
