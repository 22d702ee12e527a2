// Package e2e generates every preset into a temporary directory and proves
// the result in that directory with the real toolchain and validators: go
// build, vet, test -race, mod tidy -diff, golangci-lint with the generated
// config, fuzz targets briefly, benchmarks once, actionlint, goreleaser, and
// the running service's /metrics page through promlint. A grpc service is
// also called with grpcurl, the gRPC health protocol and Connect JSON, and
// its generated code and buf breaking are checked (grpc_test.go).
//
// The tests are slow (minutes) and skipped under -short. The pinned tools
// come from tools/bin (make tools); a missing tool fails the test.
package e2e
