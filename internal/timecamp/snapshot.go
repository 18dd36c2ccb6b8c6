package timecamp

import (
	"context"
	"sync"
)

// snapshot holds one whole-collection read (every task, every group, ...) so that the refresh of a
// large configuration costs one request per kind of object instead of one per object. TimeCamp's
// list endpoints return whole collections without paging (SPEC §1.9), and Terraform refreshes each
// resource separately, so without it a plan of 500 tasks would send 500 requests.
//
// Rules that keep it correct:
//   - it lives as long as the client, which the provider makes anew for every Terraform operation:
//     a change made outside Terraform between two plans is always seen;
//   - concurrent readers share one request (single flight);
//   - every write of the kind drops it (invalidate), and a load that was under way during a write
//     is not kept, so a read that starts after a write sees that write.
//
// A zero snapshot is disabled: get always loads. Clients enable it with Config.SnapshotReads.
type snapshot[T any] struct {
	enabled bool

	mu       sync.Mutex
	gen      uint64 // bumped by invalidate
	value    T
	valid    bool
	inflight *snapshotLoad[T]
}

type snapshotLoad[T any] struct {
	done  chan struct{}
	value T
	err   error
}

// get returns the cached collection, or loads it once for every concurrent caller.
func (s *snapshot[T]) get(ctx context.Context, load func(context.Context) (T, error)) (T, error) {
	if !s.enabled {
		return load(ctx)
	}
	s.mu.Lock()
	if s.valid {
		v := s.value
		s.mu.Unlock()
		return v, nil
	}
	call := s.inflight
	if call == nil {
		call = &snapshotLoad[T]{done: make(chan struct{})}
		s.inflight = call
		gen := s.gen
		s.mu.Unlock()
		// The load runs without the caller's cancellation so that one cancelled reader does not
		// fail the others waiting on the same request; the client's own timeout still bounds it.
		call.value, call.err = load(context.WithoutCancel(ctx))
		s.mu.Lock()
		if s.inflight == call {
			s.inflight = nil
		}
		if call.err == nil && s.gen == gen {
			s.value, s.valid = call.value, true
		}
		close(call.done)
		s.mu.Unlock()
		return call.value, call.err
	}
	s.mu.Unlock()
	select {
	case <-call.done:
		return call.value, call.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// peek returns the cached collection if there is one, and never loads.
func (s *snapshot[T]) peek() (T, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.value, s.enabled && s.valid
}

// idle reports whether the snapshot neither holds its collection nor is loading it.
func (s *snapshot[T]) idle() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return !s.valid && s.inflight == nil
}

// invalidate drops the cached collection and detaches any load under way, so that the next reader
// sends a new request.
func (s *snapshot[T]) invalidate() {
	if !s.enabled {
		return
	}
	s.mu.Lock()
	s.gen++
	s.valid = false
	var zero T
	s.value = zero
	s.inflight = nil
	s.mu.Unlock()
}

// begin returns the snapshot's generation before a write whose reply holds the whole collection
// (see put).
func (s *snapshot[T]) begin() uint64 {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.gen
}

// put keeps the collection a write's reply holds, so that the next read needs no request. When
// another write happened since begin, the replies may have crossed: put then only drops the
// cached collection.
func (s *snapshot[T]) put(since uint64, v T) {
	if !s.enabled {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	keep := s.gen == since
	s.gen++
	s.inflight = nil
	var zero T
	s.value, s.valid = zero, false
	if keep {
		s.value, s.valid = v, true
	}
}

// snapshotMap is one snapshot per parent, for collections TimeCamp lists only per parent (the
// members of one group, the rates of one group, the custom field values of one resource): a
// refresh then costs one request per parent instead of one per object.
type snapshotMap[K comparable, T any] struct {
	enabled bool

	mu sync.Mutex
	m  map[K]*snapshot[T]

	siblings siblingPrefetch[K] // see prefetch.go
}

// get returns the parent's cached collection, or loads it (see snapshot.get).
func (s *snapshotMap[K, T]) get(ctx context.Context, key K, load func(context.Context) (T, error)) (T, error) {
	if !s.enabled {
		return load(ctx)
	}
	return s.one(key).get(ctx, load)
}

// one returns the parent's snapshot, made on first use.
func (s *snapshotMap[K, T]) one(key K) *snapshot[T] {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.m == nil {
		s.m = map[K]*snapshot[T]{}
	}
	one := s.m[key]
	if one == nil {
		one = &snapshot[T]{enabled: true}
		s.m[key] = one
	}
	return one
}

// invalidate drops every parent's collection.
func (s *snapshotMap[K, T]) invalidate() {
	if !s.enabled {
		return
	}
	s.siblings.stop()
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, one := range s.m {
		one.invalidate()
	}
}
