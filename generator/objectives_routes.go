package generator

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// Per-route exceptions to the SLIs (answer slo_excluded_routes): routes
// whose errors or latency say nothing about the users' experience, such as
// a long-poll endpoint that is slow by design. They land in a PromQL regex
// inside a double-quoted PromQL string inside YAML, so each pattern is
// validated, regex-quoted (regexp.QuoteMeta), then escaped for the PromQL
// string; yaml.v3 quotes the result for YAML. FuzzSLISelector holds the
// three layers to a round trip.

const maxExcludedRoutes = 20

const allowExcludedRoute = "use gin route patterns as the route label shows them, e.g. /v1/stream or /v1/files/*path: " +
	"'/' then segments of letters, digits and -._~, a segment may be :param or a last *wildcard; at most 20, each once"

// ginPattern is one route pattern: static segments, :params, and a final
// *wildcard. Letters and digits only in names; the static characters are
// the unreserved characters of RFC 3986.
var ginPattern = regexp.MustCompile(`^(/([A-Za-z0-9._~-]+|:[A-Za-z_][A-Za-z0-9_]*))*(/\*[A-Za-z_][A-Za-z0-9_]*|/)?$`)

// checkExcludedRoute reports whether p is a route pattern gin accepts and
// the SLI may leave out.
func checkExcludedRoute(p string) bool {
	return p != "" && len(p) <= 200 && ginPattern.MatchString(p)
}

func (a Answers) checkSLOExcludedRoutes() error {
	if len(a.SLOExcludedRoutes) > maxExcludedRoutes {
		return &FieldError{"slo_excluded_routes", strings.Join(a.SLOExcludedRoutes, ","), allowExcludedRoute}
	}
	for i, p := range a.SLOExcludedRoutes {
		if !checkExcludedRoute(p) || slices.Contains(a.SLOExcludedRoutes[:i], p) {
			return &FieldError{"slo_excluded_routes", p, allowExcludedRoute}
		}
	}
	return nil
}

// ParseRoutes reads a comma-separated route list ("" is none).
func ParseRoutes(s string) []string {
	var out []string
	for _, r := range strings.Split(s, ",") {
		if r = strings.TrimSpace(r); r != "" {
			out = append(out, r)
		}
	}
	return out
}

// SLISelector is the label matcher every SLI query uses: the probes, the
// unmatched paths and the excluded routes left out, e.g.
// route!~"/healthz|/readyz|unmatched". Dashboards use it too, so that a
// panel's ratio is the alerts' ratio.
func (o Objectives) SLISelector() string {
	alts := slices.Clone(probeRoutes)
	for _, r := range o.ExcludedRoutes {
		alts = append(alts, regexp.QuoteMeta(r))
	}
	return "route!~" + promQLString(strings.Join(alts, "|"))
}

// promQLString writes s as a double-quoted PromQL string: a backslash and
// a double quote are escaped (the validated patterns hold no control
// characters, so nothing else needs it).
func promQLString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`)
	return fmt.Sprintf(`"%s"`, r.Replace(s))
}
