# svcgen — run `make help` for the targets.
SHELL := bash
GO    ?= go
BIN   := $(CURDIR)/bin
TOOLS := $(CURDIR)/tools/bin

.DEFAULT_GOAL := help
.PHONY: help build install demo test test-short golden markers lint tools tools-all release-snapshot clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  %-18s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

# Built as goreleaser.yaml builds the release: static, no cgo (a dynamically
# linked svcgen starts about 4 ms slower), no paths or symbols of this machine.
RELEASE_BUILD := CGO_ENABLED=0 $(GO) build -trimpath -ldflags "-s -w"

build: ## build bin/svcgen as the release is built
	$(RELEASE_BUILD) -o $(BIN)/svcgen ./cmd/svcgen

install: ## go install svcgen (static, like the release)
	CGO_ENABLED=0 $(GO) install -trimpath -ldflags "-s -w" ./cmd/svcgen

demo: build ## generate a demo service into a temp dir, build it and show it serving
	./scripts/demo.sh $(BIN)/svcgen

tools: ## build the pinned validators and clients the tests use into tools/bin (cached)
	./tools/install.sh golangci-lint actionlint goreleaser grpcurl

tools-all: ## build every pinned tool (adds staticcheck, benchstat, govulncheck)
	./tools/install.sh

test: tools ## run every test (golden, CLI, fuzz seeds, end-to-end on generated services)
	$(GO) vet ./...
	$(TOOLS)/golangci-lint run ./...
	$(GO) test -count=1 -timeout 60m ./...
	cd bench && $(GO) test -count=1 ./...

test-short: ## fast tests only (skips the end-to-end builds of generated services)
	$(GO) test -short ./...

golden: ## regenerate docs/conventions; cut a template release if the templates changed; rewrite golden/*.txtar and the update scenarios (review the diff!)
	$(GO) test ./internal/convention -update
	$(GO) test ./internal/release -run TestTemplateDigestIsCurrent -update
	$(GO) test ./generator -run TestExampleCacheIsCurrent -update
	$(GO) test ./generator -run 'TestGolden|TestResourceGolden' -update
	$(GO) test ./cmd/svcgen -run TestUpdateScenarios -update

markers: ## write the ownership marker into every managed template that lacks it (idempotent), then check every file's marker against its class
	set -o pipefail; $(GO) test ./generator -run '^TestOwnershipMarker$$' -count=1 -v -fix | grep -v -e '^=== RUN' -e '--- PASS'

lint: tools ## golangci-lint svcgen itself
	$(TOOLS)/golangci-lint run ./...

release-snapshot: tools ## build every release target offline into dist/
	$(TOOLS)/goreleaser release --snapshot --clean --skip=sign,sbom,publish

clean: ## remove build output
	rm -rf $(BIN) dist
