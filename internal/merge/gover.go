package merge

import (
	"cmp"
	"strconv"
	"strings"
)

// goVersion is a parsed Go version as the go and toolchain directives write
// it: "1.21" (a language version), "1.21rc1" (a prerelease) or "1.21.3".
type goVersion struct {
	major, minor int
	stage        int // 0 language version, 1 prerelease, 2 release
	kind         string
	pre, patch   int
}

// compareGo compares Go versions like the go command: 1.21 < 1.21rc1 <
// 1.21.0 < 1.21.1 < 1.22. Unparsable versions sort first, by text.
func compareGo(a, b string) int {
	x, okx := parseGo(a)
	y, oky := parseGo(b)
	switch {
	case !okx || !oky:
		if okx != oky {
			if okx {
				return 1
			}
			return -1
		}
		return strings.Compare(a, b)
	}
	return cmp.Or(cmp.Compare(x.major, y.major), cmp.Compare(x.minor, y.minor),
		cmp.Compare(x.stage, y.stage), cmp.Compare(x.kind, y.kind),
		cmp.Compare(x.pre, y.pre), cmp.Compare(x.patch, y.patch))
}

// toolchainVersion turns a toolchain name ("go1.21.3", "go1.22.0-custom")
// into its Go version.
func toolchainVersion(name string) string {
	v := strings.TrimPrefix(name, "go")
	v, _, _ = strings.Cut(v, "-")
	return v
}

// parseGo parses a Go version; ok is false when v is not one.
func parseGo(v string) (goVersion, bool) {
	var g goVersion
	major, rest, _ := strings.Cut(v, ".")
	minor := rest
	i := strings.IndexFunc(rest, func(r rune) bool { return r < '0' || r > '9' })
	if i >= 0 {
		minor, rest = rest[:i], rest[i:]
	} else {
		rest = ""
	}
	var err1, err2 error
	g.major, err1 = strconv.Atoi(major)
	g.minor, err2 = strconv.Atoi(cmp.Or(minor, "0"))
	if err1 != nil || err2 != nil {
		return g, false
	}
	switch {
	case rest == "":
		return g, true
	case strings.HasPrefix(rest, "."):
		n, err := strconv.Atoi(rest[1:])
		g.stage, g.patch = 2, n
		return g, err == nil
	}
	for _, kind := range []string{"alpha", "beta", "rc"} {
		if num, ok := strings.CutPrefix(rest, kind); ok {
			n, err := strconv.Atoi(num)
			g.stage, g.kind, g.pre = 1, kind, n
			return g, err == nil
		}
	}
	return g, false
}
