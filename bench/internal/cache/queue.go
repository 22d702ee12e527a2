package cache

import "math/bits"

// Which queue a node is on.
const (
	inSmall uint8 = iota
	inMain
)

// node is a shard's bookkeeping for one entry position: the entry and its
// links in the small or main queue. Only the lock holder touches nodes;
// readers never do.
type node[K comparable, V any] struct {
	e          *entry[K, V]
	prev, next int32 // -1 ends the queue
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
// early and goes straight to main. A FIFO ring gives the order, an
// open-addressing set the O(1) lookup. Two keys sharing a fingerprint in
// one shard only send a new entry to main. Both are allocated on the first
// eviction, so a cache that never fills never pays for them.
type ghost struct {
	ring []uint32 // fingerprints in eviction order; 0 is empty
	next int      // oldest ring position, overwritten next
	set  []uint32 // linear probing, 0 is empty, deletion by backward shift
}

// fingerprint is the part of h that does not pick the shard (the low bits),
// with 0 (empty) moved to 1.
func fingerprint(h uint64) uint32 {
	if fp := uint32(h >> 32); fp != 0 {
		return fp
	}
	return 1
}

func (g *ghost) add(fp uint32, shardCap int) {
	if g.ring == nil {
		n := max(1, shardCap/10*9)
		g.ring = make([]uint32, n)
		g.set = make([]uint32, max(8, 1<<bits.Len(uint(2*n-1))))
	}
	if old := g.ring[g.next]; old != 0 {
		g.take(old)
	}
	g.ring[g.next] = fp
	g.next = (g.next + 1) % len(g.ring)
	mask := len(g.set) - 1
	i := int(fp) & mask
	for g.set[i] != 0 {
		if g.set[i] == fp {
			return
		}
		i = (i + 1) & mask
	}
	g.set[i] = fp
}

// take reports whether fp is in the set and removes it. A ring position
// whose fingerprint was taken stays behind and later removes nothing, or a
// newer copy of the same fingerprint a little early: the ghost is a hint.
func (g *ghost) take(fp uint32) bool {
	if g.set == nil {
		return false
	}
	mask := len(g.set) - 1
	i := int(fp) & mask
	for g.set[i] != fp {
		if g.set[i] == 0 {
			return false
		}
		i = (i + 1) & mask
	}
	// Backward-shift deletion: pull later members of the run into the hole
	// when their home is not between the hole and themselves.
	for {
		g.set[i] = 0
		j := i
		for {
			j = (j + 1) & mask
			if g.set[j] == 0 {
				return true
			}
			home := int(g.set[j]) & mask
			if (j-home)&mask >= (j-i)&mask {
				break
			}
		}
		g.set[i] = g.set[j]
		i = j
	}
}
