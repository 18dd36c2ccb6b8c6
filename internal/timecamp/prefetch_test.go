package timecamp

import (
	"context"
	"net/http"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

// loadCounter is a per-parent load that counts its calls by key; release, when set, holds every
// load until closed.
type loadCounter struct {
	mu      sync.Mutex
	n       map[int]int
	release chan struct{}
	value   string
}

func (l *loadCounter) load(_ context.Context, key int) (string, error) {
	l.mu.Lock()
	if l.n == nil {
		l.n = map[int]int{}
	}
	l.n[key]++
	v, release := l.value, l.release
	l.mu.Unlock()
	if release != nil {
		<-release
	}
	return v, nil
}

func (l *loadCounter) counts() map[int]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[int]int{}
	for k, v := range l.n {
		out[k] = v
	}
	return out
}

func (l *loadCounter) total() int {
	n := 0
	for _, v := range l.counts() {
		n += v
	}
	return n
}

// waitFor polls until cond holds (background loads finish on their own time).
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

func keys(n int) func() []int {
	return func() []int {
		out := make([]int, n)
		for i := range out {
			out[i] = i + 1
		}
		return out
	}
}

func TestPrefetchLoadsSiblingsOnSecondParent(t *testing.T) {
	m := snapshotMap[int, string]{enabled: true}
	var l loadCounter
	ctx := ctxT(t)

	if _, err := m.getAndPrefetch(ctx, 1, l.load, keys(6), 2); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	if got := l.counts(); len(got) != 1 || got[1] != 1 {
		t.Fatalf("the first parent alone loaded %v, want only parent 1", got)
	}
	if _, err := m.getAndPrefetch(ctx, 2, l.load, keys(6), 2); err != nil {
		t.Fatal(err)
	}
	waitFor(t, "the 6 parents loaded", func() bool { return l.total() == 6 })
	for k := 3; k <= 6; k++ {
		if _, err := m.getAndPrefetch(ctx, k, l.load, keys(6), 2); err != nil {
			t.Fatal(err)
		}
	}
	if got := l.counts(); !equalCounts(got, map[int]int{1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1}) {
		t.Fatalf("loads by parent %v, want each of the 6 loaded once", got)
	}
	// Only once per client: a parent that is not a candidate is loaded when asked, alone.
	if _, err := m.getAndPrefetch(ctx, 7, l.load, keys(8), 2); err != nil {
		t.Fatal(err)
	}
	time.Sleep(20 * time.Millisecond)
	if got := l.counts(); got[8] != 0 || got[7] != 1 {
		t.Fatalf("a second prefetch happened: %v", got)
	}
}

