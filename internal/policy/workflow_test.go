package policy

import "testing"

const goodWorkflow = `name: ci
on:
  push:
    branches: [main]
  pull_request:
permissions:
  contents: read
jobs:
  test:
    runs-on: ubuntu-latest
    permissions:
      contents: write
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
      - uses: ./.github/actions/local
      - uses: docker://alpine:3.20
      - name: title via env
        env:
          TITLE: ${{ github.event.pull_request.title }}
        run: echo "$TITLE"
  reuse:
    uses: acme/workflows/.github/workflows/go.yml@0123456789abcdef0123456789abcdef01234567 # v1.2.0
`

func TestCheckWorkflowPasses(t *testing.T) {
	assertRules(t, CheckWorkflow("ci.yml", []byte(goodWorkflow)))
}

func TestCheckWorkflowFails(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"tag ref", "permissions: {}\non: push\njobs:\n  a:\n    steps:\n      - uses: actions/checkout@v7\n", []string{RulePinnedAction}},
		{"short sha", "permissions: {}\non: push\njobs:\n  a:\n    steps:\n      - uses: actions/checkout@3d3c42e # v7.0.1\n", []string{RulePinnedAction}},
		{"sha without tag comment", "permissions: {}\non: push\njobs:\n  a:\n    steps:\n      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1\n", []string{RulePinnedAction}},
		{"reusable workflow by branch", "permissions: {}\non: push\njobs:\n  a:\n    uses: acme/w/.github/workflows/x.yml@main\n", []string{RulePinnedAction}},
		{"no permissions", "on: push\njobs: {}\n", []string{RulePermissions}},
		{"write-all", "on: push\npermissions: write-all\njobs: {}\n", []string{RulePermissions}},
		{"pull_request_target map", "permissions: {}\non:\n  pull_request_target:\n    types: [opened]\njobs: {}\n", []string{RulePRTarget}},
		{"pull_request_target list", "permissions: {}\non: [push, pull_request_target]\njobs: {}\n", []string{RulePRTarget}},
		{"pull_request_target scalar", "permissions: {}\non: pull_request_target\njobs: {}\n", []string{RulePRTarget}},
		{"event in run block", "permissions: {}\non: push\njobs:\n  a:\n    steps:\n      - run: |\n          echo hi\n          echo \"${{ github.event.issue.title }}\"\n", []string{RuleEventInRun}},
		{"event in run inline", "permissions: {}\non: push\njobs:\n  a:\n    steps:\n      - run: echo ${{github.event.head_commit.message}}\n", []string{RuleEventInRun}},
		{"whole event in run", "permissions: {}\non: push\njobs:\n  a:\n    steps:\n      - run: echo '${{ toJSON(github.event) }}'\n", []string{RuleEventInRun}},
		{"not yaml", "on: [push\n", []string{RuleSyntax}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assertRules(t, CheckWorkflow("w.yml", []byte(tt.src)), tt.want...)
		})
	}
}

func TestCheckWorkflowLines(t *testing.T) {
	src := "permissions: {}\non: push\njobs:\n  a:\n    steps:\n      - run: |\n          echo hi\n          echo \"${{ github.event.issue.title }}\"\n      - uses: actions/checkout@v7\n"
	fs := CheckWorkflow("w.yml", []byte(src))
	if len(fs) != 2 {
		t.Fatalf("got %d findings, want 2: %v", len(fs), fs)
	}
	if fs[0].Rule != RuleEventInRun || fs[0].Line != 8 || fs[0].Path != "w.yml" {
		t.Errorf("first finding = %v, want event-in-run at w.yml:8", fs[0])
	}
	if fs[1].Rule != RulePinnedAction || fs[1].Line != 9 {
		t.Errorf("second finding = %v, want pinned-action at line 9", fs[1])
	}
}
