package generator

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// The promtool unit tests of the SLO rules (deploy/monitoring/rules_test.yaml
// and rules_slow_test.yaml, {{promRuleTests . "fast"}} / "slow"). Each case
// is synthetic traffic with an expected set of firing alerts. The traffic
// is derived from the objectives: a fast burn for a 99.9 % objective is a
// healthy day for a 90 % one, so the error and slow-request rates are
// multiples of the budget, and the request rate is high enough to pass
// the traffic floor of the strictest objective.

// ruleTestFile is promtool's unit-test file.
type ruleTestFile struct {
	RuleFiles          []string   `yaml:"rule_files,flow"`
	EvaluationInterval string     `yaml:"evaluation_interval"`
	Tests              []ruleTest `yaml:"tests"`
}

type ruleTest struct {
	Name           string      `yaml:"name"`
	Interval       string      `yaml:"interval"`
	InputSeries    []series    `yaml:"input_series"`
	PromQLExprTest []exprTest  `yaml:"promql_expr_test,omitempty"`
	AlertRuleTest  []alertTest `yaml:"alert_rule_test"`
}

type series struct {
	Series string `yaml:"series"`
	Values string `yaml:"values"`
}

type exprTest struct {
	Expr       string   `yaml:"expr"`
	EvalTime   string   `yaml:"eval_time"`
	ExpSamples []sample `yaml:"exp_samples"`
}

type sample struct {
	Labels string  `yaml:"labels"`
	Value  float64 `yaml:"value"`
}

type alertTest struct {
	EvalTime  string     `yaml:"eval_time"`
	Alertname string     `yaml:"alertname"`
	ExpAlerts []expAlert `yaml:"exp_alerts"`
}

type expAlert struct {
	ExpLabels      map[string]string `yaml:"exp_labels"`
	ExpAnnotations map[string]string `yaml:"exp_annotations"`
}

// ruleCases builds the cases of one service from its rendered rules, so
// the expected labels and annotations are those the rules carry.
type ruleCases struct {
	d      Data
	alerts map[string]promRule
	n      float64 // requests a minute of "normal" traffic
	b, bl  float64 // availability and latency budgets
}

func newRuleCases(d Data) ruleCases {
	c := ruleCases{d: d, alerts: map[string]promRule{}, b: d.SLO.Availability.budget(), bl: d.SLO.Latency.budget()}
	for _, g := range ruleGroups(d, DefaultSLOWindows) {
		for _, r := range g.Rules {
			if r.Alert != "" {
				c.alerts[r.Alert] = r
			}
		}
	}
	// Enough traffic that the strictest floor (1/(14.4 × budget) requests
	// an hour) is passed within the first ten minutes.
	c.n = math.Max(100, math.Ceil(0.1/math.Min(c.b, c.bl)))
	return c
}

var burnAlerts = []string{"SLOAvailabilityFastBurn", "SLOAvailabilitySlowBurn", "SLOLatencyFastBurn", "SLOLatencySlowBurn"}

// num writes a sample value or increment: at most six decimals, no float noise.
func num(x float64) string {
	return strconv.FormatFloat(math.Round(x*1e6)/1e6, 'f', -1, 64)
}

func (c ruleCases) requests(method, route, code, values string) series {
	return series{fmt.Sprintf(`%s_http_requests_total{method=%q,route=%q,status_code=%q}`, c.d.Namespace, method, route, code), values}
}

// histogram is the two series of the request-duration histogram the rules
// read: the threshold's bucket and the count.
func (c ruleCases) histogram(route, code, fast, all string) []series {
	h := c.d.Namespace + "_http_request_duration_seconds"
	return []series{
		{fmt.Sprintf(`%s_bucket{method="GET",route=%q,status_code=%q,le=%q}`, h, route, code, c.d.SLO.LatencyThreshold), fast},
		{fmt.Sprintf(`%s_count{method="GET",route=%q,status_code=%q}`, h, route, code), all},
	}
}

func (c ruleCases) inFlight(minutes int) series {
	return series{c.d.Namespace + "_http_requests_in_flight", fmt.Sprintf("0x%d", minutes)}
}

