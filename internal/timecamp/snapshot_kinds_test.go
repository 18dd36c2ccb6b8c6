package timecamp

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

// getsLike counts the GETs whose path matches the pattern, {id} standing for one path segment.
func getsLike(srv *timecamptest.Server, pattern string) int {
	want := strings.Split(pattern, "/")
	n := 0
	for _, r := range srv.Requests() {
		segs := strings.Split(r.Path, "/")
		if r.Method != http.MethodGet || len(segs) != len(want) {
			continue
		}
		match := true
		for i := range want {
			if want[i] != "{id}" && want[i] != segs[i] {
				match = false
			}
		}
		if match {
			n++
		}
	}
	return n
}

// inParallel runs f for every item at once, as Terraform refreshes resources, and fails on the
// first error.
func inParallel[T any](t *testing.T, items []T, f func(T) error) {
	t.Helper()
	var wg sync.WaitGroup
	errs := make(chan error, len(items))
	for _, it := range items {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- f(it)
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
}

// freshClient is a client with its own snapshots, as the provider makes for the next plan.
func freshClient(t *testing.T, srv *timecamptest.Server) *Client {
	return newTestClient(t, srv.URL, srv.Token, func(cfg *Config) { cfg.SnapshotReads = true })
}

func TestSnapshotClients(t *testing.T) {
	c, srv := snapshotClient(t)
	ctx := ctxT(t)
	var ids []int64
	for i := range 3 {
		cl, err := c.Clients.Create(ctx, InvoiceClientInput{OrganizationName: Set(fmt.Sprintf("Client %d", i))})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, int64(cl.ClientID))
	}
	srv.ResetRequests()
	inParallel(t, ids, func(id int64) error { _, err := c.Clients.Get(ctx, id); return err })
	if n := srv.RequestCount(http.MethodGet, "/client"); n != 1 {
		t.Fatalf("3 client reads sent %d GET /client, want 1", n)
	}
	if err := c.Clients.Update(ctx, ids[0], InvoiceClientInput{OrganizationName: Set("Renamed")}); err != nil {
		t.Fatal(err)
	}
	if cl, err := c.Clients.Get(ctx, ids[0]); err != nil || cl.OrganizationName != "Renamed" {
		t.Fatalf("after an update, Get = %+v, %v", cl, err)
	}
	if err := c.Clients.Delete(ctx, ids[1]); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Clients.Get(ctx, ids[1]); !IsNotFound(err) {
		t.Fatalf("after a delete, Get = %v, want not found", err)
	}
	// A change made by someone else is seen by the next operation's client.
	other := newTestClient(t, srv.URL, srv.Token, nil)
	if err := other.Clients.Delete(ctx, ids[2]); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Clients.Get(ctx, ids[2]); err != nil {
		t.Fatalf("within one operation the snapshot answers: %v", err)
	}
	if _, err := freshClient(t, srv).Clients.Get(ctx, ids[2]); !IsNotFound(err) {
		t.Fatalf("a new client must see the delete made outside: %v", err)
	}
}

