package main

import (
	"fmt"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/svcgen/svcgen/generator"
)

func newVersionCmd(ios *IOStreams) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print svcgen's version and its template version",
		Example: "  svcgen version",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(*cobra.Command, []string) error {
			r := generator.TemplateRelease()
			_, err := fmt.Fprintf(ios.Out, "svcgen %s (templates %s %s, %s)\n", generator.Version, r.Name(), r.Digest, runtime.Version())
			return err
		},
	}
}
