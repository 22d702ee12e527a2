package httpserver

import "github.com/gin-gonic/gin"

func newEngine() *gin.Engine {
	return gin.Default() // want "server-hardening"
}
