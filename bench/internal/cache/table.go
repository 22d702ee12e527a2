// This file is managed by svcgen: `svcgen update` replaces it and `svcgen check`
// reports edits. Extend the service in team-owned code instead: docs/extending.md.

package cache

import (
	"math/bits"
	"sync/atomic"
)

// entry is one cached pair. Everything but freq is written before the entry
// is published and never again, so readers need no lock; a Set on a present
// key publishes a new entry instead of changing the old one.
type entry[K comparable, V any] struct {
	key    K
	value  V
	hash   uint64
	expire int64 // nanoseconds on the cache clock; 0 means never
	pos    int32 // index in the shard's nodes
	freq   atomic.Uint32
}

// Slot tags: a byte per slot, eight to a word, so a probe reads a run of
// slots from one cache line and dereferences only the entries whose tag
// matches (about one in 250 of the others), instead of every entry it passes.
const (
	tagEmpty uint8 = 0
	tagTomb  uint8 = 1
)

// tagOf is the top byte of hi (the high half of a key's hash), moved off the
// two reserved values. The shard index uses the low half and the table's
// home the low bits of hi, so the tag is independent of both for tables
// below 2^24 slots.
func tagOf(hi uint32) uint8 {
	return max(uint8(hi>>24), tagTomb+1)
}

// table is an open-addressing, linear-probing hash table of entry pointers
// with a tag byte per slot. Readers probe it with atomic loads and no lock;
// only the shard's lock holder stores into it. A slot's tag is tagEmpty
// exactly when its pointer is nil and tagTomb when it is tomb; a writer
// stores a new entry's pointer before its tag, so a reader that sees the tag
// sees the entry (or a later one, which it tells apart by hash and key). A
// removed entry's slot becomes a tombstone (so probes for keys further along
// the chain keep going) unless the next slot is empty, in which case it and
// any tombstones before it become empty again.
type table[K comparable, V any] struct {
	slots []atomic.Pointer[entry[K, V]]
	tags  []atomic.Uint64 // slot i's tag is byte i%8 of tags[i/8]
	mask  uint64
	tomb  *entry[K, V]
}

func newTable[K comparable, V any](size int, tomb *entry[K, V]) *table[K, V] {
	return &table[K, V]{
		slots: make([]atomic.Pointer[entry[K, V]], size),
		tags:  make([]atomic.Uint64, size/8),
		mask:  uint64(size - 1), //nolint:gosec // G115: size is a power of two ≥ 8.
		tomb:  tomb,
	}
}

// tableSize returns the slot count for the given number of entries: at
// least twice as many, so those entries fill at most half the slots and
// probes stay short. A shard starts with the table for initialEntries and
// doubles it as it fills, up to the one for its capacity.
func tableSize(capacity int) int {
	return max(8, 1<<bits.Len(uint(2*capacity-1)))
}

// home is the first slot probed for a key whose hash has the high half hi.
// The shard index uses the low half. Tables have at most 2^32 slots (see
// maxShardCap), so hi has bits enough.
func (t *table[K, V]) home(hi uint32) uint64 {
	return uint64(hi) & t.mask
}

// tag returns slot i's tag; safe without the lock.
func (t *table[K, V]) tag(i uint64) uint8 {
	return uint8(t.tags[i>>3].Load() >> ((i & 7) * 8) & 0xff)
}

// setTag changes slot i's tag. Only the lock holder writes tags, so a load
// and a store replace the byte without losing a concurrent change.
func (t *table[K, V]) setTag(i uint64, tag uint8) {
	w := &t.tags[i>>3]
	shift := (i & 7) * 8
	w.Store(w.Load()&^(0xff<<shift) | uint64(tag)<<shift)
}

// put stores e, whose key is absent and whose hash has the high half hi,
// into slot i (empty or a tombstone): the pointer first, then the tag that
// lets readers look at it.
func (t *table[K, V]) put(i uint64, hi uint32, e *entry[K, V]) {
	t.slots[i].Store(e)
	t.setTag(i, tagOf(hi))
}

// find returns the entry for key, or nil. It is safe without the lock.
func (t *table[K, V]) find(h uint64, key K) *entry[K, V] {
	hi := uint32(h >> 32)
	want, i := tagOf(hi), t.home(hi)
	for range len(t.slots) {
		switch t.tag(i) {
		case tagEmpty:
			return nil
		case want:
			if e := t.slots[i].Load(); e != nil && e.hash == h && e != t.tomb && e.key == key {
				return e
			}
		}
		i = (i + 1) & t.mask
	}
	return nil
}

// lookup, under the lock, returns the slot holding key and its entry, or,
// when key is absent, the slot an insert should use (the first tombstone on
// the probe path, else the empty slot ending it) and nil.
func (t *table[K, V]) lookup(h uint64, key K) (uint64, *entry[K, V]) {
	hi := uint32(h >> 32)
	want, i := tagOf(hi), t.home(hi)
	free, haveFree := uint64(0), false
	for range len(t.slots) {
		switch t.tag(i) {
		case tagEmpty:
			if !haveFree {
				free = i
			}
			return free, nil
		case tagTomb:
			if !haveFree {
				free, haveFree = i, true
			}
		case want:
			if e := t.slots[i].Load(); e.hash == h && e.key == key {
				return i, e
			}
		}
		i = (i + 1) & t.mask
	}
	return free, nil // unreachable: the shard keeps empty slots (see set)
}

// insert stores e, whose key is absent, into the first empty slot on its
// path; used by rebuild on a table that has no tombstones yet.
func (t *table[K, V]) insert(hi uint32, e *entry[K, V]) {
	i := t.home(hi)
	for t.tag(i) != tagEmpty {
		i = (i + 1) & t.mask
	}
	t.put(i, hi, e)
}

// remove clears the slot holding e, whose hash has the high half hi, if any,
// and returns how many slots became empty (0 when it left a tombstone or e
// was not there).
func (t *table[K, V]) remove(hi uint32, e *entry[K, V]) int {
	want, i := tagOf(hi), t.home(hi)
	for range len(t.slots) {
		switch t.tag(i) {
		case tagEmpty:
			return 0
		case want:
			if t.slots[i].Load() == e {
				return t.clear(i)
			}
		}
		i = (i + 1) & t.mask
	}
	return 0
}

// clear empties slot i if no probe chain can run past it (the next slot is
// empty), walking back over tombstones that thereby end chains too;
// otherwise it leaves a tombstone. Every store keeps the invariant readers
// rely on: no live entry sits beyond an empty slot on its probe path.
func (t *table[K, V]) clear(i uint64) int {
	if t.tag((i+1)&t.mask) != tagEmpty {
		t.setTag(i, tagTomb)
		t.slots[i].Store(t.tomb)
		return 0
	}
	t.setTag(i, tagEmpty)
	t.slots[i].Store(nil)
	n := 1
	for j := (i - 1) & t.mask; t.tag(j) == tagTomb; j = (j - 1) & t.mask {
		t.setTag(j, tagEmpty)
		t.slots[j].Store(nil)
		n++
	}
	return n
}
