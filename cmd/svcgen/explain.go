package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/svcgen/svcgen/internal/convention"
)

func newExplainCmd(ios *IOStreams) *cobra.Command {
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
		RunE: func(_ *cobra.Command, args []string) error {
			if len(args) == 0 {
				_, err := io.WriteString(ios.Out, convention.List())
				return err
			}
			c, ok := convention.Lookup(args[0])
			if !ok {
				return usageErrorf(fmt.Errorf("unknown topic %q: use one of %s", args[0], strings.Join(convention.IDs(), ", ")))
			}
			_, err := io.WriteString(ios.Out, c.Markdown())
			return err
		},
	}
}
