package httpserver

import "net/http/pprof"

var _ = pprof.Index
