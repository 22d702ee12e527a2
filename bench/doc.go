// Package bench compares the generated service's sharded LRU cache (a
// byte-identical copy in internal/cache) with otter v2, hashicorp/golang-lru v2
// and a single-mutex LRU. It holds benchmarks only; see README.md.
package bench
