// This file is managed by svcgen: `svcgen update` replaces it and `svcgen check`
// reports edits. Extend the service in team-owned code instead: docs/extending.md.

// Package cache is a bounded, concurrency-safe, in-process cache from K to V
// with an optional TTL, for reading through to a slower source of truth
// (a database, another service): cache-aside.
//
// # When to use it
//
// Use it in front of reads that are repeated, costly, and allowed to be
// served from memory until the value is invalidated or its TTL ends. Every
// resource's Service does (internal/item/service.go). Do not use it as a
// store: an entry may be evicted at any time once the cache is full, and
// each replica holds its own copy. It is no place for data that must be
// shared by the replicas or survive a restart (that is the database's job),
// nor for an unbounded set of keys you must all keep (use a map you size).
//
// # How to use it
//
// Make one per kind of value, sized by configuration:
//
//	c := cache.New[string, Item](cfg.CacheCapacity, cfg.CacheTTL)
//
// and read through it:
//
//	if it, ok := c.Get(id); ok {
//		return it, nil
//	}
//	it, err := store.Get(ctx, id) // the source of truth
//	if err != nil {
//		return Item{}, err
//	}
//	c.Set(id, it)
//
// Capacity is a hard ceiling on the number of entries (CACHE_CAPACITY);
// memory is taken as entries arrive, about 124 bytes per entry beyond the
// key and the value. Values are shared with every later Get: store values
// you do not change afterwards (structs of values, or a fresh slice). A
// TTL of 0 keeps entries until they are evicted or deleted. WithClock
// injects a clock for tests, WithShards overrides the shard count (8 per
// GOMAXPROCS by default).
//
// # How entries leave it
//
//   - Delete(key): the caller's invalidation. No Get that starts after
//     Delete returned sees the deleted value. Call it after the write to the
//     source of truth succeeded, not before: a read between the two would
//     refill the cache with the old value.
//   - The TTL: an expired entry is never returned; it is dropped when read,
//     or by a later Set (at most two per Set), with no background goroutine.
//   - Eviction, when a shard is full (below).
//
// The cache has no other invalidation: it cannot know that the source of
// truth changed. Two races are left to the caller, and the generated
// resources handle both. A read that missed, fetched the old value, and
// calls Set after a concurrent write's Delete would put the old value back
// for the whole TTL: internal/item/fill.go gives each key a write
// generation and fills only if no write began since the read started.
// With the postgres feature, writes on other replicas arrive through
// database.Listener (internal/database/notify.go): each notification makes
// the Service call Delete (through the same generation guard), and entries
// cached under an earlier listener connection count as misses.
// `svcgen explain sharded-cache` tells the whole story.
//
// # How it works
//
// Keys are spread over a power-of-two number of shards by hash/maphash with
// a per-cache seed. Get takes no lock: it probes the shard's open-addressing
// table with atomic loads and bumps the entry's 2-bit read counter if it is
// not yet saturated, so a hot key's Get writes no memory. Set, Delete and
// eviction take the shard's mutex. Eviction is S3-FIFO (Yang et al., SOSP
// 2023), per shard: a new key enters a small FIFO queue (a tenth of the
// shard); if it is read twice before it reaches the end it moves to the
// main queue, otherwise it leaves the cache and only its hash fingerprint
// stays in a ghost queue, so that a key set again soon goes straight to
// main (one read is not enough: a read right after the Set that filled a
// miss is usually the same burst, not reuse). Main evicts by CLOCK over the
// read counters. Keys read once and one-off
// scans therefore pass through the small queue without displacing the keys
// that are read again. shard.go, policy.go, queue.go and table.go document
// the details; svcgen's docs/benchmarks.md has the measurements behind the
// design.
package cache

import (
	"hash/maphash"
	"math"
	"math/bits"
	"runtime"
	"time"
)

const (
	// shardsPerProc × GOMAXPROCS is the default shard count (rounded up to a
	// power of two) so concurrent callers rarely meet on one lock.
	shardsPerProc = 8
	// minShardCap keeps per-shard eviction order meaningful: tiny shards
	// evict noticeably worse than one global policy.
	minShardCap = 256
	// maxShardCap keeps node positions within int32.
	maxShardCap = math.MaxInt32 - 1
	// initialEntries sizes a shard's first table; it grows with the entries.
	initialEntries = 32
	// cleanupBatch bounds how many expired entries one Set may drop, and
	// cleanupScan how many node positions it checks looking for them.
	cleanupBatch = 2
	cleanupScan  = 4
)

