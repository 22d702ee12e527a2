package item

import "github.com/gin-gonic/gin"

func mount(e *gin.Engine, h gin.HandlerFunc) {
	get := e.GET // want `standard-handler: route method value \.GET`
	get("/items", h)
}
