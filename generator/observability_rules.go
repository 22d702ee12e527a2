package generator

import (
	"bytes"
	"fmt"
	"math"
	"strings"

	"go.yaml.in/yaml/v3"
)

// The Prometheus rules of feature observability, built as typed groups and
// encoded as YAML: deploy/monitoring/rules.yaml ({{promRules .}}) and, with
// k8s, the same groups inside a PrometheusRule. The method is the SRE
// workbook's multiwindow, multi-burn-rate alerting as sloth's google-30d
// plan encodes it; docs/design/observability.md holds the evidence for
// every choice (probe exclusion, "or vector(0)", the traffic floor, alerts
// in their records' group, absent() on the in-flight gauge).

// SLOWindows are the windows the rules are written with. Production uses
// DefaultSLOWindows; svcgen's e2e renders the same logic with E2ESLOWindows
// (seconds instead of hours, records and alerts renamed) so that a real
// Prometheus fires and resolves an alert within a minute.
type SLOWindows struct {
	// Durations maps each window of the method (5m 30m 1h 2h 6h 1d 3d,
	// 30d for the budget, 10m for the absent alert's `for`) to the duration
	// written in the rules and in the records' names.
	Durations map[string]string
	// RecordPrefix starts every record name ("slo" → slo:sli_error:...).
	RecordPrefix string
	// AlertPrefix starts every alert name ("SLO" → SLOAvailabilityFastBurn).
	AlertPrefix string
	// GroupPrefix starts every group name ("" or "e2e-").
	GroupPrefix string
}

// DefaultSLOWindows are the windows of the generated rules.
var DefaultSLOWindows = SLOWindows{
	Durations: map[string]string{
		"5m": "5m", "30m": "30m", "1h": "1h", "2h": "2h", "6h": "6h", "1d": "1d", "3d": "3d", "30d": "30d", "10m": "10m",
	},
	RecordPrefix: "slo", AlertPrefix: "SLO",
}

// E2ESLOWindows scale every window to seconds, for a run against a real
// Prometheus scraping every second.
var E2ESLOWindows = SLOWindows{
	Durations: map[string]string{
		"5m": "5s", "30m": "10s", "1h": "20s", "2h": "30s", "6h": "40s", "1d": "50s", "3d": "60s", "30d": "2m", "10m": "10s",
	},
	RecordPrefix: "e2e", AlertPrefix: "E2E", GroupPrefix: "e2e-",
}

// sliWindows are the windows each SLO records a ratio for.
var sliWindows = []string{"5m", "30m", "1h", "2h", "6h", "1d", "3d"}

// probeRoutes are kept out of every SLI: a draining /readyz answers 503
// on purpose, and a scanner's 404s on paths no route matched must not
// dilute the ratio during an outage.
var probeRoutes = []string{"/healthz", "/readyz", "unmatched"}

// burnPair is one multiwindow condition: both windows burn faster than
// Factor times the budget, and the long window holds enough requests.
type burnPair struct {
	Long, Short string
	Factor      string // exact decimal, e.g. "14.4"
}

// burnAlert is one alert of an SLO: two pairs, either fires it.
type burnAlert struct {
	Suffix   string // FastBurn or SlowBurn
	Severity string // page or ticket
	Pairs    [2]burnPair
	What     string // the summary after "<service> is "
}

// Sloth's google-30d: page on 2 % of the budget in 1h or 5 % in 6h; ticket
// on 10 % in 1d or in 3d.
var (
	fastBurn = [2]burnPair{{"1h", "5m", "14.4"}, {"6h", "30m", "6"}}
	slowBurn = [2]burnPair{{"1d", "2h", "3"}, {"3d", "6h", "1"}}
)

// promRule is one rule of a group, in Prometheus's rule-file format.
type promRule struct {
	Record      string            `yaml:"record,omitempty"`
	Alert       string            `yaml:"alert,omitempty"`
	Expr        string            `yaml:"expr"`
	For         string            `yaml:"for,omitempty"`
	Labels      map[string]string `yaml:"labels,omitempty"`
	Annotations map[string]string `yaml:"annotations,omitempty"`
}

// promGroup is one rule group. Rules in a group run in order, groups in
// no defined order: each SLO's alerts follow its records in one group, so
// an alert always reads the records of the same evaluation.
type promGroup struct {
	Name  string     `yaml:"name"`
	Rules []promRule `yaml:"rules"`
}

// sloRules holds what every rule of one service needs.
type sloRules struct {
	d   Data
	o   Objectives
	w   SLOWindows
	sel string // the SLI selector
}

