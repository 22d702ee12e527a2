package telemetry

import _ "net/http/pprof"