// Cache is a concurrency-safe, bounded cache from K to V with S3-FIFO
// eviction. Its zero value is not usable; create one with New.
type Cache[K comparable, V any] struct {
	shards []paddedShard[K, V]
	mask   uint64
	seed   maphash.Seed
	ttl    int64
	now    func() int64
}

// Option configures a Cache.
type Option func(*options)

type options struct {
	now    func() time.Time
	shards int
}

// WithClock makes the cache read time from now instead of the monotonic
// clock; tests use it to expire entries without sleeping.
func WithClock(now func() time.Time) Option {
	return func(o *options) { o.now = now }
}

// WithShards sets the shard count: rounded up to a power of two, and lowered
// until every shard holds at least a few hundred entries when capacity allows
// (so an absurd count is lowered too); below 1 means 1.
func WithShards(n int) Option {
	return func(o *options) { o.shards = n }
}

// New returns a cache holding at most capacity entries in total; entries older
// than ttl are never returned (ttl <= 0 means entries do not expire, and a
// TTL beyond the clock's range means the same). Memory is taken as entries
// arrive, not for the capacity up front. It panics if capacity is less than
// 1 or so large that a shard would hold 2^31 entries.
func New[K comparable, V any](capacity int, ttl time.Duration, opts ...Option) *Cache[K, V] {
	if capacity < 1 {
		panic("cache: capacity must be positive")
	}
	o := options{shards: shardsPerProc * runtime.GOMAXPROCS(0)}
	for _, opt := range opts {
		opt(&o)
	}
	n := shardCount(o.shards, capacity)
	if (capacity-1)/n+1 > maxShardCap {
		panic("cache: capacity too large") // node positions are int32
	}
	c := &Cache[K, V]{
		shards: make([]paddedShard[K, V], n),
		mask:   uint64(n - 1), //nolint:gosec // G115: n is a power of two ≥ 1.
		seed:   maphash.MakeSeed(),
		ttl:    max(int64(ttl), 0),
		now:    monotonic(),
	}
	if o.now != nil {
		c.now = relative(o.now)
	}
	for i := range c.shards {
		// Spread the remainder so the shard capacities sum to exactly capacity.
		shardCap := capacity / n
		if i < capacity%n {
			shardCap++
		}
		c.shards[i].init(shardCap)
	}
	return c
}

// shardCount returns the power of two nearest above want, halved while a shard
// would hold fewer than minShardCap entries. A want above capacity is
// lowered to it first, so no count overflows or allocates absurdly.
func shardCount(want, capacity int) int {
	want = min(want, capacity)
	n := 1
	if want > 1 {
		n = 1 << bits.Len(uint(want-1))
	}
	for n > 1 && capacity/n < minShardCap {
		n >>= 1
	}
	return n
}

// monotonic returns nanoseconds since the cache was made. time.Since reads the
// monotonic clock, so wall-clock jumps neither expire nor revive entries; +1
// keeps readings positive because 0 means "no TTL" to the shards.
func monotonic() func() int64 {
	epoch := time.Now()
	return func() int64 { return int64(time.Since(epoch)) + 1 }
}

// relative turns an injected clock into positive nanoseconds since New.
func relative(now func() time.Time) func() int64 {
	epoch := now()
	return func() int64 { return int64(now().Sub(epoch)) + 1 }
}

func (c *Cache[K, V]) shard(key K) (*shard[K, V], uint64) {
	h := maphash.Comparable(c.seed, key)
	return &c.shards[h&c.mask].shard, h
}

// Get returns the value stored for key and whether it was present and fresh.
func (c *Cache[K, V]) Get(key K) (V, bool) {
	var now int64
	if c.ttl > 0 {
		now = c.now()
	}
	s, h := c.shard(key)
	return s.get(h, key, now)
}

// Set stores value for key, replacing any previous value and restarting its
// TTL; when the key's shard is full it first evicts one entry (see the
// package comment for which).
func (c *Cache[K, V]) Set(key K, value V) {
	var now, expire int64
	if c.ttl > 0 {
		now = c.now()
		expire = math.MaxInt64 // saturate: now+ttl must not wrap into the past
		if now < math.MaxInt64-c.ttl {
			expire = now + c.ttl
		}
	}
	s, h := c.shard(key)
	s.set(h, key, value, now, expire)
}

// Delete removes key from the cache if present.
func (c *Cache[K, V]) Delete(key K) {
	s, h := c.shard(key)
	s.delete(h, key)
}

// Len returns the number of entries held, including expired ones not yet
// dropped. It never exceeds the capacity given to New.
func (c *Cache[K, V]) Len() int {
	total := 0
	for i := range c.shards {
		s := &c.shards[i].shard
		s.mu.Lock()
		total += s.count
		s.mu.Unlock()
	}
	return total
}
