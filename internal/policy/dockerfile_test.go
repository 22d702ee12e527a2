package policy

import "testing"

const goodDockerfile = `# comment
FROM --platform=$BUILDPLATFORM golang:1.26.8-bookworm AS build
WORKDIR /src
RUN --mount=type=cache,target=/go/pkg/mod \
    go build -o /out/app ./cmd/app

FROM gcr.io/distroless/static-debian12:nonroot AS release
USER nonroot:nonroot
ENTRYPOINT ["/app"]

FROM gcr.io/distroless/static-debian12@sha256:0000000000000000000000000000000000000000000000000000000000000000
COPY --from=build /out/app /app
USER 65532:65532
ENTRYPOINT ["/app"]
`

func TestCheckDockerfilePasses(t *testing.T) {
	assertRules(t, CheckDockerfile([]byte(goodDockerfile)))
}

func TestCheckDockerfileFails(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"single stage", "FROM gcr.io/distroless/static-debian12:nonroot\nUSER nonroot\nENTRYPOINT [\"/app\"]\n", []string{RuleMultiStage}},
		{"root final stage", "FROM golang:1.26.8 AS b\nFROM gcr.io/distroless/static-debian12:nonroot\nENTRYPOINT [\"/app\"]\n", []string{RuleNonRootUser}},
		{"user root", "FROM golang:1.26.8 AS b\nFROM gcr.io/distroless/static-debian12:nonroot\nUSER root\nENTRYPOINT [\"/app\"]\n", []string{RuleNonRootUser}},
		{"latest", "FROM golang:latest AS b\nFROM gcr.io/distroless/static-debian12:nonroot\nUSER nonroot\nENTRYPOINT [\"/app\"]\n", []string{RuleImageTag}},
		{"untagged", "FROM golang AS b\nFROM gcr.io/distroless/static-debian12:nonroot\nUSER nonroot\nENTRYPOINT [\"/app\"]\n", []string{RuleImageTag}},
		{"registry port untagged", "FROM localhost:5000/golang AS b\nFROM gcr.io/distroless/static-debian12:nonroot\nUSER nonroot\nENTRYPOINT [\"/app\"]\n", []string{RuleImageTag}},
		{"shell entrypoint", "FROM golang:1.26.8 AS b\nFROM gcr.io/distroless/static-debian12:nonroot\nUSER nonroot\nENTRYPOINT /app --serve\n", []string{RuleExecEntrypoint}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertRules(t, CheckDockerfile([]byte(tt.src)), tt.want...)
		})
	}
}
