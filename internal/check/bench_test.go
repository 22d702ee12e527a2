package check

import (
	"os"
	"testing"
)

// BenchmarkCheck measures a whole Analyze run: manifest, every Go file,
// every rule. It checks testdata/report unless SVCGEN_CHECK_DIR names a
// service (with a .svcgen.yaml) to measure instead.
func BenchmarkCheck(b *testing.B) {
	dir := os.Getenv("SVCGEN_CHECK_DIR")
	if dir == "" {
		dir = "testdata/report"
	}
	opts := Options{Now: now}
	for b.Loop() {
		if _, err := Analyze(dir, opts); err != nil {
			b.Fatal(err)
		}
	}
}
