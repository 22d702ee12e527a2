package item

import g "github.com/gin-gonic/gin"

type server struct {
	router *g.RouterGroup
}

func (s *server) setup() {
	s.router.Handle("GET", "/items", nil) // want "standard-handler"
}
