package check

import "testing"

// TestMainPrinting: rule lint does what docs/conventions/lint.md says of
// main packages, and what golangci-lint's forbidigo does (issue 20, item
// 16): main may print on a line whose //nolint:forbidigo gives a reason (a
// CLI printing its version, a seed command printing progress); a bare
// //nolint:forbidigo, or one outside main, does not count; fmt.Fprint* to
// os.Stdout or os.Stderr is fine in main.
func TestMainPrinting(t *testing.T) {
	dir := serviceWith(t, map[string]string{
		"cmd/seed/main.go": `package main

import (
	"fmt"
	"os"
)

func main() {
	fmt.Println("seeding") //nolint:forbidigo // a seed command prints its progress for the operator
	fmt.Println("v1.2.3") //nolint:forbidigo
	fmt.Printf("%d rows\n", 3) //nolint:errcheck,forbidigo // progress, as above
	fmt.Fprintln(os.Stdout, "v1.2.3")
	fmt.Fprintln(os.Stderr, "done")
}
`,
		"internal/item/print.go": `package item

import "fmt"

func hello() {
	fmt.Println("hello") //nolint:forbidigo // not in main: does not count
}
`})
	r := analyze(t, dir, Options{})
	want := "lint cmd/seed/main.go:10\nlint internal/item/print.go:6\n"
	if got := brief(r.Findings); got != want {
		t.Errorf("findings:\n%swant:\n%s", got, want)
	}
}
