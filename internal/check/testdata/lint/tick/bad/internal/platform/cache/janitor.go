package cache

import "time"

func (c *Cache) janitor() {
	for range time.Tick(time.Minute) { // want "lint"
		c.cleanup()
	}
}
