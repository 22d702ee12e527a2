// This file is managed by svcgen: `svcgen update` replaces it and `svcgen check`
// reports edits. Extend the service in team-owned code instead: docs/extending.md.

package cache

// maxFreq caps an entry's read counter (two bits, as in S3-FIFO): enough to
// tell one-hit wonders from entries in use, and it saturates after three
// reads, so Gets of a hot entry stop writing to it.
const maxFreq = 3

// promoteReads is how many reads in the small queue move an entry to main.
// One is not enough: a read right after the Set that filled a miss (the
// same id asked for twice, two clients walking the same ids) is one
// correlated burst, not evidence of reuse, and counting it sent every such
// key to main, where it pushed out the keys really read again (the
// correlated-reference rule of LRU-K and 2Q). A key read only once in small
// still gets a second chance through the ghost.
const promoteReads = 2

// evict removes one entry by S3-FIFO. While the small queue holds at least
// its tenth of the shard (or main is empty) the oldest small entry leaves
// it: to main if it was read promoteReads times while in small, otherwise
// out of the cache, leaving its fingerprint in the ghost. Otherwise main
// evicts.
func (s *shard[K, V]) evict(now int64) {
	for s.count >= s.cap {
		if s.small.len >= s.smallCap() || s.main.len == 0 {
			s.evictSmall(now)
		} else {
			s.evictMain(now)
		}
	}
}

// evictSmall moves the oldest small entry on: expired entries are dropped,
// entries read promoteReads times promoted to main (making room there if
// main is over its share), and the rest evicted into the ghost.
func (s *shard[K, V]) evictSmall(now int64) {
	pos := s.small.head
	e := s.nodes[pos].e
	switch {
	case e.expire != 0 && now >= e.expire:
		s.removeEntry(e)
	case e.freq.Load() >= promoteReads:
		s.unlink(pos)
		s.push(pos, inMain)
		if s.main.len > s.cap-s.smallCap() {
			s.evictMain(now)
		}
	default:
		s.removeEntry(e)
		s.ghost.add(s.nodes[pos].hi, s.cap)
	}
}

// evictMain is CLOCK over main with 2-bit counters: the oldest entry, if it
// was read since it was last passed, goes back to the tail with its counter
// lowered; the first unread (or expired) entry is evicted. Each lowered
// counter was paid for by a Get, so eviction is O(1) amortized.
func (s *shard[K, V]) evictMain(now int64) {
	for {
		pos := s.main.head
		e := s.nodes[pos].e
		f := e.freq.Load()
		if f == 0 || (e.expire != 0 && now >= e.expire) {
			s.removeEntry(e)
			return
		}
		e.freq.Store(f - 1)
		s.unlink(pos)
		s.push(pos, inMain)
	}
}

// dropExpired checks up to cleanupScan node positions after the sweep
// cursor and removes at most cleanupBatch expired entries among them, so
// entries nobody reads (and so nobody expires lazily) do not linger.
func (s *shard[K, V]) dropExpired(now int64) {
	dropped := 0
	used := int32(len(s.nodes)) //nolint:gosec // G115: at most the shard capacity, below MaxInt32.
	for range min(cleanupScan, used) {
		if s.sweep >= used {
			s.sweep = 0
		}
		e := s.nodes[s.sweep].e
		s.sweep++
		if e != nil && e.expire != 0 && now >= e.expire {
			s.removeEntry(e)
			if dropped++; dropped == cleanupBatch {
				return
			}
		}
	}
}
