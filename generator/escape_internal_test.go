package generator

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

var hostile = []string{
	"plain",
	"quote \" and 'single' and `back`",
	"{{.Name}} {{ end }} */ /* -->",
	"line one\nline two\r\nthree\ttab",
	"ünïcødé «» 日本語 \u2028 \u2029 \ufeff \u0085 \x00 \x1b[31m",
	"\\ trailing backslash \\",
	"# not a comment: [x](y) <b>|</b> $(rm) ${X}",
}

func TestYAMLStringRoundTrips(t *testing.T) {
	for _, s := range hostile {
		var got struct{ V string }
		require.NoError(t, yaml.Unmarshal([]byte("v: "+yamlString(s)+"\n"), &got), "input %q", s)
		assert.Equal(t, s, got.V)
	}
}

func TestOneLineHasNoLineBreaks(t *testing.T) {
	for _, s := range hostile {
		out := oneLine(s)
		assert.NotContains(t, out, "\n")
		assert.NotContains(t, out, "\r")
		assert.NotContains(t, out, "\u2028")
		assert.Equal(t, strings.TrimSpace(out), out)
	}
	assert.Equal(t, "line one line two three tab", oneLine("line one\nline two\r\nthree\ttab"))
}

func TestMDTextEscapesSyntax(t *testing.T) {
	assert.Equal(t, "\\`code\\` \\*bold\\* \\[a\\]\\(b\\) \\<b\\>", mdText("`code` *bold* [a](b) <b>"))
}

func TestActionRefPinsToSHA(t *testing.T) {
	ref, err := actionRef("actions/checkout")
	require.NoError(t, err)
	assert.Regexp(t, `^actions/checkout@[0-9a-f]{40} # v\d+\.\d+\.\d+$`, ref)
	_, err = actionRef("evil/action")
	assert.ErrorContains(t, err, "not pinned")
}
