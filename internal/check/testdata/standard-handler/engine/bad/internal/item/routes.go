package item

import "github.com/gin-gonic/gin"

func newRouter() *gin.Engine {
	r := gin.New()
	return r
}
