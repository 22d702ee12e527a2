package generator

import (
	"cmp"
	"os"
	"os/exec"
	"testing"
)

// promtoolFor returns the promtool to run for what (the tests that need
// it, for the message); PROMTOOL picks another binary (e.g. v0.316.0).
// Without one it skips loudly, and with CI set it fails: .ci/run installs
// Debian's prometheus package.
func promtoolFor(t *testing.T, what string) string {
	t.Helper()
	p, err := exec.LookPath(cmp.Or(os.Getenv("PROMTOOL"), "promtool"))
	if err == nil {
		return p
	}
	if os.Getenv("CI") != "" {
		t.Fatalf("CI is set but promtool is missing: %v (apt-get install -y --no-install-recommends prometheus)", err)
	}
	t.Skipf("SKIPPING %s: %v; install it (apt-get install -y --no-install-recommends prometheus) to run them, with CI set this fails", what, err)
	return ""
}
