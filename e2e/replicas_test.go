package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// visibilityBound is how long a write acknowledged by one replica may take
// to be seen by reads on another: the bound the generated service documents
// for its cache (README, svcgen explain sharded-cache). The measured figures
// are in docs/benchmarks.md; this is the promise, not the typical time.
const visibilityBound = time.Second

// TestReplicas is the production review's scenario as a test: a full
// service with a resource added, two replicas of it on one PostgreSQL.
//   - A sequential read-modify-write client through a round-robin over both
//     replicas, with If-Match, and two such clients concurrently: every
//     acknowledged increment is in the database.
//   - A stale If-Match gets 412 on PUT and DELETE and changes nothing.
//   - A PUT and a DELETE on one replica are seen at once by that replica and
//     within visibilityBound by the other, whose cache held the old record.
func TestReplicas(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end: builds and runs a generated service twice on one database (minutes); run without -short")
	}
	a := presetAnswers("full")
	pg := postgresFor(t, a)
	dir := generate(t, a)
	addResource(t, dir, orders)
	bin := filepath.Join(dir, "bin", a.Name)
	run(t, dir, 10*time.Minute, "go", "build", "-o", bin, "./cmd/"+a.Name)
	prefix := envPrefix(a)
	db := []string{prefix + "_DATABASE_URL=" + pg.URL(), prefix + "_DATABASE_MIGRATE=true"}
	var bases []string
	for range 2 {
		httpAddr, adminAddr := freeAddr(t), freeAddr(t)
		base := "http://" + httpAddr
		cmd, logs := startService(t, bin, base, append([]string{prefix + "_HTTP_ADDR=" + httpAddr, prefix + "_ADMIN_ADDR=" + adminAddr}, db...))
		// Not t.Cleanup: t.Context, which the process runs under, is
		// cancelled (the process killed) before cleanups run.
		defer func() { _ = cmd.Process.Kill() }() // runs last: after a failure; no-op once stopped
		defer stopGracefully(t, cmd, logs)
		waitStatus(t, base+"/readyz", http.StatusOK, logs)
		// Until its cache listener is up a replica reads every record from
		// the database, and the test would pass without testing the cache.
		waitMetric(t, "http://"+adminAddr+"/metrics", strings.ReplaceAll(a.Name, "-", "_")+"_cache_listener_up 1", logs)
		bases = append(bases, base)
	}
	rr := &roundRobin{bases: bases}

	t.Run("sequential", func(t *testing.T) {
		id, q := createOrder(t, bases[0])
		acked := incrementN(t, rr, id, 20)
		requireQuantity(t, pg, id, q+acked)
	})
	t.Run("concurrent", func(t *testing.T) {
		id, q := createOrder(t, bases[0])
		var acked atomic.Int64
		var wg sync.WaitGroup
		for range 2 {
			wg.Go(func() { acked.Add(int64(incrementN(t, rr, id, 100))) })
		}
		wg.Wait()
		requireQuantity(t, pg, id, q+int(acked.Load()))
	})
	t.Run("stale-if-match", func(t *testing.T) {
		id, _ := createOrder(t, bases[0])
		_, tag := getOrder(t, bases[0], id)
		putOrder(t, bases[1], id, 5, tag, http.StatusOK)
		putOrder(t, bases[0], id, 6, tag, http.StatusPreconditionFailed)
		deleteOrder(t, bases[0], id, tag, http.StatusPreconditionFailed)
		requireQuantity(t, pg, id, 5)
	})
	t.Run("visibility", func(t *testing.T) {
		var puts, deletes []time.Duration
		for range 20 {
			id, _ := createOrder(t, bases[0])
			_, tag := getOrder(t, bases[1], id) // B's cache now holds the record
			tag = putOrder(t, bases[0], id, 42, tag, http.StatusOK)
			start := time.Now()
			if o, _ := getOrder(t, bases[0], id); o.Quantity != 42 {
				t.Fatalf("the writing replica served quantity %d right after its own PUT of 42", o.Quantity)
			}
			puts = append(puts, waitFor(t, bases[1], id, start, func(status int, o order) bool { return status == http.StatusOK && o.Quantity == 42 }))
			deleteOrder(t, bases[0], id, tag, http.StatusNoContent)
			start = time.Now()
			if status, _ := fetchOrder(t, bases[0], id); status != http.StatusNotFound {
				t.Fatalf("the writing replica answered %d right after its own DELETE", status)
			}
			deletes = append(deletes, waitFor(t, bases[1], id, start, func(status int, _ order) bool { return status == http.StatusNotFound }))
		}
		t.Logf("PUT seen by the other replica after: %s", summary(puts))
		t.Logf("DELETE seen by the other replica after: %s", summary(deletes))
	})
}

