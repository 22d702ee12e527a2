package httpserver

import "github.com/gin-gonic/gin"

type Server struct{ engine *gin.Engine }

func (s *Server) mount() {
	s.engine.Use(nil)
	s.engine.GET("/readyz", nil)
}
