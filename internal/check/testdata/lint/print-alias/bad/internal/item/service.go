package item

import stdlog "log"

func describe(n int) {
	stdlog.Printf("items: %d", n) // want "lint"
}

type logger struct{}

func (logger) Printf(string, ...any) {}

// log here is a local value, not the log package.
func other(log logger) {
	log.Printf("fine")
}
