package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/svcgen/svcgen/add"
	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/update"
)

// addition is one `svcgen add resource` and a valid body for it.
type addition struct {
	name, path, fields, body string
}

var (
	orders   = addition{"order", "/v1/orders", "name:string,quantity:int,due:time,active:bool", `{"name":"widget","quantity":3,"due":"2026-01-02T15:04:05Z","active":true}`}
	invoices = addition{"invoice", "/v2/invoices", "number:string,total:int,paid:bool", `{"number":"INV-7","total":1200,"paid":false}`}
)

// additions per preset: full gets two resources in a row.
var additions = map[string][]addition{
	"minimal":  {orders},
	"standard": {orders},
	"full":     {orders, invoices},
}

// TestAddResource is the end-to-end proof of `svcgen add resource`: every
// preset is generated, gets its resources, and must then build, vet, pass
// its race tests, be tidy, lint clean with its own config, survive every
// fuzz target briefly, check clean, and serve the new routes, which appear
// in /metrics under their route patterns.
func TestAddResource(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: builds and tests generated services (minutes); run without -short")
	}
	lint := tool(t, "golangci-lint")
	for _, preset := range presets {
		t.Run(preset, func(t *testing.T) {
			a := presetAnswers(preset)
			pg := postgresFor(t, a)
			dir := generate(t, a)
			for _, ad := range additions[preset] {
				addResource(t, dir, ad)
			}
			run(t, dir, 10*time.Minute, "go", "build", "./...")
			run(t, dir, 5*time.Minute, "go", "vet", "./...")
			run(t, dir, 5*time.Minute, "go", "mod", "tidy", "-diff")
			run(t, dir, 15*time.Minute, "go", "test", "-race", "-count=1", "./...")
			// Other engineers lint on this machine too: golangci-lint would
			// otherwise refuse to start while another run holds its lock.
			run(t, dir, 10*time.Minute, lint, "run", "--allow-parallel-runners", "--timeout=8m", "./...")
			runFuzzTargets(t, dir)
			checkClean(t, dir)
			checkResourcesServe(t, dir, a, additions[preset], pg)
		})
	}
}

func addResource(t *testing.T, dir string, ad addition) {
	t.Helper()
	fields, err := generator.ParseFields(ad.fields)
	if err != nil {
		t.Fatal(err)
	}
	plan, err := add.Prepare(add.Options{Dir: dir, Resource: generator.Resource{Name: ad.name, Path: ad.path, Fields: fields}})
	if err != nil {
		t.Fatalf("add resource %s: %v", ad.name, err)
	}
	if err := plan.Apply(context.Background(), update.ApplyOptions{}); err != nil {
		t.Fatalf("add resource %s: apply: %v", ad.name, err)
	}
}

// checkClean: svcgen check finds nothing in the service with its resources.
func checkClean(t *testing.T, dir string) {
	t.Helper()
	checkOnlyDrift(t, dir) // no managed file may drift either
}

// checkResourcesServe starts the service and drives every route of each
// added resource, then reads their RED counters from /metrics.
func checkResourcesServe(t *testing.T, dir string, a generator.Answers, ads []addition, pg *pgCluster) {
	t.Helper()
	bin := filepath.Join(dir, "bin", a.Name)
	run(t, dir, 5*time.Minute, "go", "build", "-o", bin, "./cmd/"+a.Name)
	prefix := strings.ToUpper(strings.ReplaceAll(a.Name, "-", "_"))
	httpAddr, adminAddr := freeAddr(t), freeAddr(t)
	cmd := exec.CommandContext(t.Context(), bin)
	cmd.Env = append(os.Environ(), prefix+"_HTTP_ADDR="+httpAddr, prefix+"_ADMIN_ADDR="+adminAddr)
	if pg != nil { // the example resource's store; added resources keep theirs in memory
		cmd.Env = append(cmd.Env, prefix+"_DATABASE_URL="+pg.URL(), prefix+"_DATABASE_MIGRATE=true")
	}
	var logs bytes.Buffer
	cmd.Stdout, cmd.Stderr = &logs, &logs
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() { _ = cmd.Process.Kill() }() // no-op once it has exited
	base, admin := "http://"+httpAddr, "http://"+adminAddr
	waitHealthy(t, base+"/healthz", &logs)

	for _, ad := range ads {
		var created struct{ ID string }
		if err := json.Unmarshal([]byte(expect(t, http.MethodPost, base+ad.path, ad.body, http.StatusCreated)), &created); err != nil || created.ID == "" {
			t.Fatalf("POST %s: no id in the response (%v)", ad.path, err)
		}
		self := base + ad.path + "/" + created.ID
		expect(t, http.MethodGet, self, "", http.StatusOK)
		expect(t, http.MethodGet, base+ad.path+"?limit=10", "", http.StatusOK)
		expect(t, http.MethodPut, self, ad.body, http.StatusOK)
		expect(t, http.MethodPut, self, `{"nope":1}`, http.StatusBadRequest)
		expect(t, http.MethodDelete, self, "", http.StatusNoContent)
		expect(t, http.MethodGet, self, "", http.StatusNotFound)
	}
	metrics := expect(t, http.MethodGet, admin+"/metrics", "", http.StatusOK)
	ns := strings.ReplaceAll(a.Name, "-", "_")
	for _, ad := range ads {
		for _, want := range []string{
			`{method="POST",route="` + ad.path + `",status_code="201"} 1`,
			`{method="GET",route="` + ad.path + `",status_code="200"} 1`,
			`{method="GET",route="` + ad.path + `/:id",status_code="200"} 1`,
			`{method="GET",route="` + ad.path + `/:id",status_code="404"} 1`,
			`{method="PUT",route="` + ad.path + `/:id",status_code="400"} 1`,
			`{method="DELETE",route="` + ad.path + `/:id",status_code="204"} 1`,
		} {
			if !strings.Contains(metrics, ns+"_http_requests_total"+want) {
				t.Errorf("/metrics lacks %s_http_requests_total%s", ns, want)
			}
		}
	}
	stopGracefully(t, cmd, &logs)
}
