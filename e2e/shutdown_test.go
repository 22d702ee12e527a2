package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"
)

// Load during the SIGTERM check: loadClients PUT distinct keys one after
// another; SIGTERM goes out once loadBeforeTerm writes are acknowledged.
// The service is started with loadShutdownDelay, so the load keeps being
// served after the signal (readiness 503, responses with Connection: close)
// before the listeners close and the drain begins.
const (
	loadClients       = 8
	loadBeforeTerm    = 100
	loadShutdownDelay = "300ms"
)

// putResult is what one client saw for one PUT.
type putResult struct {
	key       string
	quantity  int
	status    int       // 0: the request failed before a response
	err       error     // transport error, when status is 0
	body      string    // for a status that is not 2xx
	respondAt time.Time // when the response (or the error) came
}

// checkSIGTERMUnderLoad sends SIGTERM to the running service (started with
// loadShutdownDelay) while loadClients clients PUT distinct keys, and
// after the process has exited reads every acknowledged key back from the
// database: a 2xx is a promise the write is stored. Every response must
// be a 2xx; a request the closing server did not take fails to connect,
// never with a 5xx from a pool closed under the drain. Some writes must be
// acknowledged after the signal, or the check proved nothing.
func checkSIGTERMUnderLoad(t *testing.T, cmd *exec.Cmd, base string, logs *bytes.Buffer, pg *pgCluster) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	results := make(chan putResult, 1<<16)
	var acks atomic.Int64
	enough := make(chan struct{})
	var clients sync.WaitGroup
	for i := range loadClients {
		clients.Go(func() {
			putUntilRefused(ctx, base, i, func(r putResult) {
				results <- r
				if r.status/100 == 2 && acks.Add(1) == loadBeforeTerm {
					close(enough)
				}
			})
		})
	}
	select {
	case <-enough:
	case <-ctx.Done():
		t.Fatalf("fewer than %d PUTs acknowledged within 30s; logs:\n%s", loadBeforeTerm, logs.String())
	}
	termAt := time.Now()
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	clients.Wait()
	close(results)
	select {
	case err := <-exited:
		if err != nil {
			t.Errorf("service exit after SIGTERM under load: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatalf("service did not stop within 30s of SIGTERM under load\n%s", logs.String())
	}
	want, after := judgeLoad(t, results, termAt)
	if after == 0 {
		t.Errorf("no PUT was acknowledged after SIGTERM: the load did not overlap the shutdown")
	}
	got := pg.items(t, "load-%")
	lost := 0
	for key, q := range want {
		if got[key] != strconv.Itoa(q) {
			if lost++; lost <= 5 {
				t.Errorf("acknowledged PUT %s (quantity %d) is not in the database after SIGTERM (found %q)", key, q, got[key])
			}
		}
	}
	t.Logf("SIGTERM under load: %d PUTs acknowledged (%d after the signal), %d lost", len(want), after, lost)
	if lost > 0 || t.Failed() {
		t.Logf("service logs (tail):\n%s", tail(logs.String(), 40))
	}
}

// judgeLoad fails on every response that is not a 2xx and returns the
// acknowledged writes (key to quantity) and how many came after termAt.
func judgeLoad(t *testing.T, results <-chan putResult, termAt time.Time) (map[string]int, int) {
	t.Helper()
	acked := map[string]int{}
	after, bad := 0, 0
	for r := range results {
		switch {
		case r.status/100 == 2:
			acked[r.key] = r.quantity
			if r.respondAt.After(termAt) {
				after++
			}
		case r.status != 0:
			if bad++; bad <= 5 {
				t.Errorf("PUT %s during shutdown: status %d, want a 2xx or a refused connection; body %s", r.key, r.status, r.body)
			}
		}
	}
	return acked, after
}

// putUntilRefused PUTs load-<client>-<n> for n = 1, 2, ... until a request
// fails (the listener has closed) or a response is not a 2xx.
func putUntilRefused(ctx context.Context, base string, client int, report func(putResult)) {
	hc := &http.Client{Timeout: 10 * time.Second}
	for n := 1; ctx.Err() == nil; n++ {
		r := putResult{key: fmt.Sprintf("load-%d-%d", client, n), quantity: n}
		body := fmt.Sprintf(`{"name":"load","quantity":%d}`, n)
		req, err := http.NewRequestWithContext(ctx, http.MethodPut, base+"/v1/items/"+r.key, strings.NewReader(body))
		if err != nil {
			r.err = err
			report(r)
			return
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := hc.Do(req)
		r.respondAt = time.Now()
		if err != nil {
			r.err = err
			report(r)
			return
		}
		b, rerr := io.ReadAll(resp.Body)
		_ = resp.Body.Close()
		r.status = resp.StatusCode
		if rerr != nil {
			// The status line came but the body did not: not an acknowledgement.
			r.status, r.err = 0, rerr
		} else if r.status/100 != 2 {
			r.body = string(b)
		}
		report(r)
		if r.status/100 != 2 {
			return
		}
	}
}

// items reads id and quantity of the items whose id matches the LIKE
// pattern, through psql.
func (c *pgCluster) items(t *testing.T, like string) map[string]string {
	t.Helper()
	out, err := exec.CommandContext(t.Context(), filepath.Join(c.bin, "psql"), "-X", "-A", "-t", "-F", " ", "-v", "ON_ERROR_STOP=1",
		"-d", c.URL(), "-c", "SELECT id, quantity FROM items WHERE id LIKE '"+like+"'").Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("psql: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("psql: %v", err)
	}
	rows := map[string]string{}
	for line := range strings.Lines(string(out)) {
		if id, q, ok := strings.Cut(strings.TrimSpace(line), " "); ok {
			rows[id] = q
		}
	}
	return rows
}

func tail(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
