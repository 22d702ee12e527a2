package update

import (
	"errors"
	"fmt"
	"time"

	"github.com/svcgen/svcgen/internal/refusal"
)

// DefaultLockWait is how long a run waits for another svcgen that holds
// the service's lock before it refuses.
const DefaultLockWait = 2 * time.Minute

// lockPoll is how often a waiting run tries the lock again.
const lockPoll = 50 * time.Millisecond

// errLocked is returned by tryLock when another process holds the lock.
var errLocked = errors.New("locked")

// Lock takes the exclusive lock of the service in dir that `svcgen update`
// and `svcgen add resource` hold from before they read the service until
// their last write, so two runs never plan from the same tree and lose one
// another's changes. It waits up to wait for another run to finish,
// calling waiting once when it starts to wait, and then refuses (a
// *refusal.Error). The lock is an advisory lock on the directory itself
// (flock), so nothing is left in the service, and a crashed run's lock
// goes with its process. unlock releases it.
func Lock(dir string, wait time.Duration, waiting func()) (unlock func(), err error) {
	deadline := time.Now().Add(wait)
	for first := true; ; first = false {
		unlock, err := tryLock(dir)
		if !errors.Is(err, errLocked) {
			if err != nil {
				return nil, fmt.Errorf("lock %s: %w", dir, err)
			}
			return unlock, nil
		}
		if time.Now().After(deadline) {
			return nil, refusal.Errorf("%s: another svcgen (update or add resource) is changing this service, still after %s: "+
				"nothing was written; run the command again when it has finished", dir, wait)
		}
		if first && waiting != nil {
			waiting()
		}
		time.Sleep(lockPoll)
	}
}
