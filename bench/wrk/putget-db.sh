#!/usr/bin/env bash
# putget-db.sh OLD_SVCGEN NEW_SVCGEN: PUT+GET through a generated full service
# on PostgreSQL, the service of one svcgen against the other's, for the
# "Generated service with the database" section of docs/benchmarks.md. Each
# svcgen generates a full service; both are built; a throwaway PostgreSQL 15
# cluster (fsync=off) holds both services' tables (each run starts on an
# empty items table); then `wrk -t2 -c64 -d8s -s putget.lua` runs against
# each service in turn, 6 rounds. Each line prints one service's
# requests/s and non-2xx count. Needs wrk, curl, psql and PostgreSQL's
# server binaries; run as root or as a user that can run initdb.
set -euo pipefail
old=$(realpath "$1") new=$(realpath "$2")
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
pgbin=$(dirname "$(ls -d /usr/lib/postgresql/*/bin/initdb | sort -V | tail -n 1)")
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pgdata=$(mktemp -d /tmp/putget-pg-XXXXXX)
cleanup() {
  as_pg "$pgbin/pg_ctl" -D "$pgdata/data" -m immediate -w stop >/dev/null 2>&1 || true
  rm -rf "$work" "$pgdata"
}
trap cleanup EXIT
[ "$(id -u)" = 0 ] && chown postgres "$pgdata"
as_pg "$pgbin/initdb" -D "$pgdata/data" -U postgres -A trust --no-sync >/dev/null
port=${PG_PORT:-15433}
as_pg "$pgbin/pg_ctl" -D "$pgdata/data" -l "$pgdata/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $pgdata -c fsync=off -c max_connections=100" start >/dev/null
url="postgres://postgres@127.0.0.1:$port/postgres?sslmode=disable"
for side in old new; do
  "${!side}" new "$work/$side" --yes --preset full >/dev/null
  (cd "$work/$side" && go build -o "$work/$side-bin" "./cmd/$side")
done
run() { # side port
  local side=$1 port=$2 pfx
  pfx=$(echo "$side" | tr a-z A-Z)
  "$pgbin/psql" -X -q -d "$url" -c 'DROP TABLE IF EXISTS items, schema_migrations CASCADE' >/dev/null 2>&1 || true
  env "${pfx}_HTTP_ADDR=127.0.0.1:$port" "${pfx}_ADMIN_ADDR=127.0.0.1:$((port + 1000))" \
    "${pfx}_DATABASE_URL=$url" "${pfx}_DATABASE_MIGRATE=true" ${EXTRA_ENV:-} "$work/$side-bin" >/dev/null 2>&1 &
  local pid=$!
  for _ in $(seq 100); do curl -sf -o /dev/null "http://127.0.0.1:$port/readyz" && break; sleep 0.1; done
  wrk -t2 -c64 -d2s -s "$here/putget.lua" "http://127.0.0.1:$port" >/dev/null # warm-up
  local out
  out=$(wrk -t2 -c64 -d8s -s "$here/putget.lua" "http://127.0.0.1:$port")
  kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
  echo "$side $(echo "$out" | awk '/Requests\/sec/ {print $2}') non2xx=$(echo "$out" | awk '/Non-2xx/ {print $NF}')"
}
for round in 1 2 3 4 5 6; do
  echo "# round $round, load $(cut -d' ' -f1 /proc/loadavg)"
  run old 18181
  run new 18182
done
