// This file is managed by svcgen: `svcgen update` replaces it and `svcgen check`
// reports edits. Extend the service in team-owned code instead: docs/extending.md.

package cache

import (
	"sync"
	"sync/atomic"
)

// shard holds up to cap entries. Readers only load tab and probe it; writers
// take mu, change the table with atomic stores, and keep the S3-FIFO queues.
type shard[K comparable, V any] struct {
	tab atomic.Pointer[table[K, V]] // replaced only by rebuild
	// Writers dirty the lock's cache line on every Set; keep it away from
	// tab, which every Get reads.
	_ [120]byte

	mu     sync.Mutex
	nodes  []node[K, V] // grown on demand up to cap; an entry's pos indexes it
	free   []int32      // free node positions
	small  queue        // new entries, in insertion order
	main   queue        // entries read twice while in small, or readmitted by ghost
	ghost  ghost        // fingerprints of entries recently evicted from small
	sweep  int32        // next node position checked for expiry by Set
	count  int          // live entries
	filled int          // non-empty table slots: live entries and tombstones
	cap    int
	tomb   *entry[K, V]
}

// paddedShard keeps neighbouring shards' locks off each other's cache lines.
type paddedShard[K comparable, V any] struct {
	shard[K, V]
	_ [128]byte
}

func (s *shard[K, V]) init(capacity int) {
	s.cap = capacity
	s.small, s.main = newQueue(), newQueue()
	s.tomb = new(entry[K, V])
	s.tab.Store(newTable(tableSize(min(capacity, initialEntries)), s.tomb))
}

// smallCap is the small queue's share of the shard: a tenth, at least one.
func (s *shard[K, V]) smallCap() int {
	return max(1, s.cap/10)
}

// get is the lock-free read path.
func (s *shard[K, V]) get(h uint64, key K, now int64) (V, bool) {
	e := s.tab.Load().find(h, key)
	if e == nil {
		var zero V
		return zero, false
	}
	if e.expire != 0 && now >= e.expire {
		s.mu.Lock()
		s.removeEntry(e) // no-op if a writer replaced or removed it meanwhile
		s.mu.Unlock()
		var zero V
		return zero, false
	}
	// Read before writing: a hot entry's counter is almost always saturated,
	// and skipping the store keeps its cache line shared between cores. Two
	// readers racing may count one read instead of two; the policy only
	// needs "read once, or more, since it was queued or last passed", and
	// a lost count costs a key at most a trip through the ghost.
	if f := e.freq.Load(); f < maxFreq {
		e.freq.Store(f + 1)
	}
	return e.value, true
}

// set stores value; now is the cache clock reading (0 without a TTL) and
// expire the entry's deadline (0 for never).
func (s *shard[K, V]) set(h uint64, key K, value V, now, expire int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	t := s.tab.Load()
	slot, old := t.lookup(h, key)
	e := &entry[K, V]{key: key, value: value, hash: h, expire: expire}
	if old != nil {
		// An overwrite counts as a use and keeps the entry's queue place.
		e.pos = old.pos
		e.freq.Store(min(old.freq.Load()+1, maxFreq))
		s.nodes[e.pos].e = e
		t.slots[slot].Store(e)
		return
	}
	n := s.count
	if now != 0 {
		s.dropExpired(now)
	}
	if s.count >= s.cap {
		s.evict(now)
	}
	if s.count != n {
		// A removal may have emptied slots on key's probe path, making the
		// chosen slot unreachable; probe again.
		slot, _ = t.lookup(h, key)
	}
	hi := uint32(h >> 32)
	e.pos = s.allocPos()
	s.nodes[e.pos].e, s.nodes[e.pos].hi = e, hi
	if s.ghost.take(hi) {
		s.push(e.pos, inMain)
	} else {
		s.push(e.pos, inSmall)
	}
	if t.tag(slot) == tagEmpty {
		s.filled++
	}
	t.put(slot, hi, e)
	s.count++
	// Keep at least a quarter of the slots empty so probes end quickly (and
	// always end): rebuild, larger if the live entries need it, when live
	// entries and tombstones fill three quarters.
	if s.filled > len(t.slots)/4*3 {
		s.rebuild()
	}
}

func (s *shard[K, V]) delete(h uint64, key K) {
	s.mu.Lock()
	if _, e := s.tab.Load().lookup(h, key); e != nil {
		s.removeEntry(e)
	}
	s.mu.Unlock()
}

// removeEntry drops e from the table and its queue if it is still there.
func (s *shard[K, V]) removeEntry(e *entry[K, V]) {
	if s.nodes[e.pos].e != e {
		return
	}
	s.filled -= s.tab.Load().remove(s.nodes[e.pos].hi, e)
	s.unlink(e.pos)
	s.nodes[e.pos].e = nil
	s.free = append(s.free, e.pos)
	s.count--
}

// allocPos returns a free node position, growing nodes (at most to cap) so
// an empty cache costs nothing for the capacity it may never use.
func (s *shard[K, V]) allocPos() int32 {
	if n := len(s.free); n > 0 {
		pos := s.free[n-1]
		s.free = s.free[:n-1]
		return pos
	}
	if len(s.nodes) == cap(s.nodes) {
		grown := make([]node[K, V], len(s.nodes), min(s.cap, max(16, 2*len(s.nodes))))
		copy(grown, s.nodes)
		s.nodes = grown
	}
	s.nodes = append(s.nodes, node[K, V]{})
	return int32(len(s.nodes) - 1) //nolint:gosec // G115: New keeps shard capacities below MaxInt32.
}

// rebuild publishes a fresh table holding only the live entries, twice as
// large when they fill more than three eighths of the old one. Readers still
// probing the old table see a consistent, if aging, snapshot.
func (s *shard[K, V]) rebuild() {
	old := s.tab.Load()
	size := len(old.slots)
	if s.count > size/8*3 {
		size = min(2*size, tableSize(s.cap))
	}
	t := newTable(size, s.tomb)
	for i := range s.nodes {
		if n := &s.nodes[i]; n.e != nil {
			t.insert(n.hi, n.e) // from the node: no entry is read
		}
	}
	s.filled = s.count
	s.tab.Store(t)
}
