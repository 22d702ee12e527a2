#!/usr/bin/env bash
# load.sh SVCGEN: the load test of docs/benchmarks.md ("Generated service under
# load"). A gin.Default() server (bench/cmd/baregin) and a generated service
# with the full chain (full preset without postgres) serve GET /v1/items/abc
# under `wrk -t2 -c64 -d10s` on loopback, alternating, 6 rounds; each line
# prints one server's requests/s. Needs wrk (apt-get install wrk) and curl.
set -euo pipefail
svcgen=$(realpath "$1")
bench=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$svcgen" new "$work/ld" --yes --preset full --features catalog,httpclient,k8s >/dev/null
(cd "$work/ld" && go build -o "$work/ld-bin" ./cmd/ld)
(cd "$bench" && go build -o "$work/baregin" ./cmd/baregin)
run() { # name port cmd...
  local name=$1 port=$2; shift 2
  "$@" >/dev/null 2>&1 &
  local pid=$!
  for _ in $(seq 50); do
    curl -sf -o /dev/null -X PUT -H 'Content-Type: application/json' -d '{"name":"w","quantity":1}' \
      "http://127.0.0.1:$port/v1/items/abc" && break
    sleep 0.1
  done
  local rps
  rps=$(wrk -t2 -c64 -d10s "http://127.0.0.1:$port/v1/items/abc" | awk '/Requests\/sec/ {print $2}')
  kill -TERM "$pid"
  wait "$pid" 2>/dev/null || true
  echo "$name $rps"
}
for round in 1 2 3 4 5 6; do
  echo "# round $round, load $(cut -d' ' -f1 /proc/loadavg)"
  run baseline 18081 "$work/baregin" -addr 127.0.0.1:18081
  run generated 18082 env LD_HTTP_ADDR=127.0.0.1:18082 LD_ADMIN_ADDR=127.0.0.1:19092 "$work/ld-bin"
done
