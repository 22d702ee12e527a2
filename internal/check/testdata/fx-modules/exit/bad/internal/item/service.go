package item

import "os"

func mustLoad(err error) {
	if err != nil {
		os.Exit(1) // want "fx-modules"
	}
}
