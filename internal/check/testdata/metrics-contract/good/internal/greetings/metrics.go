package greetings

import (
	"github.com/prometheus/client_golang/prometheus"

	"example.com/orders/internal/config"
)

// newMetrics registers the team's metrics the rules query.
func newMetrics(reg prometheus.Registerer) {
	reg.MustRegister(
		prometheus.NewCounter(prometheus.CounterOpts{Namespace: config.MetricsNamespace, Subsystem: "greetings", Name: "sent_total"}),
		prometheus.NewSummary(prometheus.SummaryOpts{Namespace: config.MetricsNamespace, Name: "greeting_seconds"}),
	)
}
