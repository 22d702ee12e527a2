package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/add"
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
// in /metrics under their route patterns. On full (postgres) the resources'
// Postgres tests must run, not skip, and their records survive a restart.
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
			tests := run(t, dir, 15*time.Minute, "go", "test", "-race", "-count=1", "-v", "./...")
			if pg != nil {
				requireNoSkips(t, tests) // with a database nothing skips
				for _, ad := range additions[preset] {
					checkPostgresTestsRun(t, dir, ad)
				}
			}
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
	if err := plan.Apply(context.Background()); err != nil {
		t.Fatalf("add resource %s: apply: %v", ad.name, err)
	}
}

// checkClean: svcgen check finds nothing in the service with its resources.
func checkClean(t *testing.T, dir string) {
	t.Helper()
	checkOnlyDrift(t, dir) // no managed file may drift either
}

// checkResourcesServe starts the service and drives every route of each
// added resource, then reads their RED counters from /metrics. With a
// database (pg) the migrate subcommand first applies every migration in
// order, and records written before a restart are read back after it.
func checkResourcesServe(t *testing.T, dir string, a generator.Answers, ads []addition, pg *pgCluster) {
	t.Helper()
	bin := filepath.Join(dir, "bin", a.Name)
	run(t, dir, 5*time.Minute, "go", "build", "-o", bin, "./cmd/"+a.Name)
	prefix := strings.ToUpper(strings.ReplaceAll(a.Name, "-", "_"))
	httpAddr, adminAddr := freeAddr(t), freeAddr(t)
	env := []string{prefix + "_HTTP_ADDR=" + httpAddr, prefix + "_ADMIN_ADDR=" + adminAddr}
	if pg != nil { // every resource's store: the example's and the added ones
		env = append(env, prefix+"_DATABASE_URL="+pg.URL())
		checkMigrationsInOrder(t, bin, env, len(ads))
		env = append(env, prefix+"_DATABASE_MIGRATE=true")
	}
	base, admin := "http://"+httpAddr, "http://"+adminAddr
	cmd, logs := startService(t, bin, base, env)
	defer func() { _ = cmd.Process.Kill() }() // no-op once it has exited

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
	if pg == nil {
		stopGracefully(t, cmd, logs)
		return
	}
	// The records are in the database: a new process reads them back.
	kept := map[string]string{}
	for _, ad := range ads {
		var created struct{ ID string }
		if err := json.Unmarshal([]byte(expect(t, http.MethodPost, base+ad.path, ad.body, http.StatusCreated)), &created); err != nil || created.ID == "" {
			t.Fatalf("POST %s: no id in the response (%v)", ad.path, err)
		}
		self := base + ad.path + "/" + created.ID
		kept[self] = expect(t, http.MethodPut, self, ad.body, http.StatusOK)
	}
	stopGracefully(t, cmd, logs)
	cmd, logs = startService(t, bin, base, env)
	defer func() { _ = cmd.Process.Kill() }()
	for self, want := range kept {
		if got := expect(t, http.MethodGet, self, "", http.StatusOK); got != want {
			t.Errorf("after a restart GET %s = %s, want the PUT's record %s", self, got, want)
		}
	}
	stopGracefully(t, cmd, logs)
}

// checkMigrationsInOrder: the migrate subcommand applies the example's
// migration and one per added resource, in version order (1, 2, ...),
// then the templates' later migrations (1001, 1002, ...).
func checkMigrationsInOrder(t *testing.T, bin string, env []string, added int) {
	t.Helper()
	versions := []string{"1"}
	for v := 2; v <= added+1; v++ {
		versions = append(versions, strconv.Itoa(v))
	}
	versions = append(versions, "1001", "1002")
	want := `"applied":[` + strings.Join(versions, ",") + `]`
	migrate := exec.CommandContext(t.Context(), bin, "migrate")
	migrate.Env = append(os.Environ(), env...)
	if out, err := migrate.CombinedOutput(); err != nil || !strings.Contains(string(out), want) {
		t.Fatalf("migrate: %v, want %s:\n%s", err, want, out)
	}
}

// checkPostgresTestsRun: the resource's Postgres tests ran against the
// test database and passed, none skipped: each by name, in its package.
func checkPostgresTestsRun(t *testing.T, dir string, ad addition) {
	t.Helper()
	out := run(t, dir, 5*time.Minute, "go", "test", "-count=1", "-v", "-run", "Postgres", "./internal/"+ad.name+"/")
	names := []string{"TestPostgresStore", "TestPostgresStoreHonoursContext", "TestPostgresStoreConflict", "TestPostgresStoreListsLikeMemory",
		"TestPostgresPreconditions", "TestPostgresRowsBeforeVersions", "FuzzPostgresRoundTrip"}
	requireNoSkips(t, out, names...)
	if n := strings.Count(out, "\n--- PASS: "); n != len(names) {
		t.Errorf("internal/%s: %d Postgres tests passed, want %d:\n%s", ad.name, n, len(names), out)
	}
}
