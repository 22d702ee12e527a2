package generator

import (
	"fmt"
	"strconv"
	"strings"
)

// The service level objectives of feature observability. They are answers
// (recorded in .svcgen.yaml, changed with `svcgen update --set`), so the
// managed rules and dashboard are always rendered from one source. The
// period is fixed at 30 days: the burn-rate factors of the SRE workbook
// (14.4, 6, 3, 1) are fractions of a 30-day budget.
const (
	DefaultSLOAvailability     = "99.9"
	DefaultSLOLatencyThreshold = "0.25"
	DefaultSLOLatencyTarget    = "99"
)

// SLOAnswerKeys are the answers keys of the objectives, in prompt order.
var SLOAnswerKeys = []string{"slo_availability", "slo_latency_threshold", "slo_latency_target"}

// LatencyBuckets are the bucket bounds of the service's request-duration
// histogram (prometheus.DefBuckets), as the client exposes them in `le`.
// The latency threshold must be one of them: the SLI reads the bucket
// counter, and a bound between buckets would need interpolation that
// under- or over-counts.
var LatencyBuckets = []string{"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10"}

// Percentages are checked in thousandths of a percent (99.9 → 99900), so
// that budgets and thresholds are exact decimals, never float noise.
const (
	minObjective = 90_000
	maxObjective = 99_999
	hundredPct   = 100_000
)

const allowObjective = "use a percentage from 90 to 99.999 with at most 3 decimals, e.g. 99.9"

// milliPercent parses a percentage with at most three decimals into
// thousandths of a percent; ok is false for anything else.
func milliPercent(s string) (int, bool) {
	whole, frac, hasFrac := strings.Cut(s, ".")
	if whole == "" || len(whole) > 3 || len(whole) > 1 && whole[0] == '0' || hasFrac && (frac == "" || len(frac) > 3) || !digits(whole) || !digits(frac) {
		return 0, false
	}
	w, err := strconv.Atoi(whole)
	if err != nil {
		return 0, false
	}
	f, _ := strconv.Atoi((frac + "000")[:3])
	return w*1000 + f, true
}

func digits(s string) bool {
	for i := range len(s) {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// checkObjective validates a percentage answer; empty means the default.
func checkObjective(field, v string) error {
	if v == "" {
		return nil
	}
	if m, ok := milliPercent(v); !ok || m < minObjective || m > maxObjective {
		return &FieldError{field, v, allowObjective}
	}
	return nil
}

func (a Answers) checkSLOAvailability() error {
	return checkObjective("slo_availability", a.SLOAvailability)
}

func (a Answers) checkSLOLatencyTarget() error {
	return checkObjective("slo_latency_target", a.SLOLatencyTarget)
}

func (a Answers) checkSLOLatencyThreshold() error {
	if a.SLOLatencyThreshold == "" || latencyBucket(a.SLOLatencyThreshold) != "" {
		return nil
	}
	return &FieldError{"slo_latency_threshold", a.SLOLatencyThreshold,
		"use one of the histogram's bucket bounds in seconds: " + strings.Join(LatencyBuckets, ", ")}
}

// latencyBucket returns the bucket bound equal to s as the histogram
// writes it ("0.250" → "0.25", "1.0" → "1"), or "" if s is none.
func latencyBucket(s string) string {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || strings.ContainsAny(s, "eEx_+-") {
		return ""
	}
	for _, b := range LatencyBuckets {
		if bf, _ := strconv.ParseFloat(b, 64); bf == f {
			return b
		}
	}
	return ""
}

// withSLODefaults fills the objectives a manifest or the user left empty.
func (a Answers) withSLODefaults() Answers {
	if a.SLOAvailability == "" {
		a.SLOAvailability = DefaultSLOAvailability
	}
	if a.SLOLatencyThreshold == "" {
		a.SLOLatencyThreshold = DefaultSLOLatencyThreshold
	}
	if a.SLOLatencyTarget == "" {
		a.SLOLatencyTarget = DefaultSLOLatencyTarget
	}
	return a
}

// WithSLODefaults returns the answers with empty objectives set to their
// defaults when the service has feature observability: `svcgen update`
// calls it on answers recorded before release 7, so the manifest records
// the objectives the rules were rendered with.
func (a Answers) WithSLODefaults() Answers {
	if !a.Has("observability") {
		return a
	}
	return a.withSLODefaults()
}

// Objective is one SLO in exact decimal form.
type Objective struct {
	milli int // thousandths of a percent, e.g. 99900
}

// Percent is the objective as a percentage without trailing zeros: "99.9".
func (o Objective) Percent() string { return decimal(int64(o.milli), 3) }

// Ratio is the objective as a ratio: "0.999".
func (o Objective) Ratio() string { return decimal(int64(o.milli), 5) }

// Budget is the error budget as a ratio: "0.001" for 99.9 %.
func (o Objective) Budget() string { return decimal(int64(hundredPct-o.milli), 5) }

// budget is the error budget as a float, for test traffic and floors.
func (o Objective) budget() float64 { return float64(hundredPct-o.milli) / hundredPct }

// decimal writes n / 10^scale without trailing zeros.
func decimal(n int64, scale int) string {
	s := fmt.Sprintf("%0*d", scale+1, n)
	whole, frac := s[:len(s)-scale], strings.TrimRight(s[len(s)-scale:], "0")
	if frac == "" {
		return whole
	}
	return whole + "." + frac
}

// Objectives are the parsed SLO answers.
type Objectives struct {
	Availability     Objective
	Latency          Objective
	LatencyThreshold string // a LatencyBuckets entry, e.g. "0.25"
	ExcludedRoutes   []string
}

// objectives parses validated answers (defaults for empty ones).
func (a Answers) objectives() Objectives {
	a = a.withSLODefaults()
	av, _ := milliPercent(a.SLOAvailability)
	lt, _ := milliPercent(a.SLOLatencyTarget)
	return Objectives{Availability: Objective{av}, Latency: Objective{lt}, LatencyThreshold: latencyBucket(a.SLOLatencyThreshold),
		ExcludedRoutes: a.SLOExcludedRoutes}
}