func TestSnapshotCustomFieldTemplatesAndValues(t *testing.T) {
	c, srv := snapshotClient(t)
	ctx := ctxT(t)
	var tpls []int64
	for i, required := range []bool{false, false, true} {
		in := CustomFieldTemplateInput{Name: Set(fmt.Sprintf("F%d", i)), ResourceType: Set("task"), FieldType: Set("string"),
			Required: Set(required)}
		if required {
			in.DefaultValue = Set("dflt")
		}
		tpl, err := c.CustomFields.CreateTemplate(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		tpls = append(tpls, int64(tpl.ID))
	}
	var tasks []int64
	for i := range 3 {
		task, err := c.Tasks.Create(ctx, TaskInput{Name: Set(fmt.Sprintf("T%d", i))})
		if err != nil {
			t.Fatal(err)
		}
		tasks = append(tasks, int64(task.TaskID))
	}
	type pair struct{ tpl, res int64 }
	var pairs []pair
	for _, res := range tasks {
		for _, tpl := range tpls[:2] {
			if _, err := c.CustomFields.Assign(ctx, tpl, res, fmt.Sprintf("v%d-%d", tpl, res)); err != nil {
				t.Fatal(err)
			}
			pairs = append(pairs, pair{tpl, res})
		}
	}
	srv.ResetRequests()

	inParallel(t, pairs, func(p pair) error {
		v, err := c.CustomFields.GetValue(ctx, p.tpl, p.res)
		if err == nil && v.Value.Value != fmt.Sprintf("v%d-%d", p.tpl, p.res) {
			err = fmt.Errorf("GetValue(%d, %d) = %q", p.tpl, p.res, v.Value.Value)
		}
		return err
	})
	inParallel(t, tpls, func(id int64) error { _, err := c.CustomFields.GetTemplate(ctx, id); return err })
	if n := getsLike(srv, "/v3/custom-fields/values/resource/{id}/type/task"); n != len(tasks) {
		t.Errorf("6 values on 3 tasks sent %d value lists, want 3 (one per resource)", n)
	}
	if n := srv.RequestCount(http.MethodGet, "/v3/custom-fields/template/list"); n != 1 {
		t.Errorf("%d template lists, want 1", n)
	}
	if n := getsLike(srv, "/v3/custom-fields/{id}/value/{id}"); n != 0 {
		t.Errorf("%d single value reads, want none", n)
	}

	// The required field shows its default when unassigned: the list cannot tell, the single read does.
	if _, err := c.CustomFields.GetValue(ctx, tpls[2], tasks[0]); !IsNotFound(err) {
		t.Fatalf("an unassigned required field: %v, want not found", err)
	}
	if _, err := c.CustomFields.Assign(ctx, tpls[2], tasks[0], "dflt"); err != nil {
		t.Fatal(err)
	}
	if v, err := c.CustomFields.GetValue(ctx, tpls[2], tasks[0]); err != nil || v.Value.Value != "dflt" {
		t.Fatalf("a required field assigned its default: %+v, %v", v, err)
	}

	// Writes in this operation are seen by the reads after them.
	if err := c.CustomFields.Unassign(ctx, tpls[0], tasks[1]); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CustomFields.GetValue(ctx, tpls[0], tasks[1]); !IsNotFound(err) {
		t.Fatalf("after unassign: %v, want not found", err)
	}
	if _, err := c.CustomFields.Assign(ctx, tpls[1], tasks[1], "new"); err != nil {
		t.Fatal(err)
	}
	if v, err := c.CustomFields.GetValue(ctx, tpls[1], tasks[1]); err != nil || v.Value.Value != "new" {
		t.Fatalf("after assign: %+v, %v", v, err)
	}
	if _, err := c.CustomFields.ModifyTemplate(ctx, tpls[1], CustomFieldTemplateInput{Name: Set("Renamed")}); err != nil {
		t.Fatal(err)
	}
	if tpl, err := c.CustomFields.GetTemplate(ctx, tpls[1]); err != nil || tpl.Name != "Renamed" {
		t.Fatalf("after modify: %+v, %v", tpl, err)
	}
	if err := c.CustomFields.RemoveTemplate(ctx, tpls[1]); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CustomFields.GetValue(ctx, tpls[1], tasks[2]); !IsNotFound(err) {
		t.Fatalf("a value of a removed template: %v, want not found", err)
	}

	// A change made outside: seen by the next operation's client.
	other := newTestClient(t, srv.URL, srv.Token, nil)
	if _, err := other.CustomFields.Assign(ctx, tpls[0], tasks[2], "outside"); err != nil {
		t.Fatal(err)
	}
	if v, err := freshClient(t, srv).CustomFields.GetValue(ctx, tpls[0], tasks[2]); err != nil || v.Value.Value != "outside" {
		t.Fatalf("a new client must see the outside change: %+v, %v", v, err)
	}
}

func TestSnapshotFavourites(t *testing.T) {
	c, srv := snapshotClient(t)
	ctx := ctxT(t)
	var ids []int64
	for i := range 3 {
		task, err := c.Tasks.Create(ctx, TaskInput{Name: Set(fmt.Sprintf("T%d", i))})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, int64(task.TaskID))
	}
	srv.ResetRequests()
	for _, id := range ids {
		if err := c.Favourites.Add(ctx, id); err != nil {
			t.Fatal(err)
		}
		// The add replies with the list (SPEC §6): reading it back sends nothing.
		f, err := c.Favourites.List(ctx)
		if err != nil || !f.Has(id) {
			t.Fatalf("after adding %d: %+v, %v", id, f, err)
		}
	}
	if n := srv.RequestCount(http.MethodGet, "/v3/taskPicker/favourites"); n != 0 {
		t.Errorf("%d favourite lists after adds that replied with the list, want 0", n)
	}
	if err := c.Favourites.Remove(ctx, ids[0]); err != nil {
		t.Fatal(err)
	}
	if f, err := c.Favourites.List(ctx); err != nil || f.Has(ids[0]) || !f.Has(ids[1]) {
		t.Fatalf("after remove: %+v, %v", f, err)
	}
	other := newTestClient(t, srv.URL, srv.Token, nil)
	if err := other.Favourites.Remove(ctx, ids[1]); err != nil {
		t.Fatal(err)
	}
	if f, err := freshClient(t, srv).Favourites.List(ctx); err != nil || f.Has(ids[1]) {
		t.Fatalf("a new client must see the outside remove: %+v, %v", f, err)
	}
}

