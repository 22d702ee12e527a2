package check

import "testing"

// TestMainPrinting pins what rule lint does in main packages (issue 20,
// item 16). fmt.Print* is reported in
// main too, as the generated forbidigo does, and a //nolint:forbidigo
// does not waive it for check (waivers live in .svcgen.yaml); main writes
// its version or progress with fmt.Fprint*(os.Stdout/os.Stderr, ...), which
// neither forbidigo nor check reports.
func TestMainPrinting(t *testing.T) {
	dir := serviceWith(t, map[string]string{"cmd/seed/main.go": `package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Println("seeding") //nolint:forbidigo // a CLI prints its progress
	fmt.Fprintln(os.Stdout, "v1.2.3")
	fmt.Fprintln(os.Stderr, "done")
}
`})
	r := analyze(t, dir, Options{})
	if got := brief(r.Findings); got != "lint cmd/seed/main.go:9\n" {
		t.Errorf("findings:\n%s", got)
	}
}
