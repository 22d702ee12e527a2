package greetings

import (
	"github.com/prometheus/client_golang/prometheus"

	"example.com/orders/internal/config"
)

// newMetrics registers the team's metrics the rules may query.
func newMetrics(reg prometheus.Registerer, subsystem string) {
	reg.MustRegister(
		prometheus.NewCounter(prometheus.CounterOpts{Namespace: config.MetricsNamespace, Subsystem: "greetings", Name: "sent_total"}),
		prometheus.NewHistogram(prometheus.HistogramOpts{Namespace: config.MetricsNamespace, Name: "greeting_seconds"}),
		prometheus.NewGauge(prometheus.GaugeOpts{Namespace: "legacy", Name: "queue_depth"}),
		// Not known from the syntax: a query of it is a finding to waive.
		prometheus.NewGauge(prometheus.GaugeOpts{Namespace: config.MetricsNamespace, Subsystem: subsystem, Name: "dynamic"}),
	)
	_ = prometheus.NewDesc(prometheus.BuildFQName(config.MetricsNamespace, "import", "rows_total"), "Rows imported.", nil, nil)
}