// ruleGroups builds the three groups: availability, latency, absent.
func ruleGroups(d Data, w SLOWindows) []promGroup {
	r := sloRules{d: d, o: d.SLO, w: w, sel: d.SLO.SLISelector()}
	return []promGroup{r.availabilityGroup(), r.latencyGroup(), r.absentGroup()}
}

func (r sloRules) dur(window string) string {
	if v, ok := r.w.Durations[window]; ok {
		return v
	}
	panic("generator: SLOWindows lacks window " + window)
}

func (r sloRules) record(window string) string {
	return r.w.RecordPrefix + ":sli_error:ratio_rate" + r.dur(window)
}

func (r sloRules) labels(slo string) map[string]string {
	return map[string]string{"service": r.d.Name, "slo": slo}
}

func (r sloRules) availabilityGroup() promGroup {
	total := r.d.Namespace + "_http_requests_total"
	rules := r.sliRecords("availability", func(win string) string {
		return fmt.Sprintf("(sum(rate(%s{%s,status_code=~\"5..\"}[%s])) or vector(0))\n/\nsum(rate(%s{%s}[%s]))\n",
			total, r.sel, win, total, r.sel, win)
	})
	o := r.o.Availability
	rules = append(rules, r.budgetRecords("availability", o)...)
	rules = append(rules,
		r.burnAlert("availability", o, burnAlert{"FastBurn", "page", fastBurn,
			"burning its availability error budget fast (5xx): 2% of the 30-day budget in 1h or 5% in 6h"}),
		r.burnAlert("availability", o, burnAlert{"SlowBurn", "ticket", slowBurn,
			"burning its availability error budget steadily (5xx): 10% of the 30-day budget in 1d or 3d"}))
	return promGroup{Name: r.w.GroupPrefix + r.d.Name + "-slo-availability", Rules: rules}
}

func (r sloRules) latencyGroup() promGroup {
	hist := r.d.Namespace + "_http_request_duration_seconds"
	le := leMatcher(r.o.LatencyThreshold)
	rules := r.sliRecords("latency", func(win string) string {
		return fmt.Sprintf("1 - (\n  sum(rate(%s_bucket{%s,%s}[%s]))\n  /\n  sum(rate(%s_count{%s}[%s]))\n)\n",
			hist, r.sel, le, win, hist, r.sel, win)
	})
	o, thr := r.o.Latency, r.o.LatencyThreshold
	rules = append(rules, r.budgetRecords("latency", o)...)
	rules = append(rules,
		r.burnAlert("latency", o, burnAlert{"FastBurn", "page", fastBurn,
			"too slow: requests above " + thr + "s burn 2% of the latency budget in 1h or 5% in 6h"}),
		r.burnAlert("latency", o, burnAlert{"SlowBurn", "ticket", slowBurn,
			"steadily too slow: requests above " + thr + "s burn 10% of the latency budget in 1d or 3d"}))
	return promGroup{Name: r.w.GroupPrefix + r.d.Name + "-slo-latency", Rules: rules}
}

// leMatcher selects the threshold's bucket. Prometheus 3 normalises `le`
// to float text ("1" becomes "1.0"), so an integer bound matches both forms.
func leMatcher(bound string) string {
	if strings.Contains(bound, ".") {
		return fmt.Sprintf("le=%q", bound)
	}
	return fmt.Sprintf(`le=~"%s(\\.0)?"`, bound)
}

func (r sloRules) sliRecords(slo string, expr func(window string) string) []promRule {
	out := make([]promRule, 0, len(sliWindows))
	for _, w := range sliWindows {
		out = append(out, promRule{Record: r.record(w), Expr: expr(r.dur(w)), Labels: r.labels(slo)})
	}
	return out
}

// budgetRecords are the 30-day ratio (sloth's average of the 5m ratio; it
// feeds the dashboard's budget panels) and the objective itself.
func (r sloRules) budgetRecords(slo string, o Objective) []promRule {
	sel := fmt.Sprintf("%s{service=%q,slo=%q}", r.record("5m"), r.d.Name, slo)
	return []promRule{
		{Record: r.record("30d"), Expr: fmt.Sprintf("sum_over_time(%s[%s])\n/ count_over_time(%s[%s])\n", sel, r.dur("30d"), sel, r.dur("30d")), Labels: r.labels(slo)},
		{Record: r.w.RecordPrefix + ":objective:ratio", Expr: "vector(" + o.Ratio() + ")", Labels: r.labels(slo)},
	}
}

