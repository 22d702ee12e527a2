package policy

import (
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
)

// checkGoMemLimit requires GOMEMLIMIT so the Go GC works to stay under the
// container's memory limit instead of being OOM-killed: either derived from
// limits.memory via resourceFieldRef, or a value below limits.memory.
func checkGoMemLimit(fs *findings, line int, c *corev1.Container) {
	for _, e := range c.Env {
		if e.Name != "GOMEMLIMIT" {
			continue
		}
		if e.ValueFrom != nil {
			if rf := e.ValueFrom.ResourceFieldRef; rf == nil || rf.Resource != "limits.memory" {
				fs.addf(line, RuleGoMemLimit, "container %s: GOMEMLIMIT valueFrom must be resourceFieldRef limits.memory", c.Name)
			}
			return
		}
		limit := c.Resources.Limits.Memory().Value()
		v, ok := parseMemLimit(e.Value)
		switch {
		case !ok:
			fs.addf(line, RuleGoMemLimit, "container %s: GOMEMLIMIT %q is not a Go memory limit (e.g. 230MiB)", c.Name, e.Value)
		case limit > 0 && v >= limit:
			fs.addf(line, RuleGoMemLimit, "container %s: GOMEMLIMIT %s must be below limits.memory (~90%% of it)", c.Name, e.Value)
		}
		return
	}
	fs.addf(line, RuleGoMemLimit, "container %s: set GOMEMLIMIT (~90%% of limits.memory)", c.Name)
}

// parseMemLimit parses the GOMEMLIMIT syntax: an integer with an optional
// B, KiB, MiB, GiB or TiB suffix.
func parseMemLimit(s string) (int64, bool) {
	units := []struct {
		suffix string
		mult   int64
	}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}}
	mult := int64(1)
	for _, u := range units {
		if rest, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = rest, u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, false
	}
	return n * mult, true
}