// quiet expects none of the alerts at one time.
func quiet(at string, names ...string) []alertTest {
	out := make([]alertTest, 0, len(names))
	for _, n := range names {
		out = append(out, alertTest{EvalTime: at, Alertname: n, ExpAlerts: []expAlert{}})
	}
	return out
}

// firing expects the alert, with the labels and annotations of its rule.
func (c ruleCases) firing(at, name string) alertTest {
	r := c.alerts[name]
	labels := map[string]string{"service": c.d.Name}
	for k, v := range r.Labels {
		labels[k] = v
	}
	if slo, ok := strings.CutPrefix(name, "SLOAvailability"); ok && slo != "" {
		labels["slo"] = "availability"
	} else if strings.HasPrefix(name, "SLOLatency") {
		labels["slo"] = "latency"
	}
	return alertTest{EvalTime: at, Alertname: name, ExpAlerts: []expAlert{{ExpLabels: labels, ExpAnnotations: r.Annotations}}}
}

// ramp is a counter rising by step a minute for the given minutes.
func ramp(step float64, minutes int) string { return fmt.Sprintf("0+%sx%d", num(step), minutes) }

// healthy: 3h of traffic with 404s, unmatched junk, a fifth of the
// latency budget slow, and /readyz answering 503 for an hour (a drain):
// nothing fires, and with no 5xx ever the error ratio is 0, not absent.
func (c ruleCases) healthy() ruleTest {
	const m = 180
	t := ruleTest{Name: "1. healthy traffic, 404s, junk, and /readyz draining (503) for an hour: nothing fires", Interval: "1m"}
	t.InputSeries = []series{
		c.requests("GET", "/v1/items", "200", ramp(c.n, m)),
		c.requests("GET", "/v1/items/:id", "404", ramp(c.n/20, m)),
		c.requests("GET", "unmatched", "404", ramp(c.n/2, m)),
		c.requests("GET", "/healthz", "200", ramp(6, m)),
		c.requests("GET", "/readyz", "200", "0+6x60 360x60 366+6x60"),
		c.requests("GET", "/readyz", "503", "0x60 6+6x60 366x60"),
	}
	t.InputSeries = append(t.InputSeries, c.histogram("/v1/items", "200", ramp(c.n*(1-0.2*c.bl), m), ramp(c.n, m))...)
	t.InputSeries = append(t.InputSeries, c.histogram("/readyz", "503", "0x60 6+6x60 366x60", "0x60 6+6x60 366x60")...)
	t.InputSeries = append(t.InputSeries, c.inFlight(m))
	// An excluded route (slo_excluded_routes) failing and slow all along
	// must not count either.
	for _, r := range c.d.SLO.ExcludedRoutes {
		t.Name = "1. healthy traffic, 404s, junk, /readyz draining (503) for an hour, excluded routes failing: nothing fires"
		t.InputSeries = append(t.InputSeries, c.requests("GET", r, "500", ramp(c.n, m)))
		t.InputSeries = append(t.InputSeries, c.histogram(r, "500", "0x180", ramp(c.n, m))...)
	}
	t.PromQLExprTest = []exprTest{{
		Expr: `slo:sli_error:ratio_rate5m{slo="availability"}`, EvalTime: "1h30m",
		ExpSamples: []sample{{Labels: fmt.Sprintf(`slo:sli_error:ratio_rate5m{service=%q,slo="availability"}`, c.d.Name), Value: 0}},
	}}
	for _, at := range []string{"10m", "1h30m", "2h", "3h"} {
		t.AlertRuleTest = append(t.AlertRuleTest, quiet(at, append(burnAlerts, "SLOMetricsAbsent")...)...)
	}
	return t
}

// fastBurn: errors at 57 times the budget (at most 80 % of requests) from
// the start: the page fires within 10 minutes.
func (c ruleCases) fastBurn() ruleTest {
	const m = 60
	t := ruleTest{Name: "2. fast burn: 5xx at 57 times the error budget: the page fires", Interval: "1m"}
	t.InputSeries = []series{
		c.requests("GET", "/v1/items", "200", ramp(c.n, m)),
		c.requests("POST", "/v1/items", "500", ramp(c.n*math.Min(57*c.b, 4), m)),
	}
	t.InputSeries = append(t.InputSeries, c.histogram("/v1/items", "200", ramp(c.n, m), ramp(c.n, m))...)
	t.InputSeries = append(t.InputSeries, c.inFlight(m))
	t.AlertRuleTest = append([]alertTest{c.firing("10m", "SLOAvailabilityFastBurn")},
		quiet("10m", "SLOLatencyFastBurn", "SLOLatencySlowBurn", "SLOMetricsAbsent")...)
	return t
}

