package e2e

import (
	"bufio"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/release"
)

// TestExtend is the proof that ordinary day-two work needs no edit of a
// managed file: a full service gets, the way its docs/extending.md shows
// and in team-owned files only, an error kind of its own (422), a
// middleware that adds a header and refuses one route without a token
// (401), a readiness check that can fail (the test switches its dependency
// off and on over HTTP), and a metric of its own. The
// service must build and pass its tests; running, it must answer with the
// client-safe messages, log and count the middleware's 401 like any
// request, and follow the readiness check on /readyz. `svcgen check` must
// then exit 0, and an update that re-renders managed files and app.go
// (--remove-feature httpclient) must finish without a conflict. A service
// of the previous release must update to these templates without one too.
func TestExtend(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: builds, tests and runs a generated service (minutes); run without -short")
	}
	svcgen := buildSvcgen(t)
	a := presetAnswers("full")
	pg := postgresFor(t, a)
	dir := generate(t, a)
	gitCommit(t, dir, "generated")
	extend(t, dir, a)
	gitCommit(t, dir, "team extensions")

	run(t, dir, 10*time.Minute, "go", "build", "./...")
	run(t, dir, 5*time.Minute, "go", "vet", "./...")
	tests := run(t, dir, 15*time.Minute, "go", "test", "-count=1", "-v", "./...")
	for _, name := range []string{"TestOutOfStockIsA422", "TestReadyAfterModulesInAnyOrder"} {
		if !strings.Contains(tests, "--- PASS: "+name) {
			t.Errorf("go test ./... did not pass %s", name)
		}
	}
	checkExtensionsServe(t, dir, a, pg)

	run(t, dir, 2*time.Minute, svcgen, "check", dir) // exit 0: no drift, no finding
	out := run(t, dir, 5*time.Minute, svcgen, "update", "--remove-feature", "httpclient", dir)
	requireNoConflict(t, out)
	run(t, dir, 10*time.Minute, "go", "build", "./...")
	gitCommit(t, dir, "without httpclient")
	run(t, dir, 2*time.Minute, svcgen, "check", dir)

	t.Run("previous release", func(t *testing.T) {
		rs, err := release.All()
		if err != nil {
			t.Fatal(err)
		}
		old := generateAt(t, rs[len(rs)-2], a)
		out := run(t, old, 5*time.Minute, svcgen, "update", old)
		requireNoConflict(t, out)
		run(t, old, 10*time.Minute, "go", "build", "./...")
		run(t, old, 5*time.Minute, "go", "vet", "./...")
	})
}

// buildSvcgen builds this svcgen into a temp dir.
func buildSvcgen(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(t.TempDir(), "svcgen")
	run(t, root, 5*time.Minute, "go", "build", "-o", bin, "./cmd/svcgen")
	return bin
}

// requireNoConflict fails on an update report that names a conflict.
func requireNoConflict(t *testing.T, report string) {
	t.Helper()
	if strings.Contains(report, "conflict") || strings.Contains(report, ".svcgen-new") {
		t.Errorf("update left a conflict:\n%s", report)
	}
}

