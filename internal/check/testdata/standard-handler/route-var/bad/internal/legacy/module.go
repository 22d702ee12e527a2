package legacy

import (
	"github.com/gin-gonic/gin"
	"go.uber.org/fx"
)

// Module mounts the legacy endpoints straight on the engine.
var Module = fx.Module("legacy",
	fx.Invoke(func(e *gin.Engine) {
		e.GET("/legacy", func(c *gin.Context) { c.Status(204) }) // want "standard-handler"
	}),
)
