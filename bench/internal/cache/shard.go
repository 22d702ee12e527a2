package cache

import (
	"sync"
	"sync/atomic"
)

// shard holds up to cap entries. Readers only load tab and probe it; writers
// take mu, change the table with atomic stores, and keep the CLOCK ring.
type shard[K comparable, V any] struct {
	tab atomic.Pointer[table[K, V]] // replaced only by rebuild
	// Writers dirty the lock's cache line on every Set; keep it away from
	// tab, which every Get reads.
	_ [120]byte

	mu     sync.Mutex
	ring   []*entry[K, V] // CLOCK order; nil marks a free position
	free   []int32        // free ring positions below used
	used   int32          // ring positions handed out so far
	hand   int32          // next eviction candidate
	sweep  int32          // next position checked for expiry by Set
	count  int            // live entries
	filled int            // non-empty table slots: live entries and tombstones
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
	s.ring = make([]*entry[K, V], capacity)
	s.tomb = new(entry[K, V])
	s.tab.Store(newTable(tableSize(capacity), s.tomb))
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
	// Read before writing: a hot entry's bit is almost always set already,
	// and skipping the store keeps its cache line shared between cores.
	if !e.accessed.Load() {
		e.accessed.Store(true)
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
		e.pos = old.pos
		e.accessed.Store(true)
		s.ring[e.pos] = e
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
	e.pos = s.allocPos()
	s.ring[e.pos] = e
	if t.slots[slot].Load() == nil {
		s.filled++
	}
	t.slots[slot].Store(e)
	s.count++
	// Keep at least a quarter of the slots empty so probes end quickly (and
	// always end): rebuild without tombstones when they pile up.
	if s.filled > len(t.slots)/4*3 {
		s.rebuild()
	}
}

// evict removes one entry by CLOCK (second chance): the hand clears the
// accessed bit of entries read since it last passed and takes the first
// entry that was not read (or has expired). Each cleared bit was paid for by
// a Get, so eviction is O(1) amortized.
func (s *shard[K, V]) evict(now int64) {
	for {
		e := s.ring[s.hand]
		if e != nil {
			if !e.accessed.Load() || (e.expire != 0 && now >= e.expire) {
				s.removeEntry(e)
				// The new entry takes e's position, now just behind the
				// hand, so it gets a full turn before it is considered.
				s.hand = (s.hand + 1) % s.used
				return
			}
			e.accessed.Store(false)
		}
		s.hand = (s.hand + 1) % s.used
	}
}

// dropExpired checks up to cleanupScan ring positions after the sweep
// cursor and removes at most cleanupBatch expired entries among them, so
// entries nobody reads (and so nobody expires lazily) do not linger.
func (s *shard[K, V]) dropExpired(now int64) {
	dropped := 0
	for range min(cleanupScan, s.used) {
		if s.sweep >= s.used {
			s.sweep = 0
		}
		e := s.ring[s.sweep]
		s.sweep++
		if e != nil && e.expire != 0 && now >= e.expire {
			s.removeEntry(e)
			if dropped++; dropped == cleanupBatch {
				return
			}
		}
	}
}

func (s *shard[K, V]) delete(h uint64, key K) {
	s.mu.Lock()
	if _, e := s.tab.Load().lookup(h, key); e != nil {
		s.removeEntry(e)
	}
	s.mu.Unlock()
}

// removeEntry drops e from the table and the ring if it is still there.
func (s *shard[K, V]) removeEntry(e *entry[K, V]) {
	if s.ring[e.pos] != e {
		return
	}
	s.filled -= s.tab.Load().remove(e)
	s.ring[e.pos] = nil
	s.free = append(s.free, e.pos)
	s.count--
}

func (s *shard[K, V]) allocPos() int32 {
	if n := len(s.free); n > 0 {
		pos := s.free[n-1]
		s.free = s.free[:n-1]
		return pos
	}
	s.used++
	return s.used - 1
}

// rebuild publishes a fresh table holding only the live entries. Readers
// still probing the old table see a consistent, if aging, snapshot.
func (s *shard[K, V]) rebuild() {
	old := s.tab.Load()
	t := newTable(len(old.slots), s.tomb)
	for _, e := range s.ring[:s.used] {
		if e != nil {
			t.insert(e)
		}
	}
	s.filled = s.count
	s.tab.Store(t)
}
