//go:build linux || darwin || freebsd || netbsd || openbsd || dragonfly

package update

import (
	"errors"
	"os"
	"syscall"
)

// tryLock takes a non-blocking flock on dir.
func tryLock(dir string) (func(), error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
	if errors.Is(err, syscall.EWOULDBLOCK) {
		_ = f.Close()
		return nil, errLocked
	}
	if err != nil {
		_ = f.Close()
		return nil, err
	}
	// Closing the descriptor releases the lock.
	return func() { _ = f.Close() }, nil
}
