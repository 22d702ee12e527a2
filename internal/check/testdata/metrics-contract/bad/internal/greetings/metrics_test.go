package greetings

import "github.com/prometheus/client_golang/prometheus"

// A test's metric is not the service's.
var testOnly = prometheus.CounterOpts{Name: "orders_test_only_total"}
