package telemetry

import _ "net/http/pprof" // want "runtime"
