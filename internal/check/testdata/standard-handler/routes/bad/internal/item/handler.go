package item

import "github.com/gin-gonic/gin"

type Handler struct{}

func (h *Handler) list(c *gin.Context) {}

// Mount registers outside a RegisterRoutes function.
func (h *Handler) Mount(r *gin.Engine) {
	r.GET("/items", h.list) // want "standard-handler"
}
