package item

import (
	prom "github.com/prometheus/client_golang/prometheus"
	pa "github.com/prometheus/client_golang/prometheus/promauto"
)

var created = pa.NewCounterVec(prom.CounterOpts{Name: "items_created_total"}, []string{"kind"}) // want "standard-handler"
