package bench

import (
	"hash/maphash"
	"math/bits"
	"runtime"
	"sync"

	"github.com/hashicorp/golang-lru/v2/simplelru"
)

// shardedSimpleLRU answers "would golang-lru's simplelru inside each shard do
// as well?": same sharding and hashing as ours, library LRU per shard.
type shardedSimpleLRU struct {
	shards []simpleShard
	mask   uint64
	seed   maphash.Seed
}

type simpleShard struct {
	mu  sync.Mutex
	lru *simplelru.LRU[uint64, uint64]
	_   [128]byte
}

func newShardedSimpleLRU(capacity int) *shardedSimpleLRU {
	n := 1 << bits.Len(uint(8*runtime.GOMAXPROCS(0)-1))
	s := &shardedSimpleLRU{shards: make([]simpleShard, n), seed: maphash.MakeSeed()}
	s.mask = uint64(n - 1) //nolint:gosec // G115: n is a power of two ≥ 1.
	for i := range s.shards {
		l, err := simplelru.NewLRU[uint64, uint64](capacity/n, nil)
		if err != nil {
			panic(err)
		}
		s.shards[i].lru = l
	}
	return s
}

func (s *shardedSimpleLRU) shard(k uint64) *simpleShard {
	return &s.shards[maphash.Comparable(s.seed, k)&s.mask]
}

func (s *shardedSimpleLRU) Get(k uint64) (uint64, bool) {
	sh := s.shard(k)
	sh.mu.Lock()
	v, ok := sh.lru.Get(k)
	sh.mu.Unlock()
	return v, ok
}

func (s *shardedSimpleLRU) Set(k, v uint64) {
	sh := s.shard(k)
	sh.mu.Lock()
	sh.lru.Add(k, v)
	sh.mu.Unlock()
}