// absent: no metrics from the service at all: the absent alert after its
// 10 minutes, nothing else.
func (c ruleCases) absent() ruleTest {
	t := ruleTest{Name: "4. no metrics from the service: SLOMetricsAbsent after 10m, nothing else", Interval: "1m"}
	t.InputSeries = []series{{`up{job="something-else"}`, "1x30"}}
	t.AlertRuleTest = append(quiet("5m", "SLOMetricsAbsent"), c.firing("11m", "SLOMetricsAbsent"))
	t.AlertRuleTest = append(t.AlertRuleTest, quiet("11m", burnAlerts...)...)
	return t
}

// burstFactor is the error rate, in budgets, of a 20-minute burst after
// 3h of history that must page on the 1h&5m pair (the 1h ratio above
// 14.4 budgets) and resolve when it ends (the 6h ratio under 6 budgets);
// ok is false when no rate does both, for objectives under about 97 %.
func (c ruleCases) burstFactor() (float64, bool) {
	lo := 864 / (20 - 288*c.b)  // 20k·b/(60+20k·b) > 14.4·b
	hi := 1260 / (20 - 120*c.b) // 20k·b/(210+20k·b) < 6·b
	return (lo + hi) / 2, lo > 0 && hi > lo*1.1
}

// burst: a 20-minute burst after 3h of history pages on the 1h&5m pair and
// resolves 10 minutes after it ends, because the 5m window empties; a page
// pair built on 1h&30m would keep paging for half an hour more.
func (c ruleCases) burst() (ruleTest, bool) {
	k, ok := c.burstFactor()
	const m = 180 + 60
	t := ruleTest{Name: "5. a 20-minute burst of 5xx after 3h of history: pages, then resolves once the 5m window is clean", Interval: "1m"}
	// A multiple of 1/64, so that promtool's sum of 21 increments equals the
	// plateau written after them exactly: a plateau a float rounding below
	// the sum is a counter reset, and doubles the rate.
	e := math.Ceil(c.n*k*c.b*64) / 64
	t.InputSeries = []series{
		c.requests("GET", "/v1/items", "200", ramp(c.n, m)),
		c.requests("GET", "/v1/items", "500", fmt.Sprintf("0x180 %s+%sx20 %sx40", num(e), num(e), num(21*e))),
		c.inFlight(m),
	}
	t.AlertRuleTest = append([]alertTest{c.firing("3h21m", "SLOAvailabilityFastBurn")}, quiet("3h30m", "SLOAvailabilityFastBurn")...)
	return t, ok
}

// slow: 30 latency budgets of requests slower than the threshold (at most
// 80 %): the latency page fires, availability stays quiet.
func (c ruleCases) slow() ruleTest {
	const m = 60
	t := ruleTest{Name: "6. requests slower than the latency threshold at 30 times the budget: the latency page fires", Interval: "1m"}
	t.InputSeries = []series{c.requests("GET", "/v1/items", "200", ramp(c.n, m))}
	t.InputSeries = append(t.InputSeries, c.histogram("/v1/items", "200", ramp(c.n*(1-math.Min(30*c.bl, 0.8)), m), ramp(c.n, m))...)
	t.InputSeries = append(t.InputSeries, c.inFlight(m))
	t.AlertRuleTest = append([]alertTest{c.firing("10m", "SLOLatencyFastBurn")},
		quiet("10m", "SLOAvailabilityFastBurn", "SLOAvailabilitySlowBurn")...)
	return t
}