// burnAlert writes one alert: either pair fires it, and each pair needs
// enough requests in its long window that one failed request alone cannot
// cross the threshold (ceil(1 / (factor × budget))).
func (r sloRules) burnAlert(slo string, o Objective, a burnAlert) promRule {
	name, canonical := r.w.AlertPrefix+capitalize(slo)+a.Suffix, "SLO"+capitalize(slo)+a.Suffix
	var b strings.Builder
	for i, p := range a.Pairs {
		if i > 0 {
			b.WriteString("or\n")
		}
		threshold := fmt.Sprintf("(%s * %s)", p.Factor, o.Budget())
		fmt.Fprintf(&b, "(\n  %s{service=%q,slo=%q} > %s\n  and\n  %s{service=%q,slo=%q} > %s\n  and on ()\n  sum(increase(%s_http_requests_total{%s}[%s])) >= %d\n)\n",
			r.record(p.Long), r.d.Name, slo, threshold, r.record(p.Short), r.d.Name, slo, threshold,
			r.d.Namespace, r.sel, r.dur(p.Long), trafficFloor(p.Factor, o))
	}
	return promRule{
		Alert: name, Expr: b.String(), Labels: map[string]string{"severity": a.Severity},
		Annotations: map[string]string{
			"summary": r.d.Name + " is " + a.What,
			"description": fmt.Sprintf("The %s SLI of %s (objective %s%% over 30 days) is burning its error budget at the rate this alert stands for; open the runbook section for what to check first.",
				slo, r.d.Name, o.Percent()),
			"runbook_url": runbook(r.d, canonical),
		},
	}
}

// trafficFloor is the fewest requests a long window needs before one error
// can page: ceil(1 / (factor × budget)), 70 for 14.4 × 0.001.
func trafficFloor(factor string, o Objective) int {
	var f float64
	_, _ = fmt.Sscan(factor, &f)
	// Rounded first: 1/(14.4 × 0.001) is 69.44…, but 1/(1 × 0.001) must be
	// exactly 1000, not 1000.0000000001 rounded up.
	x := math.Round(1/(f*o.budget())*1e6) / 1e6
	return int(math.Ceil(x))
}

// runbook is the alert's section in the service's docs/alerts.md (managed,
// so update can add and fix sections, unlike the team's runbook). The e2e's
// renamed alerts point at the section of the alert they scale.
func runbook(d Data, alert string) string {
	return fmt.Sprintf("https://github.com/%s/%s/blob/main/docs/alerts.md#%s", d.Org, d.Name, strings.ToLower(alert))
}

// absentGroup alerts when the service's metrics are gone. The in-flight
// gauge has no labels and exists from start-up, unlike the request
// counters, which appear with the first request: absent() on them would
// fire on a healthy idle service.
func (r sloRules) absentGroup() promGroup {
	name := r.w.AlertPrefix + "MetricsAbsent"
	return promGroup{Name: r.w.GroupPrefix + r.d.Name + "-slo-absent", Rules: []promRule{{
		Alert: name, Expr: "absent(" + r.d.Namespace + "_http_requests_in_flight)", For: r.dur("10m"),
		Labels: map[string]string{"severity": "page", "service": r.d.Name},
		Annotations: map[string]string{
			"summary":     r.d.Name + " exposes no metrics: it is down or Prometheus cannot scrape it",
			"runbook_url": runbook(r.d, "SLOMetricsAbsent"),
		},
	}}}
}

func capitalize(s string) string { return strings.ToUpper(s[:1]) + s[1:] }

// encodeYAML writes v as YAML indented by two spaces.
func encodeYAML(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(v); err != nil {
		return nil, fmt.Errorf("encode yaml: %w", err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode yaml: %w", err)
	}
	return buf.Bytes(), nil
}

// PrometheusRules renders the rule file of a service (resolved answers)
// with the given windows: what deploy/monitoring/rules.yaml holds with
// DefaultSLOWindows, without the header comment.
func PrometheusRules(a Answers, w SLOWindows) ([]byte, error) {
	if err := a.Validate(); err != nil {
		return nil, err
	}
	return encodeYAML(map[string]any{"groups": ruleGroups(newData(a), w)})
}

// promRules is the template function behind deploy/monitoring/rules.yaml.
func promRules(d Data) (string, error) {
	b, err := encodeYAML(map[string]any{"groups": ruleGroups(d, DefaultSLOWindows)})
	// The template's own line end ends the file.
	return strings.TrimSuffix(string(b), "\n"), err
}

// promRuleSpec is the same groups indented under a PrometheusRule's spec
// (deploy/k8s/prometheusrule.yaml): promtool cannot read the operator's
// object, so both files exist, rendered from one function.
func promRuleSpec(d Data) (string, error) {
	s, err := promRules(d)
	if err != nil {
		return "", err
	}
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) != "" {
			lines[i] = "  " + l
		}
	}
	return strings.Join(lines, ""), nil
}
