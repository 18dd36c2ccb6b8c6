package timecamp

import (
	"context"
	"sync"
)

// prefetchMax bounds the lists a per-parent snapshot loads ahead of demand, per kind and client.
// When more parents qualify, none is loaded ahead: the account is then likely larger than the
// configuration, and the extra requests could outnumber the ones asked for.
const prefetchMax = 32

// siblingPrefetch decides when a per-parent snapshot (snapshotMap) loads the lists of the other
// parents too, before anyone asks for them.
//
// Why: TimeCamp lists some kinds only per parent (a group's members), and Terraform refreshes
// resources one by one over the whole walk, so each parent's list used to be loaded when its first
// resource was refreshed: one round trip after another (27 of them for the members of 27 groups in
// the 1000-resource benchmark). Loaded together they cost a few round trips (all of the client's
// Config.MaxConcurrent slots but one, see prefetchWorkers).
//
// The client cannot see the configuration, so which parents will be asked for is a guess; these
// rules keep the guess cheap:
//   - only parents the data in hand says are not empty are loaded (a group that some user of the
//     already cached user list belongs to); nothing is read to find them;
//   - only once a second parent has been asked for: a configuration that needs one parent's list
//     costs nothing more;
//   - at most prefetchMax parents, else none;
//   - at most once per client (one Terraform operation), and never after a write of the kind: an
//     apply that changes members reads them one parent at a time, as before;
//   - every list loaded ahead is an ordinary snapshot load: shared with a reader who asks while it
//     is under way, and not kept when a write happens meanwhile (see snapshot.go).
type siblingPrefetch[K comparable] struct {
	mu      sync.Mutex
	asked   map[K]bool
	over    bool // prefetched already, or a write happened
	written bool // a write happened: lists not yet loaded ahead are left to their readers
}

// ask records that key's list was asked for and reports whether the caller should now prefetch.
func (p *siblingPrefetch[K]) ask(key K) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.over {
		return false
	}
	if p.asked == nil {
		p.asked = map[K]bool{}
	}
	p.asked[key] = true
	if len(p.asked) < 2 {
		return false
	}
	p.over = true
	return true
}

// stop ends prefetching for good (a write of the kind), including the lists still waiting their
// turn: after a write they would be loaded afresh for nobody in particular.
func (p *siblingPrefetch[K]) stop() {
	p.mu.Lock()
	p.over, p.written = true, true
	p.mu.Unlock()
}

// stopped reports whether a write ended prefetching.
func (p *siblingPrefetch[K]) stopped() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.written
}

// getAndPrefetch is get, and when siblingPrefetch says so, it also starts loading, in the
// background, the list of every parent candidates names that is neither cached nor loading
// (nothing when they are more than prefetchMax). candidates must not send requests. The lists
// loaded ahead go at most workers at a time, so that a reader who needs another request meanwhile
// does not queue behind all of them for a slot of the client.
func (s *snapshotMap[K, T]) getAndPrefetch(ctx context.Context, key K, load func(context.Context, K) (T, error),
	candidates func() []K, workers int) (T, error) {
	if s.enabled && s.siblings.ask(key) {
		s.prefetch(ctx, key, candidates(), load, workers)
	}
	return s.get(ctx, key, func(ctx context.Context) (T, error) { return load(ctx, key) })
}

// prefetch starts the loads of keys (but skip) that are idle, workers at a time.
func (s *snapshotMap[K, T]) prefetch(ctx context.Context, skip K, keys []K, load func(context.Context, K) (T, error), workers int) {
	var todo []*snapshot[T]
	var todoKeys []K
	for _, key := range keys {
		if key == skip {
			continue
		}
		if one := s.one(key); one.idle() {
			todo, todoKeys = append(todo, one), append(todoKeys, key)
		}
	}
	if len(todo) > prefetchMax {
		return
	}
	// The loads outlive the caller's request: each runs without its cancellation, as every
	// snapshot load does, and is bounded by the client's timeout.
	// A parent that a reader asked for meanwhile is shared, not loaded twice: get returns its list
	// or waits for the reader's load.
	ctx = context.WithoutCancel(ctx)
	next := make(chan int, len(todo))
	for i := range todo {
		next <- i
	}
	close(next)
	for range max(1, min(workers, len(todo))) {
		go func() {
			for i := range next {
				if s.siblings.stopped() {
					return
				}
				key := todoKeys[i]
				_, _ = todo[i].get(ctx, func(ctx context.Context) (T, error) { return load(ctx, key) })
			}
		}()
	}
}

// prefetchWorkers is how many lists loaded ahead may be in flight at once: all of the client's
// slots but one, which stays free for the requests readers need meanwhile.
func (c *Client) prefetchWorkers() int {
	return max(1, cap(c.slots)-1)
}