// Two adds whose replies cross: the older list must not be kept over the newer.
func TestSnapshotPutAfterAnotherWriteDrops(t *testing.T) {
	s := snapshot[int]{enabled: true}
	first, second := s.begin(), s.begin()
	s.put(second, 2)
	s.put(first, 1) // answered later, but another write came in between
	loads := 0
	v, err := s.get(context.Background(), func(context.Context) (int, error) { loads++; return 3, nil })
	if err != nil || v != 3 || loads != 1 {
		t.Fatalf("get = %d, %v after %d loads; want a fresh load (3)", v, err, loads)
	}
	s.put(s.begin(), 4)
	if v, _ := s.get(context.Background(), func(context.Context) (int, error) { return 5, nil }); v != 4 {
		t.Fatalf("get = %d, want the kept reply 4", v)
	}
}

func TestSnapshotRates(t *testing.T) {
	c, srv := snapshotClient(t)
	ctx := ctxT(t)
	root, admin := srv.RootGroupID(), srv.AdminUserID()
	var targets []RateTarget
	var tasks []int64
	for i := range 4 {
		task, err := c.Tasks.Create(ctx, TaskInput{Name: Set(fmt.Sprintf("T%d", i))})
		if err != nil {
			t.Fatal(err)
		}
		tasks = append(tasks, int64(task.TaskID))
		targets = append(targets, RateTarget{TaskID: int64(task.TaskID)}, RateTarget{TaskID: int64(task.TaskID), UserID: admin})
	}
	g, err := c.Groups.Create(ctx, "G", root)
	if err != nil {
		t.Fatal(err)
	}
	targets = append(targets, RateTarget{UserID: admin}, RateTarget{GroupID: root}, RateTarget{GroupID: int64(g.GroupID)})
	value := func(i int) string { return fmt.Sprintf("%d.50", 10+i) }
	for i, target := range targets {
		if _, err := c.Rates.Set(ctx, target, RateInput{RateTypeID: 1, Value: value(i)}); err != nil {
			t.Fatal(err)
		}
	}
	srv.ResetRequests()
	idx := make([]int, len(targets))
	for i := range idx {
		idx[i] = i
	}
	inParallel(t, idx, func(i int) error {
		r, err := c.Rates.Get(ctx, targets[i], 1, "")
		if err == nil && string(r.Value) != value(i) {
			err = fmt.Errorf("%s: value %s, want %s", targets[i], r.Value, value(i))
		}
		if _, cost := c.Rates.Get(ctx, targets[i], 2, ""); !IsNotFound(cost) {
			err = fmt.Errorf("%s: a rate type never set: %v", targets[i], cost)
		}
		return err
	})
	for pattern, want := range map[string]int{
		"/task/{id}/rate": 1, "/user/{id}/rate": 1, "/group/{id}/rate": 2, "/task/{id}/user/{id}/rate": 4,
	} {
		if n := getsLike(srv, pattern); n != want {
			t.Errorf("%d GET %s for 11 rates, want %d", n, pattern, want)
		}
	}
	for _, r := range srv.Requests() {
		if strings.HasPrefix(r.Path, "/task/") && strings.Contains(r.Path, "/user/") && !strings.Contains(r.Path, "/user/all/") {
			t.Errorf("task-user rates read one user at a time: %s", r.Path)
		}
	}

	// A write is seen by later reads; a task created after the batch was read is asked on its own.
	if _, err := c.Rates.Set(ctx, targets[0], RateInput{RateTypeID: 1, Value: "99"}); err != nil {
		t.Fatal(err)
	}
	if r, err := c.Rates.Get(ctx, targets[0], 1, ""); err != nil || r.Value != "99.00" {
		t.Fatalf("after a set: %+v, %v", r, err)
	}
	late, err := c.Tasks.Create(ctx, TaskInput{Name: Set("late")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Rates.Get(ctx, RateTarget{TaskID: int64(late.TaskID)}, 1, ""); !IsNotFound(err) {
		t.Fatalf("a task without rates: %v", err)
	}
	if err := c.Tasks.Remove(ctx, tasks[1]); err != nil {
		t.Fatal(err)
	}
	waitGone(t, c, tasks[1])
	if _, err := c.Rates.Get(ctx, RateTarget{TaskID: tasks[1]}, 1, ""); !IsNotFound(err) {
		t.Fatalf("the rate of a deleted task: %v, want not found", err)
	}
	if _, err := c.Rates.Get(ctx, RateTarget{UserID: 4242}, 1, ""); !IsNotFound(err) {
		t.Fatalf("unknown user: %v", err)
	}
	if _, err := c.Rates.Get(ctx, RateTarget{GroupID: 4242}, 1, ""); !IsNotFound(err) {
		t.Fatalf("unknown group: %v", err)
	}
	// Outside change, seen by the next operation.
	other := newTestClient(t, srv.URL, srv.Token, nil)
	if _, err := other.Rates.Set(ctx, targets[4], RateInput{RateTypeID: 1, Value: "7"}); err != nil {
		t.Fatal(err)
	}
	if r, err := freshClient(t, srv).Rates.Get(ctx, targets[4], 1, ""); err != nil || r.Value != "7.00" {
		t.Fatalf("a new client must see the outside change: %+v, %v", r, err)
	}
}

// waitGone waits until the (asynchronous) removal of a task shows.
func waitGone(t *testing.T, c *Client, id int64) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if _, err := c.Tasks.Get(ctxT(t), id); IsNotFound(err) {
			return
		}
	}
	t.Fatalf("task %d still there", id)
}

