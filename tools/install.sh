#!/usr/bin/env bash
# install.sh builds svcgen's pinned developer tools into tools/bin.
#
# Each tool lives in its own module (tools/<name>/go.mod, Go 1.24+ `tool`
# directive) so that minimal version selection never raises one tool's
# dependencies to satisfy another (golangci-lint, staticcheck and govulncheck
# all pin different golang.org/x/tools versions).
#
# Usage: tools/install.sh [name...]   (default: all tools)
# A binary is rebuilt only when it is missing, or when `go version -m` shows
# a different tool version or Go toolchain than the pinned module wants.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BIN="${BIN:-$ROOT/bin}"
export GOTOOLCHAIN="${GOTOOLCHAIN:-local}"
export GOFLAGS="${GOFLAGS:--mod=readonly}"

# name  module  package
TOOLS=(
  "golangci-lint github.com/golangci/golangci-lint/v2 github.com/golangci/golangci-lint/v2/cmd/golangci-lint"
  "actionlint    github.com/rhysd/actionlint         github.com/rhysd/actionlint/cmd/actionlint"
  "goreleaser    github.com/goreleaser/goreleaser/v2 github.com/goreleaser/goreleaser/v2"
  "staticcheck   honnef.co/go/tools                  honnef.co/go/tools/cmd/staticcheck"
  "benchstat     golang.org/x/perf                   golang.org/x/perf/cmd/benchstat"
  "govulncheck   golang.org/x/vuln                   golang.org/x/vuln/cmd/govulncheck"
  "grpcurl       github.com/fullstorydev/grpcurl     github.com/fullstorydev/grpcurl/cmd/grpcurl"
)

# pinned prints the version of module $2 required by tools/$1/go.mod.
pinned() {
  (cd "$ROOT/$1" && go list -m -f '{{.Version}}' "$2")
}

# built prints "<go version> <module version>" recorded in binary $1 for module $2.
built() {
  go version -m "$1" 2>/dev/null | awk -v m="$2" '
    NR == 1 { gov = $2 }
    ($1 == "dep" || $1 == "mod") && $2 == m { v = $3 }
    END { if (v != "") print gov, v }'
}

install_one() {
  local name="$1" mod="$2" pkg="$3" want have
  want="$(go env GOVERSION) $(pinned "$name" "$mod")"
  have="$(built "$BIN/$name" "$mod" || true)"
  if [[ "$have" == "$want" ]]; then
    echo "ok      $name ($want)"
    return
  fi
  echo "build   $name ($want)"
  (cd "$ROOT/$name" && go build -trimpath -o "$BIN/" "$pkg")
}

main() {
  mkdir -p "$BIN"
  local want=("$@") line name mod pkg found w
  for w in "${want[@]}"; do
    [[ -f "$ROOT/$w/go.mod" ]] || { echo "install.sh: unknown tool \"$w\"" >&2; exit 2; }
  done
  for line in "${TOOLS[@]}"; do
    read -r name mod pkg <<<"$line"
    if (($# > 0)); then
      found=0
      for w in "${want[@]}"; do [[ "$w" == "$name" ]] && found=1; done
      ((found)) || continue
    fi
    install_one "$name" "$mod" "$pkg"
  done
  echo "--- versions (from go version -m)"
  for line in "${TOOLS[@]}"; do
    read -r name mod pkg <<<"$line"
    [[ -x "$BIN/$name" ]] || continue
    printf '%-14s %s\n' "$name" "$(built "$BIN/$name" "$mod")"
  done
}

main "$@"
