package generator

import (
	"math"
	"strconv"
)

// What docs/alerts.md says about an objective, in the numbers the rules
// use (observability_rules.go): the same factors, thresholds and floors.

// BudgetPercent is the error budget as a percentage: "0.1" for 99.9 %.
func (o Objective) BudgetPercent() string { return decimal(int64(hundredPct-o.milli), 3) }

// BudgetTime is the budget as time of total outage in the 30 days:
// "43.2 minutes" for 99.9 %, in hours from three hours on.
func (o Objective) BudgetTime() string {
	budget := int64(hundredPct - o.milli)
	if minutes := 432 * budget; minutes < 180_000 { // 43200 min × budget/100000, in thousandths
		return decimal(minutes, 3) + " minutes"
	}
	return decimal(72*budget, 4) + " hours" // 720 h × budget/100000
}

// BurnThreshold is the error ratio, as a percentage, at which the SLI
// spends the budget factor times as fast as the 30 days allow: "1.44" for
// 14.4 at 99.9 %.
func (o Objective) BurnThreshold(factor string) string {
	f, _ := strconv.ParseFloat(factor, 64)
	tenths := int64(math.Round(f * 10))
	return decimal(tenths*int64(hundredPct-o.milli), 4)
}

// TrafficFloor is the fewest requests the long window of a pair at this
// factor needs before the alert may fire (the rules' own floor).
func (o Objective) TrafficFloor(factor string) int { return trafficFloor(factor, o) }

// Fires reports whether a pair at this factor can fire at all: below
// 93.06 % the 14.4 pair would need more than every request to fail.
func (o Objective) Fires(factor string) bool {
	f, _ := strconv.ParseFloat(factor, 64)
	return math.Round(f*10)*float64(hundredPct-o.milli) < 10*hundredPct
}
