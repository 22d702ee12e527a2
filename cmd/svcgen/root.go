package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/svcgen/svcgen/internal/journal"
)

// run executes the command line and returns the exit code; it is main
// without os.Exit, so tests can call it.
func run(args []string, ios *IOStreams) int {
	return runWith(args, ios, nil)
}

// runWith is run with a hook before each written file (tests slow writes
// down with it to interrupt them).
func runWith(args []string, ios *IOStreams, beforeFile func(string) error) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	root := newRootCmd(ios, newSurveyPrompter(), beforeFile)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err != nil && strings.HasPrefix(err.Error(), "unknown command") {
		err = usageErrorf(err)
	}
	if err != nil && !errors.Is(err, errFindings) && !errors.Is(err, errConflicts) {
		fmt.Fprintln(ios.ErrOut, "svcgen: "+err.Error())
	}
	return exitCode(err)
}

func newRootCmd(ios *IOStreams, p Prompter, beforeFile func(string) error) *cobra.Command {
	root := &cobra.Command{
		Use:   "svcgen",
		Short: "Generate Go HTTP services that follow the team's conventions",
		Long: `svcgen generates a Go HTTP service that already follows the team's conventions
(standard handler chain with zap, OpenTelemetry and Prometheus; fx; sharded cache;
pooled buffers; tests, CI and release), checks existing services against them,
and explains why each convention exists.`,
		SilenceErrors: true,
		SilenceUsage:  true,
	}
	root.SetIn(ios.In)
	root.SetOut(ios.Out)
	root.SetErr(ios.ErrOut)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageErrorf(err) })
	root.AddCommand(
		newNewCmd(ios, p, beforeFile, nil),
		newFeaturesCmd(ios, nil),
		newCheckCmd(ios, nil),
		newUpdateCmd(ios, journal.Options{}, nil),
		newAddCmd(ios, journal.Options{}, nil),
		newExplainCmd(ios, nil),
		newVersionCmd(ios, nil),
	)
	return root
}

// usageArgs wraps a cobra argument validator so its errors exit 2.
func usageArgs(v cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := v(cmd, args); err != nil {
			return usageErrorf(err)
		}
		return nil
	}
}

// orRun is the runF seam of every command (as in the GitHub CLI): a test
// passes runF to get the options the flags made instead of running the
// command; nil runs it.
func orRun[O any](runF, run func(context.Context, *O) error) func(context.Context, *O) error {
	if runF != nil {
		return runF
	}
	return run
}