// stockGo is the team's package, written as docs/extending.md shows. Its
// error kind's Error() names an internal address the client must never see.
const stockGo = `// Package stock is the team's own code: an error kind, a middleware, a
// readiness check and a metric, each through httpserver's extension points.
package stock

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"sync/atomic"

	"github.com/gin-gonic/gin"
	"github.com/prometheus/client_golang/prometheus"
	"go.uber.org/fx"

	"MODULE/internal/config"
	"MODULE/internal/httpserver"
)

// Module wires the stock routes, middleware, readiness check and metric.
var Module = fx.Module("stock",
	fx.Provide(
		newHandler,
		NewWarehouse,
		httpserver.AsRoutes(func(h *Handler) *Handler { return h }),
		httpserver.AsRoutes(func(w *Warehouse) *Warehouse { return w }),
		httpserver.AsMiddleware(NewMiddleware),
		httpserver.AsReadinessCheck(newReadiness),
	),
)

// OutOfStockError is answered 422.
type OutOfStockError struct{ SKU string }

func (e *OutOfStockError) Error() string         { return "out of stock: " + e.SKU + " (warehouse 10.1.2.3)" }
func (e *OutOfStockError) HTTPStatus() int       { return http.StatusUnprocessableEntity }
func (e *OutOfStockError) ClientMessage() string { return "not enough stock for this order" }

// tokenError is answered 401.
type tokenError struct{}

func (tokenError) Error() string         { return "no Authorization header" }
func (tokenError) HTTPStatus() int       { return http.StatusUnauthorized }
func (tokenError) ClientMessage() string { return "a bearer token is required" }

// Handler serves the stock routes.
type Handler struct{ reservations prometheus.Counter }

func newHandler(reg prometheus.Registerer) (*Handler, error) {
	h := &Handler{reservations: prometheus.NewCounter(prometheus.CounterOpts{
		Namespace: config.MetricsNamespace, Name: "stock_reservations_total",
		Help: "Stock reservations asked for.",
	})}
	if err := reg.Register(h.reservations); err != nil {
		return nil, fmt.Errorf("register stock metrics: %w", err)
	}
	return h, nil
}

// Register adds the stock routes.
func (h *Handler) Register(r gin.IRouter) {
	r.GET("/v1/stock/:sku", httpserver.Handle(h.get))
	r.POST("/v1/stock/:sku/reserve", httpserver.Handle(h.reserve))
}

func (h *Handler) get(c *gin.Context) error {
	return httpserver.JSON(c, http.StatusOK, map[string]string{"sku": c.Param("sku")})
}

func (h *Handler) reserve(c *gin.Context) error {
	h.reservations.Inc()
	return fmt.Errorf("reserve: %w", &OutOfStockError{SKU: c.Param("sku")})
}

// NewMiddleware marks every response and refuses reservations without a token.
func NewMiddleware() httpserver.Middleware {
	return httpserver.Middleware{Name: "10-stock", Handler: httpserver.Handle(func(c *gin.Context) error {
		c.Header("X-Stock-Team", "seen")
		if c.FullPath() == "/v1/stock/:sku/reserve" && c.GetHeader("Authorization") == "" {
			return tokenError{}
		}
		return nil
	})}
}

// Warehouse stands for a dependency the service needs: the test takes it
// down and up through /v1/warehouse/outage.
type Warehouse struct{ down atomic.Bool }

// NewWarehouse returns a Warehouse that is up.
func NewWarehouse() *Warehouse { return new(Warehouse) }

// Ping fails while the warehouse is down.
func (w *Warehouse) Ping(context.Context) error {
	if w.down.Load() {
		return errors.New("dial warehouse 10.1.2.3: connection refused")
	}
	return nil
}

// Register adds the outage switch.
func (w *Warehouse) Register(r gin.IRouter) {
	r.POST("/v1/warehouse/outage", func(c *gin.Context) { w.down.Store(true); c.Status(http.StatusNoContent) })
	r.DELETE("/v1/warehouse/outage", func(c *gin.Context) { w.down.Store(false); c.Status(http.StatusNoContent) })
}

func newReadiness(w *Warehouse) httpserver.ReadinessCheck {
	return httpserver.ReadinessCheck{Name: "warehouse", Check: w.Ping}
}
`

const stockTestGo = `package stock

import (
	"fmt"
	"net/http"
	"testing"

	"MODULE/internal/httpserver"
)

func TestOutOfStockIsA422(t *testing.T) {
	if got := httpserver.StatusOf(fmt.Errorf("reserve: %w", &OutOfStockError{SKU: "a"})); got != http.StatusUnprocessableEntity {
		t.Fatalf("StatusOf = %d, want 422", got)
	}
}
`

// extend adds the team's package and lists its module in app.go, before
// httpserver.Module (where svcgen add resource puts resources).
func extend(t *testing.T, dir string, a generator.Answers) {
	t.Helper()
	write(t, dir, "internal/stock/stock.go", strings.ReplaceAll(stockGo, "MODULE", a.Module))
	write(t, dir, "internal/stock/stock_test.go", strings.ReplaceAll(stockTestGo, "MODULE", a.Module))
	appGo := filepath.Join(dir, "internal", "app", "app.go")
	b, err := os.ReadFile(appGo)
	if err != nil {
		t.Fatal(err)
	}
	telemetry := "\t\"" + a.Module + "/internal/telemetry\"\n"
	s := strings.Replace(string(b), telemetry, "\t\""+a.Module+"/internal/stock\"\n"+telemetry, 1)
	s = strings.Replace(s, "\thttpserver.Module,\n", "\tstock.Module,\n\thttpserver.Module,\n", 1)
	if s == string(b) || !strings.Contains(s, "stock.Module") || !strings.Contains(s, "internal/stock\"") {
		t.Fatalf("app.go: cannot add stock.Module:\n%s", b)
	}
	write(t, dir, "internal/app/app.go", s)
}

