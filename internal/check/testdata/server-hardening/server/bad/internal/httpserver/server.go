package httpserver

import "net/http"

func newServer(h http.Handler) *http.Server {
	return &http.Server{ // want "server-hardening"
		Addr:    ":8080",
		Handler: h,
	}
}
