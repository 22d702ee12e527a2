package main

import (
	"fmt"
	"os"
)

// main may write to stderr before the logger exists; fmt.Print* and
// log.Print* are forbidden here too, as in the generated .golangci.yml.
func main() {
	fmt.Fprintln(os.Stderr, "starting")
}
