package item

import "github.com/prometheus/client_golang/prometheus"

// register is the global registry's MustRegister under another name.
var register = prometheus.MustRegister // want "standard-handler"

func init() { register(prometheus.NewCounter(prometheus.CounterOpts{Name: "x_total"})) }
