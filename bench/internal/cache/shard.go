package cache

import "sync"

// nilIdx marks the absence of a node in the intrusive list.
const nilIdx = -1

// node is one entry; prev and next index the shard's node slice.
type node[K comparable, V any] struct {
	key    K
	value  V
	expire int64 // nanoseconds on the cache clock; 0 means never
	stamp  uint32
	prev   int32
	next   int32
}

// shard is an LRU list guarded by one mutex. The list runs from head (most
// recently used) to tail (next to evict); free chains reusable nodes via next.
type shard[K comparable, V any] struct {
	mu     sync.Mutex
	index  map[K]int32
	nodes  []node[K, V]
	head   int32
	tail   int32
	free   int32
	cap    int
	tick   uint32 // counts moves to the front
	recent uint32 // hits on nodes moved within this many ticks stay put
}

// paddedShard keeps neighbouring shards' locks off each other's cache lines.
type paddedShard[K comparable, V any] struct {
	shard[K, V]
	_ [128]byte
}

func (s *shard[K, V]) init(capacity int) {
	s.index = make(map[K]int32, min(capacity, 1024))
	s.head, s.tail, s.free = nilIdx, nilIdx, nilIdx
	s.cap = capacity
	// A node moved to the front fewer than cap/8 moves ago is still in the
	// front eighth of the list; leaving it there saves writes on hot keys and
	// keeps the order close to exact LRU.
	s.recent = uint32(capacity / 8) //nolint:gosec // G115: capacity < MaxInt32, checked in New.
}

func (s *shard[K, V]) get(key K, now int64) (V, bool) {
	s.mu.Lock()
	i, ok := s.index[key]
	if !ok {
		s.mu.Unlock()
		var zero V
		return zero, false
	}
	n := &s.nodes[i]
	if n.expire != 0 && now >= n.expire {
		s.remove(i)
		s.mu.Unlock()
		var zero V
		return zero, false
	}
	if s.tick-n.stamp >= s.recent {
		s.unlink(i)
		s.pushFront(i)
	}
	v := n.value
	s.mu.Unlock()
	return v, true
}

// set stores value; now is the cache clock reading (0 without a TTL) and
// expire the entry's deadline (0 for never).
func (s *shard[K, V]) set(key K, value V, now, expire int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if i, ok := s.index[key]; ok {
		n := &s.nodes[i]
		n.value, n.expire = value, expire
		s.unlink(i)
		s.pushFront(i)
		return
	}
	if now != 0 {
		s.dropExpired(now)
	}
	if len(s.index) >= s.cap {
		s.remove(s.tail)
	}
	i := s.alloc()
	n := &s.nodes[i]
	n.key, n.value, n.expire = key, value, expire
	s.index[key] = i
	s.pushFront(i)
}

// dropExpired removes up to cleanupBatch expired entries from the LRU tail,
// where entries nobody reads, and so nobody expires lazily, end up.
func (s *shard[K, V]) dropExpired(now int64) {
	for range cleanupBatch {
		if s.tail == nilIdx {
			return
		}
		if e := s.nodes[s.tail].expire; e == 0 || now < e {
			return
		}
		s.remove(s.tail)
	}
}

func (s *shard[K, V]) delete(key K) {
	s.mu.Lock()
	if i, ok := s.index[key]; ok {
		s.remove(i)
	}
	s.mu.Unlock()
}

func (s *shard[K, V]) alloc() int32 {
	if s.free != nilIdx {
		i := s.free
		s.free = s.nodes[i].next
		return i
	}
	s.nodes = append(s.nodes, node[K, V]{})
	return int32(len(s.nodes) - 1) //nolint:gosec // G115: len ≤ shard capacity < MaxInt32, checked in New.
}

// remove unlinks node i, forgets its key and puts it on the free list.
func (s *shard[K, V]) remove(i int32) {
	n := &s.nodes[i]
	delete(s.index, n.key)
	s.unlink(i)
	var zero node[K, V] // drop key and value references for the GC
	*n = zero
	n.next = s.free
	s.free = i
}

func (s *shard[K, V]) unlink(i int32) {
	n := &s.nodes[i]
	if n.prev != nilIdx {
		s.nodes[n.prev].next = n.next
	} else {
		s.head = n.next
	}
	if n.next != nilIdx {
		s.nodes[n.next].prev = n.prev
	} else {
		s.tail = n.prev
	}
}

func (s *shard[K, V]) pushFront(i int32) {
	n := &s.nodes[i]
	n.prev, n.next = nilIdx, s.head
	if s.head != nilIdx {
		s.nodes[s.head].prev = i
	} else {
		s.tail = i
	}
	s.head = i
	s.tick++
	n.stamp = s.tick
}
