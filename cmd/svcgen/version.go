package main

import (
	"context"
	"fmt"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/release"
)

// VersionOptions are the inputs of `svcgen version`.
type VersionOptions struct {
	IO *IOStreams
}

func newVersionCmd(ios *IOStreams, runF func(context.Context, *VersionOptions) error) *cobra.Command {
	opts := &VersionOptions{IO: ios}
	return &cobra.Command{
		Use:     "version",
		Short:   "Print svcgen's version and its template version",
		Example: "  svcgen version",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return orRun(runF, runVersion)(cmd.Context(), opts)
		},
	}
}

func runVersion(_ context.Context, opts *VersionOptions) error {
	r := release.Embedded()
	_, err := fmt.Fprintf(opts.IO.Out, "svcgen %s (templates %s %s, %s)\n", generator.Version, r.Name(), r.Digest, runtime.Version())
	return err
}
