package httpserver

import stdhttp "net/http"

func newAdmin() stdhttp.Server {
	return stdhttp.Server{Addr: ":9090"} // want "server-hardening"
}

// A local type named Server is not net/http's.
type Server struct{ Addr string }

var _ = Server{Addr: "x"}
