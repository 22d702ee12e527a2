package check

import (
	"testing"
)

// TestInvokeAfterServerModule: the one order readiness depends on. The
// good fixture (an invoke above httpserver.Module, one inside a module of
// its own) is checked clean by TestCompliantFixturesAreClean.
func TestInvokeAfterServerModule(t *testing.T) {
	r := analyze(t, "testdata/health/ready-order/bad", Options{})
	if got, want := brief(r.Findings), "health internal/app/app.go:13\n"; got != want {
		t.Errorf("findings:\n%swant:\n%s", got, want)
	}
}