// quietService: so few requests that one 500 is above every burn rate,
// but under the traffic floor: nothing fires.
func (c ruleCases) quietService() ruleTest {
	const m = 60
	t := ruleTest{Name: "7. a quiet service and one 500: the traffic floor keeps it quiet", Interval: "1m"}
	t.InputSeries = []series{
		c.requests("GET", "/v1/items", "200", ramp(1/(14.4*c.b*240), m)),
		c.requests("GET", "/v1/items", "500", "0x30 1x30"),
		c.inFlight(m),
	}
	t.AlertRuleTest = quiet("35m", "SLOAvailabilityFastBurn", "SLOAvailabilitySlowBurn")
	return t
}

// idle: started, no request yet: only the in-flight gauge exists; nothing
// fires (absent() on the request counter would).
func (c ruleCases) idle() ruleTest {
	t := ruleTest{Name: "8. started, no request yet: only the in-flight gauge exists; nothing fires", Interval: "1m"}
	t.InputSeries = []series{c.inFlight(30)}
	t.AlertRuleTest = quiet("20m", append(burnAlerts, "SLOMetricsAbsent")...)
	return t
}

// slowBurn: a healthy day, then errors at 5 budgets arriving in bursts
// every half hour: a ticket after ~6h, never a page. Evaluated every 5m
// over 2m30s samples: Prometheus 3's windows are left-open, so a [5m]
// window needs two samples at this step.
func (c ruleCases) slowBurn() ruleTest {
	const m = 576 + 240
	t := ruleTest{Name: "3. slow burn: a healthy day, then 5xx at 5 times the budget in half-hourly bursts: a ticket, never a page", Interval: "2m30s"}
	// One burst in every twelve steps, on the 5m grid: between bursts the
	// 5m ratio is 0, so a ticket pair whose short window were 5m instead
	// of 6h would not fire.
	perBurst := 12 * 500 * 5 * c.b
	errs, vals := 0.0, make([]string, 0, m+1)
	for i := range m + 1 {
		if i >= 578 && (i-578)%12 == 0 {
			errs += perBurst
		}
		vals = append(vals, num(errs))
	}
	t.InputSeries = []series{
		c.requests("GET", "/v1/items", "200", ramp(500, m)),
		c.requests("GET", "/v1/items", "500", strings.Join(vals, " ")),
		c.inFlight(m),
	}
	t.AlertRuleTest = append(quiet("25h", burnAlerts...), quiet("25h5m", burnAlerts...)...) // 25h5m: a burst step
	t.AlertRuleTest = append(t.AlertRuleTest, c.firing("32h", "SLOAvailabilitySlowBurn"))
	t.AlertRuleTest = append(t.AlertRuleTest, quiet("32h", "SLOAvailabilityFastBurn")...)
	return t
}

// ruleTestFiles returns rules_test.yaml's and rules_slow_test.yaml's content.
func ruleTestFiles(d Data) (fast, slow ruleTestFile, burstOmitted bool) {
	c := newRuleCases(d)
	fast = ruleTestFile{RuleFiles: []string{"rules.yaml"}, EvaluationInterval: "1m",
		Tests: []ruleTest{c.healthy(), c.fastBurn(), c.absent()}}
	if t, ok := c.burst(); ok {
		fast.Tests = append(fast.Tests, t)
	} else {
		burstOmitted = true
	}
	fast.Tests = append(fast.Tests, c.slow(), c.quietService(), c.idle())
	slow = ruleTestFile{RuleFiles: []string{"rules.yaml"}, EvaluationInterval: "5m", Tests: []ruleTest{c.slowBurn()}}
	return fast, slow, burstOmitted
}

// promRuleTests is the template function behind the two test files:
// which is "fast" (rules_test.yaml) or "slow" (rules_slow_test.yaml).
func promRuleTests(d Data, which string) (string, error) {
	fast, slow, omitted := ruleTestFiles(d)
	var f ruleTestFile
	var note string
	switch which {
	case "fast":
		f = fast
		if omitted {
			note = fmt.Sprintf("# Case 5 (a short burst pages, then resolves) is left out: at a %s%% objective\n"+
				"# no error rate can page on the 1h&5m pair and stay under the 6h&30m pair's.\n", d.SLO.Availability.Percent())
		}
	case "slow":
		f = slow
	default:
		return "", fmt.Errorf("promRuleTests: which is %q, want fast or slow", which)
	}
	b, err := encodeYAML(f)
	// The template's own line end ends the file.
	return note + strings.TrimSuffix(string(b), "\n"), err
}
