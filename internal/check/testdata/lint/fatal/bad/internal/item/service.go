package item

import "log"

func mustLoad(err error) {
	if err != nil {
		log.Fatalf("load: %v", err) // want "lint"
	}
}
