package item

import "github.com/gin-gonic/gin"

func newRouter() *gin.Engine {
	r := gin.New() // want "standard-handler"
	return r
}
