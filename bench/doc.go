// Package bench compares the generated service's sharded S3-FIFO cache (a
// byte-identical copy in internal/cache) with otter v2, ristretto v2,
// hashicorp/golang-lru v2 and a single-mutex LRU: three cache-aside traces,
// issue 21's string-keyed cyclic replay (with the goroutines' own cursors,
// a shared one, and two streams at a fixed lag), hot Gets and memory per
// entry. It holds benchmarks only; see README.md.
package bench
