package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/svcgen/svcgen/internal/convention"
)

// ExplainOptions are the inputs of `svcgen explain`.
type ExplainOptions struct {
	IO    *IOStreams
	Topic string // "": list every convention
}

func newExplainCmd(ios *IOStreams, runF func(context.Context, *ExplainOptions) error) *cobra.Command {
	opts := &ExplainOptions{IO: ios}
	return &cobra.Command{
		Use:   "explain [TOPIC]",
		Short: "Explain why a convention exists and where it lives in a service",
		Long: `Without a topic, list every convention id with a one-line summary.
With one, print why the convention exists, what svcgen generates for it, how
"svcgen check" enforces it, and what to read next.`,
		Example: `  svcgen explain
  svcgen explain pooled-buffers`,
		Args:      usageArgs(cobra.MaximumNArgs(1)),
		ValidArgs: convention.IDs(),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Topic = args[0]
			}
			return orRun(runF, runExplain)(cmd.Context(), opts)
		},
	}
}

func runExplain(_ context.Context, opts *ExplainOptions) error {
	if opts.Topic == "" {
		_, err := io.WriteString(opts.IO.Out, convention.List())
		return err
	}
	c, ok := convention.Lookup(opts.Topic)
	if !ok {
		return usageErrorf(fmt.Errorf("unknown topic %q: use one of %s", opts.Topic, strings.Join(convention.IDs(), ", ")))
	}
	_, err := io.WriteString(opts.IO.Out, c.Markdown())
	return err
}
