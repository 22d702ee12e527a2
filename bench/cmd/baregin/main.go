// Command baregin is the baseline for the load test in docs/benchmarks.md:
// a gin.Default() server (Logger and Recovery middleware, nothing else)
// serving the same example route as a generated service, so `wrk` numbers
// for the two can be compared in one session.
//
//	go run ./cmd/baregin -addr 127.0.0.1:18081
package main

import (
	"flag"
	"net/http"
	"os"
	"sync"
	"time"

	"github.com/gin-gonic/gin"
)

type item struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Quantity int    `json:"quantity"`
}

func main() {
	addr := flag.String("addr", "127.0.0.1:18081", "listen address")
	flag.Parse()
	gin.SetMode(gin.ReleaseMode)
	r := gin.Default()
	var mu sync.RWMutex
	items := map[string]item{}
	r.PUT("/v1/items/:id", func(c *gin.Context) {
		var in item
		if err := c.ShouldBindJSON(&in); err != nil {
			c.JSON(http.StatusBadRequest, gin.H{"error": err.Error()})
			return
		}
		in.ID = c.Param("id")
		mu.Lock()
		items[in.ID] = in
		mu.Unlock()
		c.JSON(http.StatusOK, in)
	})
	r.GET("/v1/items/:id", func(c *gin.Context) {
		mu.RLock()
		it, ok := items[c.Param("id")]
		mu.RUnlock()
		if !ok {
			c.JSON(http.StatusNotFound, gin.H{"error": "not found"})
			return
		}
		c.JSON(http.StatusOK, it)
	})
	srv := &http.Server{Addr: *addr, Handler: r, ReadHeaderTimeout: 5 * time.Second}
	if err := srv.ListenAndServe(); err != nil {
		os.Stderr.WriteString(err.Error() + "\n")
		os.Exit(1)
	}
}