// waitMetric polls a /metrics page until it has the line want, for up to 30s.
func waitMetric(t *testing.T, url, want string, logs interface{ String() string }) {
	t.Helper()
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		resp, body := do(t, http.MethodGet, url, "", nil)
		if resp.status == http.StatusOK && strings.Contains("\n"+string(body), "\n"+want+"\n") {
			return
		}
	}
	t.Fatalf("%s has no line %q within 30s; logs:\n%s", url, want, logs.String())
}

// order is the part of the added resource the test reads and writes.
type order struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Quantity int    `json:"quantity"`
	Due      string `json:"due"`
	Active   bool   `json:"active"`
}

type roundRobin struct {
	bases []string
	next  atomic.Uint64
}

func (r *roundRobin) base() string {
	return r.bases[(r.next.Add(1)-1)%uint64(len(r.bases))]
}

// incrementN does n read-modify-write increments of the order's quantity,
// each GET and PUT through the next replica, retrying from the GET when the
// PUT's If-Match is stale (412). It returns the increments acknowledged.
func incrementN(t *testing.T, rr *roundRobin, id string, n int) int {
	acked := 0
	for acked < n {
		o, tag, err := readOrder(t, rr.base(), id)
		if err != nil {
			t.Error(err)
			return acked
		}
		status, _ := put(t, rr.base(), id, o.Quantity+1, tag)
		switch status {
		case http.StatusOK:
			acked++
		case http.StatusPreconditionFailed: // another writer won: read again
		default:
			t.Errorf("PUT %s: status %d", id, status)
			return acked
		}
	}
	return acked
}

// createOrder POSTs a new order and returns its id and quantity.
func createOrder(t *testing.T, base string) (string, int) {
	t.Helper()
	var o order
	if err := json.Unmarshal([]byte(expect(t, http.MethodPost, base+orders.path, orders.body, http.StatusCreated)), &o); err != nil || o.ID == "" {
		t.Fatalf("POST %s: no id in the response (%v)", orders.path, err)
	}
	return o.ID, o.Quantity
}

func getOrder(t *testing.T, base, id string) (order, string) {
	t.Helper()
	o, tag, err := readOrder(t, base, id)
	if err != nil {
		t.Fatal(err)
	}
	return o, tag
}

// readOrder GETs the order and its ETag. It reports a missing ETag with
// t.Errorf, not as an error: the read-modify-write clients then go on
// without If-Match, so a run against templates without ETags shows what
// the clients would lose.
func readOrder(t *testing.T, base, id string) (order, string, error) {
	t.Helper()
	resp, body := do(t, http.MethodGet, base+orders.path+"/"+id, "", nil)
	if resp.status != http.StatusOK {
		return order{}, "", fmt.Errorf("GET %s: status %d: %s", id, resp.status, body)
	}
	tag := resp.header.Get("ETag")
	if tag == "" {
		t.Errorf("GET %s: no ETag", id)
	}
	var o order
	if err := json.Unmarshal(body, &o); err != nil {
		return order{}, "", fmt.Errorf("GET %s: %w", id, err)
	}
	return o, tag, nil
}

// fetchOrder is a GET that returns whatever status it gets.
func fetchOrder(t *testing.T, base, id string) (int, order) {
	t.Helper()
	resp, body := do(t, http.MethodGet, base+orders.path+"/"+id, "", nil)
	var o order
	if resp.status == http.StatusOK {
		if err := json.Unmarshal(body, &o); err != nil {
			t.Fatalf("GET %s: %v", id, err)
		}
	}
	return resp.status, o
}

