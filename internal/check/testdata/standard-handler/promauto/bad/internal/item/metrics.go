package item

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

var created = promauto.NewCounter(prometheus.CounterOpts{Name: "items_created_total"}) // want "standard-handler"
