package add

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestAddEndpointRow(t *testing.T) {
	tests := []struct {
		name, in, want string
		ok             bool
	}{
		{"before the admin row",
			"x\n\n| Endpoint | Listener | Purpose |\n|---|---|---|\n| `GET /healthz` | public | liveness |\n| `GET /metrics` | admin | m |\n\nafter\n",
			"x\n\n| Endpoint | Listener | Purpose |\n|---|---|---|\n| `GET /healthz` | public | liveness |\nROW\n| `GET /metrics` | admin | m |\n\nafter\n", true},
		{"at the end without admin rows",
			"| Endpoint | Listener |\n|---|---|\n| a | public |\n\n## Next\n",
			"| Endpoint | Listener |\n|---|---|\n| a | public |\nROW\n\n## Next\n", true},
		{"crlf stays crlf",
			"| Endpoint |\r\n|---|\r\n| a |\r\n",
			"| Endpoint |\r\n|---|\r\n| a |\r\nROW\r\n", true},
		{"no table", "# README\n\nno table here\n", "", false},
		{"header without a table", "| Endpoint |\n\ntext\n", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := addEndpointRow([]byte(tt.in), "ROW")
			assert.Equal(t, tt.ok, ok)
			if tt.ok {
				assert.Equal(t, tt.want, string(got))
			}
		})
	}
}

func TestScanRoutes(t *testing.T) {
	src := []byte("package x\n\nconst Path = \"/v1/orders\"\n\nfunc f() { g(\"/:id\"); h(`/debug/pprof/`); s(\"not a route\"); u(\"/a b\") }\n")
	assert.Equal(t, []string{"/v1/orders", "/:id", "/debug/pprof"}, scanRoutes(src))
}
