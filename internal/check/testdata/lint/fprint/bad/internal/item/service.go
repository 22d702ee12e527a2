package item

import (
	"fmt"
	"os"
)

func debug(id string) {
	fmt.Fprintf(os.Stdout, "item %s\n", id) // want "lint"
}
