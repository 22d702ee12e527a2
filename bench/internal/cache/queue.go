// This file is managed by svcgen: `svcgen update` replaces it and `svcgen check`
// reports edits. Extend the service in team-owned code instead: docs/extending.md.

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

// ghost remembers fingerprints of the last entries evicted from the small
// queue (as many as nine tenths of the shard capacity, as in S3-FIFO): a key
// set again while its fingerprint is here was evicted too early and goes
// straight to main. It is a set of buckets, one cache line of ghostWays
// 32-bit slots each, picked by the fingerprint's low bits; a slot holds the
// fingerprint's high 16 bits and the (coarse) add count at which it came,
// so a fingerprint more than size adds old is ignored, then overwritten,
// without a FIFO ring to expire it, and an add or a lookup reads one cache
// line. A full bucket forgets its oldest fingerprint a little early, and
// two keys alike in the compared bits only send a new entry to main: the
// ghost is a hint. The buckets are allocated on the first eviction, so a
// cache that never fills never pays for them.
type ghost struct {
	slots []uint32 // tag<<16 | stamp, tag ≥ 1; 0 is empty
	mask  uint32   // bucket count - 1
	adds  uint32   // fingerprints added so far (wrapping)
	shift uint8    // stamp = adds >> shift, so size >> shift fits 15 bits
	size  uint32   // how many of the latest adds are remembered
}

// ghostWays is the slots per bucket: sixteen uint32s fill a cache line.
const ghostWays = 16

// bucket returns the slots fingerprint fp (the high half of a key's hash,
// the part that does not pick the shard) may occupy and its tag there.
func (g *ghost) bucket(fp uint32) ([]uint32, uint32) {
	b := int(fp&g.mask) * ghostWays
	return g.slots[b : b+ghostWays : b+ghostWays], max(fp>>16, 1) << 16
}

// age returns how many coarse add units ago slot value v was added.
func (g *ghost) age(v uint32) uint32 {
	return (g.adds>>g.shift - v) & 0xffff
}

func (g *ghost) add(fp uint32, shardCap int) {
	if g.slots == nil {
		n := max(1, shardCap/10*9)
		buckets := 1 << bits.Len(uint((n+ghostWays-1)/ghostWays-1))
		g.slots = make([]uint32, buckets*ghostWays)
		g.mask = uint32(buckets - 1) //nolint:gosec // G115: at most the shard capacity / 16.
		g.size = uint32(n)           //nolint:gosec // G115: below the shard capacity.
		for g.size>>g.shift >= 1<<15 {
			g.shift++
		}
	}
	g.adds++
	b, tag := g.bucket(fp)
	window := g.size >> g.shift
	// Reuse fp's own slot, else an empty or forgotten one, else the oldest.
	victim, oldest := 0, uint32(0)
	for i, v := range b {
		if v == 0 || v&^0xffff == tag {
			victim = i
			break
		}
		age := g.age(v)
		if age >= window {
			victim = i
			break
		}
		if age > oldest {
			victim, oldest = i, age
		}
	}
	b[victim] = tag | g.adds>>g.shift&0xffff
}

// take reports whether fp was among the last size fingerprints added and
// removes it.
func (g *ghost) take(fp uint32) bool {
	if g.slots == nil {
		return false
	}
	b, tag := g.bucket(fp)
	for i, v := range b {
		if v != 0 && v&^0xffff == tag {
			b[i] = 0
			return g.age(v) < g.size>>g.shift
		}
	}
	return false
}
