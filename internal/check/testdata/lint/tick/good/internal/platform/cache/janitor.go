package cache

import (
	"context"
	"time"
)

func (c *Cache) janitor(ctx context.Context) {
	t := time.NewTicker(time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			c.cleanup()
		}
	}
}