func TestPrefetchBounded(t *testing.T) {
	m := snapshotMap[int, string]{enabled: true}
	var l loadCounter
	ctx := ctxT(t)
	for _, k := range []int{1, 2} {
		if _, err := m.getAndPrefetch(ctx, k, l.load, keys(prefetchMax+3), 2); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(20 * time.Millisecond)
	if got := l.total(); got != 2 {
		t.Fatalf("with %d candidates (more than %d) %d lists were loaded, want only the 2 asked for",
			prefetchMax+3, prefetchMax, got)
	}
}

func TestPrefetchNeverAfterWrite(t *testing.T) {
	m := snapshotMap[int, string]{enabled: true}
	var l loadCounter
	ctx := ctxT(t)
	m.invalidate() // a write of the kind, before any read
	for _, k := range []int{1, 2} {
		if _, err := m.getAndPrefetch(ctx, k, l.load, keys(5), 2); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(20 * time.Millisecond)
	if got := l.total(); got != 2 {
		t.Fatalf("after a write, %d lists were loaded, want only the 2 asked for", got)
	}
}

// A list loaded ahead while a write happens is not kept: the next reader loads it again and gets
// what TimeCamp holds after the write.
func TestPrefetchDuringWriteNotKept(t *testing.T) {
	m := snapshotMap[int, string]{enabled: true}
	l := loadCounter{value: "before"}
	ctx := ctxT(t)
	if _, err := m.getAndPrefetch(ctx, 1, l.load, keys(3), 2); err != nil {
		t.Fatal(err)
	}
	l.mu.Lock()
	l.release = make(chan struct{})
	l.mu.Unlock()
	got := make(chan string)
	go func() {
		v, _ := m.getAndPrefetch(ctx, 2, l.load, keys(3), 2)
		got <- v
	}()
	waitFor(t, "the prefetch of parent 3 under way", func() bool { return l.counts()[3] == 1 })
	m.invalidate() // the write completes while the lists are loading
	l.mu.Lock()
	l.value = "after"
	close(l.release)
	l.release = nil
	l.mu.Unlock()
	if v := <-got; v != "before" {
		t.Fatalf("the reader that started before the write got %q", v)
	}
	v, err := m.getAndPrefetch(ctx, 3, l.load, keys(3), 2)
	if err != nil {
		t.Fatal(err)
	}
	if v != "after" || l.counts()[3] != 2 {
		t.Fatalf("after the write, parent 3 = %q after %d loads; want a new load returning \"after\"", v, l.counts()[3])
	}
}

func equalCounts(a, b map[int]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// A refresh of people in five groups loads the five member lists together once a second group is
// asked for, none of a group without users, and nothing more; a user moved by this client while
// the lists load is seen in the new group.
func TestUsersMembersPrefetch(t *testing.T) {
	srv := timecamptest.NewServer(t, timecamptest.Options{})
	setup := newTestClient(t, srv.URL, srv.Token, nil)
	ctx := ctxT(t)
	root := srv.RootGroupID()
	wait := WaitOptions{Timeout: time.Second, Interval: 10 * time.Millisecond}
	var groups []int64
	for _, name := range []string{"A", "B", "C", "D", "Empty"} {
		g, err := setup.Groups.Create(ctx, name, root)
		if err != nil {
			t.Fatal(err)
		}
		groups = append(groups, int64(g.GroupID))
	}
	userGroup := map[int64]int64{}
	for i, email := range []string{"a@example.com", "b@example.com", "c@example.com", "d@example.com", "r@example.com"} {
		if _, err := setup.Users.Invite(ctx, root, Invitation{Email: email}); err != nil {
			t.Fatal(err)
		}
		m, err := setup.Users.WaitForMember(ctx, root, email, wait)
		if err != nil {
			t.Fatal(err)
		}
		userGroup[m.User()] = root
		if i < 4 {
			if _, err := setup.Users.Move(ctx, root, m.User(), groups[i]); err != nil {
				t.Fatal(err)
			}
			userGroup[m.User()] = groups[i]
		}
	}
	withUsers := []int64{root, groups[0], groups[1], groups[2], groups[3]}
	membersRequests := func() int {
		n := 0
		for _, g := range append(slices.Clone(withUsers), groups[4]) {
			n += srv.RequestCount(http.MethodGet, groupUserPath(g))
		}
		return n
	}

	// A plan's refresh: a fresh client, the user list first, then each person's group.
	c := freshClient(t, srv)
	srv.ResetRequests()
	if _, err := c.Users.List(ctx); err != nil {
		t.Fatal(err)
	}
	for id, g := range userGroup {
		if _, err := c.Users.Member(ctx, g, id); err != nil {
			t.Fatal(err)
		}
	}
	waitFor(t, "the member lists loaded", func() bool { return membersRequests() >= len(withUsers) })
	time.Sleep(20 * time.Millisecond)
	if n := membersRequests(); n != len(withUsers) {
		t.Errorf("refresh of 5 people in 5 groups sent %d member-list requests, want %d (one per group with users)", n, len(withUsers))
	}
	if n := srv.RequestCount(http.MethodGet, groupUserPath(groups[4])); n != 0 {
		t.Errorf("the group without users was read %d times", n)
	}
	if n := srv.RequestCount(http.MethodGet, ""); n != 1+len(withUsers) {
		t.Errorf("the refresh sent %d GETs, want %d: the user list and the member lists", n, 1+len(withUsers))
	}

	// Without the user list in hand nothing is loaded ahead (it is never read for this).
	c = freshClient(t, srv)
	srv.ResetRequests()
	for _, g := range withUsers[:2] {
		if _, err := c.Users.GroupMembers(ctx, g); err != nil {
			t.Fatal(err)
		}
	}
	time.Sleep(20 * time.Millisecond)
	if n := srv.RequestCount(http.MethodGet, ""); n != 2 {
		t.Errorf("two member lists without the user list sent %d GETs, want 2", n)
	}

	// A move by this client while the lists load ahead: the lists in flight are not kept, and the
	// person is found in the new group.
	srv.InjectFault(timecamptest.Fault{Method: http.MethodGet, Path: groupUserPath(groups[3]), Latency: 200 * time.Millisecond})
	c = freshClient(t, srv)
	srv.ResetRequests()
	if _, err := c.Users.List(ctx); err != nil {
		t.Fatal(err)
	}
	for _, g := range withUsers[:2] {
		if _, err := c.Users.GroupMembers(ctx, g); err != nil {
			t.Fatal(err)
		}
	}
	var moved int64
	for id, g := range userGroup {
		if g == groups[0] {
			moved = id
		}
	}
	slow := groupUserPath(groups[3])
	waitFor(t, "the slow list loading ahead", func() bool { return srv.RequestCount(http.MethodGet, slow) == 1 })
	if _, err := c.Users.Move(ctx, groups[0], moved, groups[3]); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Users.Member(ctx, groups[3], moved); err != nil {
		t.Fatalf("the user moved into group %d is not found there: %v", groups[3], err)
	}
	if n := srv.RequestCount(http.MethodGet, slow); n != 2 {
		t.Errorf("group %d's list was requested %d times, want 2: the read after the move must not use the list loaded ahead", groups[3], n)
	}
}

// Lists loaded ahead go workers at a time, and a parent a reader asks for while it waits its turn
// is loaded once, by whichever comes first.
func TestPrefetchWorkersBoundAndShare(t *testing.T) {
	m := snapshotMap[int, string]{enabled: true}
	var l loadCounter
	ctx := ctxT(t)
	if _, err := m.getAndPrefetch(ctx, 1, l.load, keys(6), 2); err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{})
	l.mu.Lock()
	l.release = release
	l.mu.Unlock()
	var wg sync.WaitGroup
	ask := func(k int) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := m.getAndPrefetch(ctx, k, l.load, keys(6), 2); err != nil {
				t.Error(err)
			}
		}()
	}
	ask(2)
	waitFor(t, "two lists loading ahead", func() bool { c := l.counts(); return c[3] == 1 && c[4] == 1 })
	time.Sleep(20 * time.Millisecond)
	if c := l.counts(); c[5] != 0 || c[6] != 0 {
		t.Fatalf("more than 2 lists loading ahead at once: %v", c)
	}
	ask(6) // a reader asks for a parent still waiting its turn: it loads it itself
	waitFor(t, "the reader's load", func() bool { return l.counts()[6] == 1 })
	close(release)
	wg.Wait()
	waitFor(t, "every list loaded", func() bool { return l.counts()[5] == 1 })
	time.Sleep(20 * time.Millisecond)
	if got := l.counts(); !equalCounts(got, map[int]int{1: 1, 2: 1, 3: 1, 4: 1, 5: 1, 6: 1}) {
		t.Fatalf("loads by parent %v, want each loaded once", got)
	}
}

// After a write, the lists still waiting their turn are not loaded ahead.
func TestPrefetchStopsAtWrite(t *testing.T) {
	m := snapshotMap[int, string]{enabled: true}
	var l loadCounter
	ctx := ctxT(t)
	if _, err := m.getAndPrefetch(ctx, 1, l.load, keys(6), 1); err != nil {
		t.Fatal(err)
	}
	release := make(chan struct{})
	l.mu.Lock()
	l.release = release
	l.mu.Unlock()
	done := make(chan struct{})
	go func() {
		defer close(done)
		_, _ = m.getAndPrefetch(ctx, 2, l.load, keys(6), 1)
	}()
	waitFor(t, "one list loading ahead", func() bool { return l.counts()[3] == 1 })
	m.invalidate()
	close(release)
	<-done
	time.Sleep(20 * time.Millisecond)
	if c := l.counts(); c[4]+c[5]+c[6] != 0 {
		t.Fatalf("lists loaded ahead after the write: %v", c)
	}
}
