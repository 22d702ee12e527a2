package item

import "github.com/gin-gonic/gin"

type Handler struct{}

func (h *Handler) list(c *gin.Context) {}

// RegisterRoutes is the standard place for a resource's routes.
func (h *Handler) RegisterRoutes(r gin.IRouter) {
	g := r.Group("/items")
	g.GET("", h.list)
	g.POST("", h.list)
}

// Unrelated methods named like routes on other values are fine.
func (h *Handler) other(m map[string]int) {
	var req request
	req.GET("x")
}

type request struct{}

func (request) GET(string) {}

// Register is the short form used by the generated resources.
func (h *Handler) Register(r gin.IRouter) {
	r.GET("/items/:id", h.list)
}
