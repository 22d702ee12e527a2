package httpserver

import "net/http"

func newServer(h http.Handler) *http.Server {
	return &http.Server{
		Addr:    ":8080",
		Handler: h,
	}
}
