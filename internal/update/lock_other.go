//go:build !(linux || darwin || freebsd || netbsd || openbsd || dragonfly)

package update

// tryLock takes no lock where flock is missing (Windows): concurrent runs
// on one service are not detected there (docs/update.md says so).
func tryLock(string) (func(), error) { return func() {}, nil }