// put replaces the order with quantity q under If-Match tag and returns
// the status and the new ETag.
func put(t *testing.T, base, id string, q int, tag string) (int, string) {
	t.Helper()
	body := `{"name":"widget","quantity":` + strconv.Itoa(q) + `,"due":"2026-01-02T15:04:05Z","active":true}`
	resp, b := do(t, http.MethodPut, base+orders.path+"/"+id, body, ifMatch(tag))
	if resp.status == http.StatusOK && resp.header.Get("ETag") == "" {
		t.Errorf("PUT %s: 200 without an ETag: %s", id, b)
	}
	return resp.status, resp.header.Get("ETag")
}

func putOrder(t *testing.T, base, id string, q int, tag string, want int) string {
	t.Helper()
	status, newTag := put(t, base, id, q, tag)
	if status != want {
		t.Fatalf("PUT %s quantity %d If-Match %s: status %d, want %d", id, q, tag, status, want)
	}
	return newTag
}

func deleteOrder(t *testing.T, base, id, tag string, want int) {
	t.Helper()
	resp, b := do(t, http.MethodDelete, base+orders.path+"/"+id, "", ifMatch(tag))
	if resp.status != want {
		t.Fatalf("DELETE %s If-Match %s: status %d, want %d: %s", id, tag, resp.status, want, b)
	}
}

// waitFor polls GET id on base until ok holds and returns how long after
// start it first did; it fails the test when that takes more than
// visibilityBound (polled every 5 ms, for up to 10 bounds, so the report
// says how late it was).
func waitFor(t *testing.T, base, id string, start time.Time, ok func(int, order) bool) time.Duration {
	t.Helper()
	for {
		status, o := fetchOrder(t, base, id)
		took := time.Since(start)
		if ok(status, o) {
			if took > visibilityBound {
				t.Errorf("the other replica saw the write of %s after %s, more than the documented %s", id, took, visibilityBound)
			}
			return took
		}
		if took > 10*visibilityBound {
			t.Fatalf("the other replica still served the old %s (status %d, %+v) %s after the write", id, status, o, took)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// ifMatch is the If-Match header for tag, none for "".
func ifMatch(tag string) http.Header {
	if tag == "" {
		return nil
	}
	return http.Header{"If-Match": {tag}}
}

// reply is what do read of a response.
type reply struct {
	status int
	header http.Header
}

// do sends one request and reads the whole response.
func do(t *testing.T, method, url, body string, h http.Header) (reply, []byte) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range h {
		req.Header[k] = v
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, url, err)
	}
	defer func() { _ = resp.Body.Close() }()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("%s %s: read body: %v", method, url, err)
	}
	return reply{resp.StatusCode, resp.Header}, b
}

// requireQuantity: the order's quantity in the database is want.
func requireQuantity(t *testing.T, pg *pgCluster, id string, want int) {
	t.Helper()
	got := pg.query(t, `SELECT quantity FROM orders WHERE id = '`+id+`'`)
	if got != strconv.Itoa(want) {
		t.Errorf("quantity of %s in the database = %q, want %d (the created quantity plus the acknowledged increments)", id, got, want)
	}
}

// query runs one SQL statement through psql and returns its unaligned output.
func (c *pgCluster) query(t *testing.T, sql string) string {
	t.Helper()
	out, err := exec.CommandContext(t.Context(), filepath.Join(c.bin, "psql"), "-X", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-d", c.URL(), "-c", sql).Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("psql: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("psql: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// summary is the median, p90 and max of ds.
func summary(ds []time.Duration) string {
	s := slices.Clone(ds)
	slices.Sort(s)
	at := func(q float64) time.Duration { return s[min(len(s)-1, int(q*float64(len(s))))] }
	return fmt.Sprintf("n=%d median %s p90 %s max %s", len(s), at(0.5), at(0.9), s[len(s)-1])
}
