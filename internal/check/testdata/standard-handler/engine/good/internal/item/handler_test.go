package item

import (
	"testing"

	"github.com/gin-gonic/gin"
)

func TestList(t *testing.T) {
	r := gin.New()
	r.GET("/items", nil)
}
