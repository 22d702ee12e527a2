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

// table is an open-addressing, linear-probing hash table of entry pointers.
// Readers probe it with atomic loads and no lock; only the shard's lock
// holder stores into it. A removed entry's slot becomes tomb (so probes for
// keys further along the chain keep going) unless the next slot is empty, in
// which case it and any tombstones before it become empty again.
type table[K comparable, V any] struct {
	slots []atomic.Pointer[entry[K, V]]
	mask  uint64
	tomb  *entry[K, V]
}

func newTable[K comparable, V any](size int, tomb *entry[K, V]) *table[K, V] {
	return &table[K, V]{
		slots: make([]atomic.Pointer[entry[K, V]], size),
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

// home is the first slot probed for hash h. The shard index uses the low
// bits of h, so the table uses the high ones.
func (t *table[K, V]) home(h uint64) uint64 {
	return bits.RotateLeft64(h, 32) & t.mask
}

// find returns the entry for key, or nil. It is safe without the lock.
func (t *table[K, V]) find(h uint64, key K) *entry[K, V] {
	i := t.home(h)
	for range len(t.slots) {
		e := t.slots[i].Load()
		if e == nil {
			return nil
		}
		if e.hash == h && e != t.tomb && e.key == key {
			return e
		}
		i = (i + 1) & t.mask
	}
	return nil
}

// lookup, under the lock, returns the slot holding key and its entry, or,
// when key is absent, the slot an insert should use (the first tombstone on
// the probe path, else the empty slot ending it) and nil.
func (t *table[K, V]) lookup(h uint64, key K) (uint64, *entry[K, V]) {
	i := t.home(h)
	free, haveFree := uint64(0), false
	for range len(t.slots) {
		e := t.slots[i].Load()
		switch {
		case e == nil:
			if !haveFree {
				free = i
			}
			return free, nil
		case e == t.tomb:
			if !haveFree {
				free, haveFree = i, true
			}
		case e.hash == h && e.key == key:
			return i, e
		}
		i = (i + 1) & t.mask
	}
	return free, nil // unreachable: the shard keeps empty slots (see set)
}

// insert stores e, whose key is absent, into the first empty slot on its
// path; used by rebuild on a table that has no tombstones yet.
func (t *table[K, V]) insert(e *entry[K, V]) {
	i := t.home(e.hash)
	for t.slots[i].Load() != nil {
		i = (i + 1) & t.mask
	}
	t.slots[i].Store(e)
}

// remove clears the slot holding e, if any, and returns how many slots
// became empty (0 when it left a tombstone or e was not there).
func (t *table[K, V]) remove(e *entry[K, V]) int {
	i := t.home(e.hash)
	for range len(t.slots) {
		switch t.slots[i].Load() {
		case nil:
			return 0
		case e:
			return t.clear(i)
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
	if t.slots[(i+1)&t.mask].Load() != nil {
		t.slots[i].Store(t.tomb)
		return 0
	}
	t.slots[i].Store(nil)
	n := 1
	for j := (i - 1) & t.mask; t.slots[j].Load() == t.tomb; j = (j - 1) & t.mask {
		t.slots[j].Store(nil)
		n++
	}
	return n
}
