package timecamp

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

// End-to-end client behaviour against the emulator (which speaks TimeCamp's wire format).

func TestEmulatorMe(t *testing.T) {
	c, srv := emulatorClient(t, timecamptest.Options{})
	me, err := c.Me.Get(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	if int64(me.RootGroupID) != srv.RootGroupID() || int64(me.UserID) != srv.AdminUserID() || me.UserID == 0 {
		t.Errorf("me = %+v, want root group %d and user %d", me, srv.RootGroupID(), srv.AdminUserID())
	}
	bad := newTestClient(t, srv.URL, "not-the-token", nil)
	_, err = bad.Me.Get(ctxT(t))
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusUnauthorized || !strings.Contains(apiErr.Message, "api token") {
		t.Errorf("wrong token: err = %v, want a 401 with the API's message", err)
	}
}

func TestEmulatorTaskRoundTrip(t *testing.T) {
	for _, legacy := range []bool{false, true} {
		name := "current"
		if legacy {
			name = "legacy all-strings lists"
		}
		t.Run(name, func(t *testing.T) {
			c, srv := emulatorClient(t, timecamptest.Options{LegacyStrings: legacy})
			ctx := ctxT(t)

			project, err := c.Tasks.Create(ctx, TaskInput{
				Name: Set("Website"), Note: Set("the site"), Keywords: Set("IT, R&D"), ExternalTaskID: Set("ext-1"),
				Budgeted: Set(int64(7200)), BudgetUnit: Set(BudgetUnitHours), Billable: Set(false),
			})
			if err != nil {
				t.Fatal(err)
			}
			if project.TaskID == 0 || project.Name != "Website" || project.Level != 1 || project.ParentID != 0 ||
				project.Note != (NullString{"the site", true}) || bool(project.Billable) || project.Budgeted != 7200 ||
				int64(project.RootGroupID) != srv.RootGroupID() {
				t.Fatalf("created %+v", project)
			}
			pid := int64(project.TaskID)

			sub, err := c.Tasks.Create(ctx, TaskInput{Name: Set("Backend"), ParentID: Set(pid)})
			if err != nil {
				t.Fatal(err)
			}
			if sub.Level != 2 || int64(sub.ParentID) != pid || sub.Note.Valid || sub.ExternalTaskID.Valid || !bool(sub.Billable) {
				t.Errorf("subtask %+v", sub)
			}
			sid := int64(sub.TaskID)
			if sid == pid {
				t.Fatalf("both tasks got id %d", sid)
			}

			got, err := c.Tasks.Get(ctx, pid)
			if err != nil {
				t.Fatal(err)
			}
			if got.Name != "Website" || got.Keywords != (NullString{"IT, R&D", true}) ||
				got.ExternalTaskID != (NullString{"ext-1", true}) || got.BudgetUnit != "hours" || bool(got.Archived) {
				t.Errorf("Get = %+v", got)
			}

			// Update: rename, clear the note (null), move under nothing.
			upd, err := c.Tasks.Update(ctx, sid, TaskInput{Name: Set("API"), Note: Null[string](), ParentID: Set(int64(0))})
			if err != nil {
				t.Fatal(err)
			}
			if upd.Name != "API" || upd.ParentID != 0 || upd.Level != 1 || upd.Note.Valid {
				t.Errorf("Update = %+v", upd)
			}
			if _, err := c.Tasks.Update(ctx, pid, TaskInput{Note: Null[string]()}); err != nil {
				t.Fatal(err)
			}
			if got, err := c.Tasks.Get(ctx, pid); err != nil || got.Note.Valid {
				t.Errorf("after clearing the note: %+v, %v; want a null note", got, err)
			}

			// Archive: still readable, listed under "all" and "archived", not "active".
			if err := c.Tasks.Archive(ctx, sid); err != nil {
				t.Fatal(err)
			}
			if got, err := c.Tasks.Get(ctx, sid); err != nil || !bool(got.Archived) {
				t.Errorf("archived task: %+v, %v", got, err)
			}
			ids := func(status TaskStatus) []int64 {
				t.Helper()
				tasks, err := c.Tasks.List(ctx, TaskListOptions{Status: status})
				if err != nil {
					t.Fatal(err)
				}
				var out []int64
				for _, task := range tasks {
					out = append(out, int64(task.TaskID))
				}
				return out
			}
			if all, active, archived := ids(TaskStatusAll), ids(TaskStatusActive), ids(""); len(all) != 2 || len(active) != 1 ||
				active[0] != pid || len(archived) != 2 {
				t.Errorf("lists: all %v, active %v, default %v", all, active, archived)
			}
			if only := ids(TaskStatusArchived); len(only) != 1 || only[0] != sid {
				t.Errorf("archived list = %v, want [%d]", only, sid)
			}
			if byExt, err := c.Tasks.List(ctx, TaskListOptions{ExternalTaskID: "ext-1"}); err != nil || len(byExt) != 1 || int64(byExt[0].TaskID) != pid {
				t.Errorf("by external id: %+v, %v", byExt, err)
			}
			if none, err := c.Tasks.List(ctx, TaskListOptions{ExternalTaskID: "nope"}); err != nil || len(none) != 0 {
				t.Errorf("by unknown external id: %+v, %v", none, err)
			}
			if both, err := c.Tasks.List(ctx, TaskListOptions{TaskIDs: []int64{pid, sid}}); err != nil || len(both) != 2 {
				t.Errorf("by ids: %+v, %v", both, err)
			}

			// Remove: gone for reads and updates.
			if err := c.Tasks.Remove(ctx, pid); err != nil {
				t.Fatal(err)
			}
			if _, err := c.Tasks.Get(ctx, pid); !IsNotFound(err) {
				t.Errorf("Get after remove: err = %v, want IsNotFound", err)
			}
			if _, err := c.Tasks.Update(ctx, pid, TaskInput{Name: Set("x")}); !IsNotFound(err) {
				t.Errorf("Update after remove: err = %v, want IsNotFound", err)
			}
			if err := c.Tasks.Archive(ctx, pid); !IsNotFound(err) {
				t.Errorf("Archive after remove: err = %v, want IsNotFound", err)
			}
			if _, err := c.Tasks.Get(ctx, sid); err != nil {
				t.Errorf("the other task went too: %v", err)
			}
		})
	}
}

func TestEmulatorGroupDepthLimit(t *testing.T) {
	c, srv := emulatorClient(t, timecamptest.Options{})
	ctx := ctxT(t)
	parent := srv.RootGroupID() // level 1
	var made []int64
	for level := 2; level <= 4; level++ {
		g, err := c.Groups.Create(ctx, "level "+string(rune('0'+level)), parent)
		if err != nil {
			t.Fatalf("creating a group at level %d: %v", level, err)
		}
		if int64(g.ParentID) != parent || g.GroupID == 0 || int64(g.RootGroupID) != srv.RootGroupID() {
			t.Errorf("level %d: %+v", level, g)
		}
		made = append(made, int64(g.GroupID))
		parent = int64(g.GroupID)
	}
	_, err := c.Groups.Create(ctx, "level 5", parent)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusNotFound || !strings.Contains(apiErr.Message, "level 4") {
		t.Fatalf("5th level: err = %v, want a 404 APIError about level 4", err)
	}
	if IsNotFound(err) {
		t.Errorf("the depth limit reads as not found: %v", err)
	}
	if srv.RequestCount(http.MethodPut, "/group") != 4 {
		t.Errorf("%d PUT /group, want 4", srv.RequestCount(http.MethodPut, "/group"))
	}
	groups, err := c.Groups.List(ctx)
	if err != nil || len(groups) != 4 {
		t.Fatalf("List = %+v, %v; want root and 3 groups", groups, err)
	}

	// Rename, delete (its child moves to the root), delete again -> not found.
	if err := c.Groups.Update(ctx, made[0], GroupUpdate{Name: Set("Departments")}); err != nil {
		t.Fatal(err)
	}
	if g, err := c.Groups.Get(ctx, made[0]); err != nil || g.Name != "Departments" {
		t.Errorf("after rename: %+v, %v", g, err)
	}
	if err := c.Groups.Delete(ctx, made[0]); err != nil {
		t.Fatal(err)
	}
	if g, err := c.Groups.Get(ctx, made[1]); err != nil || int64(g.ParentID) != srv.RootGroupID() {
		t.Errorf("child of the deleted group: %+v, %v; want it under the root", g, err)
	}
	if err := c.Groups.Delete(ctx, made[0]); !IsNotFound(err) {
		t.Errorf("second delete: err = %v, want IsNotFound", err)
	}
	if err := c.Groups.Update(ctx, made[0], GroupUpdate{Name: Set("x")}); !IsNotFound(err) {
		t.Errorf("update of a deleted group: err = %v, want IsNotFound", err)
	}
	// The root exists and cannot be removed: 403, not "not found".
	if err := c.Groups.Delete(ctx, srv.RootGroupID()); IsNotFound(err) || StatusCode(err) != http.StatusForbidden {
		t.Errorf("deleting the root: err = %v, want a 403 that is not not-found", err)
	}
}

func TestEmulatorTagLists(t *testing.T) {
	c, _ := emulatorClient(t, timecamptest.Options{})
	ctx := ctxT(t)

	listID, err := c.TagLists.Create(ctx, "Clients")
	if err != nil || listID == 0 {
		t.Fatalf("Create = %d, %v", listID, err)
	}
	empty, err := c.TagLists.Get(ctx, listID)
	if err != nil || empty.Name != "Clients" || int64(empty.ID) != listID || len(empty.Tags) != 0 || bool(empty.Archived) {
		t.Fatalf("new list: %+v, %v", empty, err)
	}
	tagA, err := c.Tags.Create(ctx, listID, "Acme")
	if err != nil {
		t.Fatal(err)
	}
	tagB, err := c.Tags.Create(ctx, listID, "Globex")
	if err != nil || tagB == tagA {
		t.Fatalf("second tag: %d, %v", tagB, err)
	}
	list, err := c.TagLists.Get(ctx, listID)
	if err != nil {
		t.Fatal(err)
	}
	if tags := list.Tags.Values(); len(tags) != 2 || int64(tags[0].ID) != tagA || tags[0].Name != "Acme" || tags[1].Name != "Globex" {
		t.Errorf("tags = %+v", tags)
	}
	tag, err := c.Tags.Get(ctx, tagA)
	if err != nil || int64(tag.TagListID) != listID || tag.Name != "Acme" {
		t.Errorf("Tags.Get = %+v, %v", tag, err)
	}

	// Update the list and a tag.
	if err := c.TagLists.Update(ctx, listID, Set("Customers"), Field[bool]{}); err != nil {
		t.Fatal(err)
	}
	if err := c.Tags.Update(ctx, tagB, Set("Initech"), Set(true)); err != nil {
		t.Fatal(err)
	}
	if tag, err := c.Tags.Get(ctx, tagB); err != nil || tag.Name != "Initech" || !bool(tag.Archived) {
		t.Errorf("updated tag: %+v, %v", tag, err)
	}

	// Archive the list: hidden from the default list, shown when archived ones are asked for.
	other, err := c.TagLists.Create(ctx, "Kept")
	if err != nil {
		t.Fatal(err)
	}
	if err := c.TagLists.Update(ctx, listID, Field[string]{}, Set(true)); err != nil {
		t.Fatal(err)
	}
	listIDs := func(f ArchivedFilter) []int64 {
		t.Helper()
		lists, err := c.TagLists.List(ctx, f)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, l := range lists {
			out = append(out, int64(l.ID))
		}
		return out
	}
	if got := listIDs(OnlyActive); len(got) != 1 || got[0] != other {
		t.Errorf("active lists = %v, want [%d] (the empty list included, the archived one not)", got, other)
	}
	if got := listIDs(OnlyArchived); len(got) != 1 || got[0] != listID {
		t.Errorf("archived lists = %v, want [%d]", got, listID)
	}
	if got := listIDs(ActiveAndArchived); len(got) != 2 {
		t.Errorf("all lists = %v, want both", got)
	}
	archived, err := c.TagLists.Get(ctx, listID)
	if err != nil || !bool(archived.Archived) || archived.Name != "Customers" {
		t.Errorf("archived list read directly: %+v, %v", archived, err)
	}

	// Not found, in each of the ways TimeCamp says it.
	const missing = 999999
	if _, err := c.TagLists.Get(ctx, missing); !IsNotFound(err) {
		t.Errorf("TagLists.Get missing: %v", err)
	}
	if err := c.TagLists.Update(ctx, missing, Set("x"), Field[bool]{}); !IsNotFound(err) {
		t.Errorf("TagLists.Update missing: %v", err)
	}
	if _, err := c.Tags.Get(ctx, missing); !IsNotFound(err) {
		t.Errorf("Tags.Get missing: %v", err)
	}
	if err := c.Tags.Update(ctx, missing, Set("x"), Field[bool]{}); !IsNotFound(err) {
		t.Errorf("Tags.Update missing: %v", err)
	}
	if _, err := c.Tags.Create(ctx, missing, "x"); !IsNotFound(err) {
		t.Errorf("Tags.Create in a missing list: %v", err)
	}
	if _, err := c.TagLists.Create(ctx, ""); err == nil || IsNotFound(err) || StatusCode(err) != http.StatusBadRequest {
		t.Errorf("TagLists.Create with an empty name: %v, want a plain 400", err)
	}
}

func TestEmulatorFaults(t *testing.T) {
	t.Run("lost reply on create: sent once, task made, transport error", func(t *testing.T) {
		c, srv := emulatorClient(t, timecamptest.Options{})
		ctx := ctxT(t)
		if _, err := c.Me.Get(ctx); err != nil { // a kept-alive connection for the create to reuse
			t.Fatal(err)
		}
		srv.InjectFault(timecamptest.Fault{Method: http.MethodPost, Path: "/tasks", LoseReply: true})
		_, err := c.Tasks.Create(ctx, TaskInput{Name: Set("once")})
		var te *TransportError
		if !errors.As(err, &te) {
			t.Fatalf("err = %#v, want a *TransportError", err)
		}
		if n := srv.RequestCount(http.MethodPost, "/tasks"); n != 1 {
			t.Errorf("POST /tasks reached the emulator %d times, want exactly once", n)
		}
		tasks, err := c.Tasks.List(ctx, TaskListOptions{})
		if err != nil || len(tasks) != 1 || tasks[0].Name != "once" {
			t.Errorf("tasks = %+v, %v; want exactly the one task the lost call made", tasks, err)
		}
	})
	t.Run("500 on create: sent once, nothing made", func(t *testing.T) {
		c, srv := emulatorClient(t, timecamptest.Options{})
		srv.InjectFault(timecamptest.Fault{Method: http.MethodPost, Path: "/tasks", Status: 500, Times: 3})
		if _, err := c.Tasks.Create(ctxT(t), TaskInput{Name: Set("x")}); StatusCode(err) != 500 {
			t.Errorf("err = %v, want the 500", err)
		}
		if n := srv.RequestCount(http.MethodPost, "/tasks"); n != 1 {
			t.Errorf("POST /tasks sent %d times, want once", n)
		}
	})
	t.Run("429 with Retry-After on a read: retried", func(t *testing.T) {
		c, srv := emulatorClient(t, timecamptest.Options{})
		srv.InjectFault(timecamptest.Fault{Method: http.MethodGet, Path: "/group", Status: 429, RetryAfter: "1", Times: 2})
		groups, err := c.Groups.List(ctxT(t))
		if err != nil || len(groups) != 1 {
			t.Fatalf("List = %+v, %v", groups, err)
		}
		if n := srv.RequestCount(http.MethodGet, "/group"); n != 3 {
			t.Errorf("GET /group sent %d times, want 3", n)
		}
	})
	t.Run("lost reply on an update: retried, same outcome", func(t *testing.T) {
		c, srv := emulatorClient(t, timecamptest.Options{})
		ctx := ctxT(t)
		task, err := c.Tasks.Create(ctx, TaskInput{Name: Set("a")})
		if err != nil {
			t.Fatal(err)
		}
		srv.InjectFault(timecamptest.Fault{Method: http.MethodPut, Path: "/tasks", LoseReply: true})
		upd, err := c.Tasks.Update(ctx, int64(task.TaskID), TaskInput{Name: Set("b")})
		if err != nil || upd.Name != "b" {
			t.Fatalf("Update = %+v, %v", upd, err)
		}
		if n := srv.RequestCount(http.MethodPut, "/tasks"); n != 2 {
			t.Errorf("PUT /tasks sent %d times, want 2", n)
		}
	})
}

func TestEmulatorConcurrentCreatesRespectMaxConcurrent(t *testing.T) {
	for _, limit := range []int{0, 3} { // 0: the default of 4
		want := limit
		if want == 0 {
			want = 4
		}
		e, err := timecamptest.New(timecamptest.Options{Latency: 20 * time.Millisecond})
		if err != nil {
			t.Fatal(err)
		}
		var inFlight, peak atomic.Int32
		inner := e.Handler()
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			n := inFlight.Add(1)
			defer inFlight.Add(-1)
			for {
				p := peak.Load()
				if n <= p || peak.CompareAndSwap(p, n) {
					break
				}
			}
			inner.ServeHTTP(w, r)
		}))
		t.Cleanup(srv.Close)
		c := newTestClient(t, srv.URL+timecamptest.BasePath, timecamptest.DefaultToken, func(cfg *Config) { cfg.MaxConcurrent = limit })

		const n = 20
		ids := make([]int64, n)
		errs := make([]error, n)
		var wg sync.WaitGroup
		for i := range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				task, err := c.Tasks.Create(ctxT(t), TaskInput{Name: Set("task")})
				errs[i] = err
				if err == nil {
					ids[i] = int64(task.TaskID)
				}
			}()
		}
		wg.Wait()
		seen := map[int64]bool{}
		for i := range n {
			if errs[i] != nil {
				t.Fatalf("create %d: %v", i, errs[i])
			}
			if ids[i] == 0 || seen[ids[i]] {
				t.Fatalf("ids not distinct: %v", ids)
			}
			seen[ids[i]] = true
		}
		if got := e.RequestCount(http.MethodPost, "/tasks"); got != n {
			t.Errorf("%d POST /tasks, want %d", got, n)
		}
		p := int(peak.Load())
		if p > want {
			t.Errorf("MaxConcurrent %d: %d requests in flight at once, want at most %d", limit, p, want)
		}
		if p < 2 {
			t.Errorf("MaxConcurrent %d: peak %d; the creates never overlapped, so the bound was not exercised", limit, p)
		}
	}
}
