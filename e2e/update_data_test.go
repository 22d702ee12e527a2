package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/svcgen/svcgen/internal/release"
	"github.com/svcgen/svcgen/internal/update"
)

// TestUpdateKeepsData is the database side of an update: a full service
// generated with the previous template release runs on PostgreSQL and
// stores items; `svcgen update` brings it to the current templates; the
// updated binary migrates the same database on start. The items written
// before are served unchanged, with an ETag, and the optimistic
// concurrency of the current templates applies to them (a stale If-Match
// gets 412). Docs: docs/update.md.
func TestUpdateKeepsData(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: builds a service twice and runs it on PostgreSQL (minutes); run without -short")
	}
	rs, err := release.All()
	if err != nil {
		t.Fatal(err)
	}
	previous := rs[len(rs)-2]
	a := presetAnswers("full")
	pg := postgresFor(t, a)
	dir := generateAt(t, previous, a)

	bin := filepath.Join(t.TempDir(), a.Name)
	prefix := envPrefix(a)
	httpAddr, adminAddr := freeAddr(t), freeAddr(t)
	base := "http://" + httpAddr
	env := []string{prefix + "_HTTP_ADDR=" + httpAddr, prefix + "_ADMIN_ADDR=" + adminAddr,
		prefix + "_DATABASE_URL=" + pg.URL(), prefix + "_DATABASE_MIGRATE=true"}
	run(t, dir, 10*time.Minute, "go", "build", "-o", bin, "./cmd/"+a.Name)
	cmd, logs := startService(t, bin, base, env)
	written := map[string]string{}
	for _, id := range []string{"before-1", "before-2"} {
		written[id] = expect(t, http.MethodPut, base+"/v1/items/"+id, `{"name":"widget","quantity":7}`, http.StatusOK)
	}
	stopGracefully(t, cmd, logs)

	plan, err := update.Prepare(update.Options{Dir: dir})
	if err != nil {
		t.Fatalf("update: %v", err)
	}
	if err := plan.Apply(context.Background()); err != nil {
		t.Fatalf("apply: %v", err)
	}
	for _, c := range plan.Conflicts() {
		t.Errorf("conflict %s: %s", c.Path, c.Reason)
	}
	t.Logf("%s → %s: %d files changed", plan.From, plan.To, len(plan.Changes()))
	run(t, dir, 10*time.Minute, "go", "build", "-o", bin, "./cmd/"+a.Name)
	migrate := exec.CommandContext(t.Context(), bin, "migrate")
	migrate.Env = append(os.Environ(), env...)
	if out, err := migrate.CombinedOutput(); err != nil {
		t.Fatalf("migrate after the update: %v\n%s", err, out)
	}
	cmd, logs = startService(t, bin, base, env)
	defer func() { _ = cmd.Process.Kill() }() // no-op once it has exited

	for id, before := range written {
		resp, body := do(t, http.MethodGet, base+"/v1/items/"+id, "", nil)
		if resp.status != http.StatusOK || !sameJSON(t, body, before) {
			t.Errorf("GET %s after the update: %d %s, want 200 %s", id, resp.status, body, before)
			continue
		}
		tag := resp.header.Get("ETag")
		if tag == "" {
			t.Errorf("GET %s after the update: no ETag", id)
			continue
		}
		resp, body = do(t, http.MethodPut, base+"/v1/items/"+id, `{"name":"widget","quantity":8}`, ifMatch(tag))
		if resp.status != http.StatusOK {
			t.Errorf("PUT %s If-Match %s after the update: %d %s, want 200", id, tag, resp.status, body)
		}
		resp, body = do(t, http.MethodPut, base+"/v1/items/"+id, `{"name":"widget","quantity":9}`, ifMatch(tag))
		if resp.status != http.StatusPreconditionFailed {
			t.Errorf("PUT %s with the stale If-Match %s: %d %s, want 412", id, tag, resp.status, body)
		}
	}
	stopGracefully(t, cmd, logs)
}

// sameJSON: a and b hold the same JSON value (key order aside).
func sameJSON(t *testing.T, a []byte, b string) bool {
	t.Helper()
	var x, y any
	if json.Unmarshal(a, &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	xs, _ := json.Marshal(x)
	ys, _ := json.Marshal(y)
	return string(xs) == string(ys)
}
