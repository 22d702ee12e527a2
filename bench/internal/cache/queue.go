package cache

import "math/bits"

// Which queue a node is on.
const (
	inSmall uint8 = iota
	inMain
)

// node is a shard's bookkeeping for one entry position: the entry, the high
// half of its key's hash (so removal, table rebuilds and the ghost need not
// read the entry), and its links in the small or main queue. Only the lock
// holder touches nodes; readers never do.
type node[K comparable, V any] struct {
	e          *entry[K, V]
	prev, next int32 // -1 ends the queue
	hi         uint32
	in         uint8
}

// queue is a FIFO of node positions, doubly linked through the nodes so an
// entry can leave from anywhere (Delete, expiry) in O(1).
type queue struct {
	head, tail int32 // -1 when empty
	len        int
}

func newQueue() queue { return queue{head: -1, tail: -1} }

// push appends the node at pos to the tail of the queue named by in.
func (s *shard[K, V]) push(pos int32, in uint8) {
	q := s.queue(in)
	n := &s.nodes[pos]
	n.prev, n.next, n.in = q.tail, -1, in
	if q.tail >= 0 {
		s.nodes[q.tail].next = pos
	} else {
		q.head = pos
	}
	q.tail = pos
	q.len++
}

// unlink takes the node at pos out of its queue.
func (s *shard[K, V]) unlink(pos int32) {
	n := &s.nodes[pos]
	q := s.queue(n.in)
	if n.prev >= 0 {
		s.nodes[n.prev].next = n.next
	} else {
		q.head = n.next
	}
	if n.next >= 0 {
		s.nodes[n.next].prev = n.prev
	} else {
		q.tail = n.prev
	}
	n.prev, n.next = -1, -1
	q.len--
}

func (s *shard[K, V]) queue(in uint8) *queue {
	if in == inMain {
		return &s.main
	}
	return &s.small
}

// ghost remembers the 32-bit fingerprints of the last entries evicted from
// the small queue (as many as nine tenths of the shard capacity, as in
// S3-FIFO): a key set again while its fingerprint is here was evicted too
// early and goes straight to main. It is a set of buckets, one cache line
// of ghostWays slots each; a slot holds a fingerprint and the add count at
// which it arrived, so a fingerprint more than size adds old is gone
// without a FIFO ring to expire it, and each add or lookup reads one cache
// line. A full bucket forgets its oldest fingerprint a little early, and
// two keys sharing a fingerprint in one shard only send a new entry to
// main: the ghost is a hint. The buckets are allocated on the first
// eviction, so a cache that never fills never pays for them.
type ghost struct {
	slots []uint64 // fingerprint<<32 | add count; 0 is empty
	mask  uint32   // bucket count - 1
	adds  uint32   // fingerprints added so far (wrapping)
	size  uint32   // how many of the latest adds are remembered
}

// ghostWays is the slots per bucket: eight uint64s fill a cache line.
const ghostWays = 8

// fingerprint is the part of a hash that does not pick the shard, its high
// half hi, with 0 (empty) moved to 1.
func fingerprint(hi uint32) uint32 {
	return max(hi, 1)
}

// bucket returns the slots fp may occupy.
func (g *ghost) bucket(fp uint32) []uint64 {
	b := int(fp&g.mask) * ghostWays
	return g.slots[b : b+ghostWays : b+ghostWays]
}

func (g *ghost) add(fp uint32, shardCap int) {
	if g.slots == nil {
		n := max(1, shardCap/10*9)
		buckets := 1 << bits.Len(uint((n+ghostWays-1)/ghostWays-1))
		g.slots = make([]uint64, buckets*ghostWays)
		g.mask = uint32(buckets - 1) //nolint:gosec // G115: at most the shard capacity / 4.
		g.size = uint32(n)           //nolint:gosec // G115: below the shard capacity.
	}
	g.adds++
	b := g.bucket(fp)
	// Reuse fp's own slot, else an empty or forgotten one, else the oldest.
	victim, oldest := 0, uint32(0)
	for i, v := range b {
		if v == 0 || uint32(v>>32) == fp {
			victim = i
			break
		}
		if age := g.adds - uint32(v); age > oldest {
			victim, oldest = i, age
		}
	}
	b[victim] = uint64(fp)<<32 | uint64(g.adds)
}

// take reports whether fp was among the last size fingerprints added and
// removes it.
func (g *ghost) take(fp uint32) bool {
	if g.slots == nil {
		return false
	}
	b := g.bucket(fp)
	for i, v := range b {
		if v != 0 && uint32(v>>32) == fp {
			b[i] = 0
			return g.adds-uint32(v) < g.size
		}
	}
	return false
}