func TestSnapshotTaskUsers(t *testing.T) {
	c, srv := snapshotClient(t)
	ctx := ctxT(t)
	root, admin := srv.RootGroupID(), srv.AdminUserID()
	if _, err := c.Users.Invite(ctx, root, Invitation{Email: "p@example.com"}); err != nil {
		t.Fatal(err)
	}
	m, err := c.Users.WaitForMember(ctx, root, "p@example.com", WaitOptions{Timeout: time.Second, Interval: 10 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	person := m.User()
	type pair struct{ task, user, role int64 }
	var pairs []pair
	for i := range 3 {
		task, err := c.Tasks.Create(ctx, TaskInput{Name: Set(fmt.Sprintf("T%d", i))})
		if err != nil {
			t.Fatal(err)
		}
		id := int64(task.TaskID)
		for _, p := range []pair{{id, admin, roleManager}, {id, person, roleGuest}} {
			if err := c.TaskUsers.Assign(ctx, p.task, p.role, p.user); err != nil {
				t.Fatal(err)
			}
			pairs = append(pairs, p)
		}
	}
	srv.ResetRequests()
	inParallel(t, pairs, func(p pair) error {
		a, err := c.TaskUsers.Get(ctx, p.task, p.user)
		if err == nil && (int64(a.RoleID) != p.role || int64(a.UserID) != p.user) {
			err = fmt.Errorf("Get(%d, %d) = %+v, want role %d", p.task, p.user, a, p.role)
		}
		return err
	})
	if n := getsLike(srv, "/v3/projects/{id}/assigned-users"); n != 0 {
		t.Errorf("%d per-task assignment lists, want none", n)
	}
	if n := srv.RequestCount(http.MethodGet, "/tasks"); n != 1 {
		t.Errorf("%d GET /tasks for 6 assignments, want 1", n)
	}

	// The same answers as the per-task list, for the cases it covers.
	plain := newTestClient(t, srv.URL, srv.Token, nil)
	for _, p := range pairs[:2] {
		want, err := plain.TaskUsers.Get(ctx, p.task, p.user)
		if err != nil || int64(want.RoleID) != p.role {
			t.Fatalf("without snapshots: %+v, %v", want, err)
		}
	}
	if err := c.TaskUsers.Unassign(ctx, pairs[0].task, admin); err != nil {
		t.Fatal(err)
	}
	if _, err := c.TaskUsers.Get(ctx, pairs[0].task, admin); !IsNotFound(err) {
		t.Fatalf("after unassign: %v, want not found", err)
	}
	if err := c.TaskUsers.Assign(ctx, pairs[2].task, roleManager, person); err != nil {
		t.Fatal(err)
	}
	if a, err := c.TaskUsers.Get(ctx, pairs[2].task, person); err != nil || int64(a.RoleID) != roleManager {
		t.Fatalf("after a role change: %+v, %v", a, err)
	}
	// A deactivated person's assignment reads as gone, as assigned-users lists active people only.
	if err := c.Users.SetDisabled(ctx, person, true); err != nil {
		t.Fatal(err)
	}
	for _, cl := range []*Client{c, plain} {
		if _, err := cl.TaskUsers.Get(ctx, pairs[1].task, person); !IsNotFound(err) {
			t.Fatalf("a deactivated person: %v, want not found", err)
		}
	}
	if _, err := c.TaskUsers.Get(ctx, 4242, admin); !IsNotFound(err) {
		t.Fatalf("unknown task: %v", err)
	}
	if _, err := c.TaskUsers.Get(ctx, pairs[3].task, 4242); !IsNotFound(err) {
		t.Fatalf("unknown user: %v", err)
	}
}

// Default task roles (SPEC §5.7).
const (
	roleManager int64 = 1
	roleGuest   int64 = 4
)

// The rates of many tasks come in batches of rateBatch ids, each rate under its own task.
func TestSnapshotRatesInBatches(t *testing.T) {
	c, srv := snapshotClient(t)
	ctx := ctxT(t)
	var ids []int64
	for i := range 2*rateBatch + 5 {
		task, err := c.Tasks.Create(ctx, TaskInput{Name: Set(fmt.Sprintf("T%d", i))})
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, int64(task.TaskID))
	}
	rated := map[int64]string{ids[0]: "1.00", ids[rateBatch+3]: "2.00", ids[len(ids)-1]: "3.00"}
	for id, v := range rated {
		if _, err := c.Rates.Set(ctx, RateTarget{TaskID: id}, RateInput{RateTypeID: 1, Value: v}); err != nil {
			t.Fatal(err)
		}
	}
	srv.ResetRequests()
	for _, id := range ids {
		r, err := c.Rates.Get(ctx, RateTarget{TaskID: id}, 1, "")
		switch want, ok := rated[id]; {
		case ok && (err != nil || string(r.Value) != want):
			t.Fatalf("task %d: %+v, %v; want %s", id, r, err, want)
		case !ok && !IsNotFound(err):
			t.Fatalf("task %d without a rate: %+v, %v", id, r, err)
		}
	}
	if n := getsLike(srv, "/task/{id}/rate"); n != 3 {
		t.Errorf("%d rate reads for %d tasks, want 3 batches", n, len(ids))
	}
}

func TestSnapshotInvoices(t *testing.T) {
	c, srv := snapshotClient(t)
	ctx := ctxT(t)
	cl, err := c.Clients.Create(ctx, InvoiceClientInput{OrganizationName: Set("Acme")})
	if err != nil {
		t.Fatal(err)
	}
	invoice := func(number string) InvoiceInput {
		return InvoiceInput{ClientID: int64(cl.ClientID), Number: number, IssueDate: "2026-02-10",
			Lines: []InvoiceLineInput{{EntryID: -1, Name: "Work", Quantity: "1", UnitCost: "10", TaxID: NoTax}}}
	}
	var ids []int64
	for i := range 3 {
		inv, err := c.Invoices.Create(ctx, invoice(fmt.Sprint("A-", i)))
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, int64(inv.InvoiceID))
	}
	srv.ResetRequests()
	inParallel(t, ids, func(id int64) error { _, err := c.Invoices.Get(ctx, id); return err })
	if n := srv.RequestCount(http.MethodGet, "/invoice"); n != 1 {
		t.Fatalf("3 invoice reads sent %d GET /invoice, want 1", n)
	}
	if err := c.Invoices.Update(ctx, ids[0], invoice("B-0")); err != nil {
		t.Fatal(err)
	}
	if inv, err := c.Invoices.Get(ctx, ids[0]); err != nil || string(inv.InvoiceNumber) != "B-0" {
		t.Fatalf("after an update, Get = %+v, %v", inv, err)
	}
	if err := c.Invoices.Delete(ctx, ids[1]); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Invoices.Get(ctx, ids[1]); !IsNotFound(err) {
		t.Fatalf("after a delete, Get = %v, want not found", err)
	}
	other := newTestClient(t, srv.URL, srv.Token, nil)
	if err := other.Invoices.Delete(ctx, ids[2]); err != nil {
		t.Fatal(err)
	}
	if _, err := freshClient(t, srv).Invoices.Get(ctx, ids[2]); !IsNotFound(err) {
		t.Fatalf("a new client must see the delete made outside: %v", err)
	}
}