// checkExtensionsServe runs the service and drives the team's extensions.
func checkExtensionsServe(t *testing.T, dir string, a generator.Answers, pg *pgCluster) {
	t.Helper()
	bin, prefix, base, admin, env := buildOnFreePorts(t, dir, a)
	if pg != nil {
		env = append(env, prefix+"_DATABASE_URL="+pg.URL(), prefix+"_DATABASE_MIGRATE=true")
	}
	cmd, logs := startService(t, bin, base, env)
	defer func() { _ = cmd.Process.Kill() }()
	waitStatus(t, base+"/readyz", http.StatusOK, logs)

	reply, body := do(t, http.MethodPost, base+"/v1/stock/sku-1/reserve", "", nil)
	expectReply(t, "reserve without a token", reply.status, body, http.StatusUnauthorized, `{"error":"a bearer token is required"}`)
	reply, body = do(t, http.MethodPost, base+"/v1/stock/sku-1/reserve", "", http.Header{"Authorization": {"Bearer t"}})
	expectReply(t, "reserve", reply.status, body, http.StatusUnprocessableEntity, `{"error":"not enough stock for this order"}`)
	reply, body = do(t, http.MethodGet, base+"/v1/stock/sku-1", "", nil)
	expectReply(t, "get", reply.status, body, http.StatusOK, `{"sku":"sku-1"}`)
	if got := reply.header.Get("X-Stock-Team"); got != "seen" {
		t.Errorf("X-Stock-Team = %q: the team's middleware did not run", got)
	}

	expect(t, http.MethodPost, base+"/v1/warehouse/outage", "", http.StatusNoContent)
	if got := expect(t, http.MethodGet, base+"/readyz", "", http.StatusServiceUnavailable); !strings.Contains(got, `"failed":"warehouse"`) {
		t.Errorf("/readyz = %s, want the failing check named", got)
	}
	expect(t, http.MethodGet, base+"/healthz", "", http.StatusOK)
	expect(t, http.MethodDelete, base+"/v1/warehouse/outage", "", http.StatusNoContent)
	expect(t, http.MethodGet, base+"/readyz", "", http.StatusOK)

	ns := strings.ReplaceAll(a.Name, "-", "_")
	metrics := expect(t, http.MethodGet, admin+"/metrics", "", http.StatusOK)
	for _, want := range []string{
		ns + `_http_requests_total{method="POST",route="/v1/stock/:sku/reserve",status_code="401"} 1`,
		ns + `_http_requests_total{method="POST",route="/v1/stock/:sku/reserve",status_code="422"} 1`,
		ns + `_stock_reservations_total 1`,
	} {
		if !strings.Contains(metrics, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	stopGracefully(t, cmd, logs)
	checkExtensionLogs(t, logs.String())
}

// expectReply checks a status and a JSON body.
func expectReply(t *testing.T, what string, status int, body []byte, wantStatus int, wantBody string) {
	t.Helper()
	var got, want any
	if err := json.Unmarshal(body, &got); err != nil || json.Unmarshal([]byte(wantBody), &want) != nil {
		t.Errorf("%s: body %q is not the JSON %s", what, body, wantBody)
		return
	}
	if status != wantStatus || !jsonEqual(got, want) {
		t.Errorf("%s: %d %s, want %d %s", what, status, body, wantStatus, wantBody)
	}
}

func jsonEqual(a, b any) bool {
	x, _ := json.Marshal(a)
	y, _ := json.Marshal(b)
	return string(x) == string(y)
}

var traceID = regexp.MustCompile(`^[0-9a-f]{32}$`)

// checkExtensionLogs: the middleware's 401 has its access log line with a
// trace id and the whole error; the readiness check's failure was logged
// once with its error.
func checkExtensionLogs(t *testing.T, logs string) {
	t.Helper()
	var refused, failing int
	sc := bufio.NewScanner(strings.NewReader(logs))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		var e map[string]any
		if json.Unmarshal(sc.Bytes(), &e) != nil {
			continue
		}
		switch {
		case e["msg"] == "request" && e["route"] == "/v1/stock/:sku/reserve" && e["status"] == float64(401):
			refused++
			if id, _ := e["trace_id"].(string); !traceID.MatchString(id) {
				t.Errorf("the 401's access log line has no trace_id: %s", sc.Text())
			}
			if e["error"] != "no Authorization header" {
				t.Errorf("the 401's access log line lacks the error: %s", sc.Text())
			}
		case e["msg"] == "readiness check failing" && e["check"] == "warehouse":
			failing++
		}
	}
	if refused != 1 || failing != 1 {
		t.Errorf("logs: %d access log lines of the 401 and %d readiness warnings, want 1 and 1:\n%s", refused, failing, logs)
	}
}
