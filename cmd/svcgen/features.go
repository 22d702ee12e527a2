package main

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/svcgen/svcgen/generator"
)

// FeaturesOptions are the inputs of `svcgen features`.
type FeaturesOptions struct {
	IO   *IOStreams
	JSON bool
}

// featuresDoc is the --json schema of `svcgen features`.
type featuresDoc struct {
	Presets  []generator.Preset  `json:"presets"`
	Features []generator.Feature `json:"features"`
}

func newFeaturesCmd(ios *IOStreams, runF func(context.Context, *FeaturesOptions) error) *cobra.Command {
	opts := &FeaturesOptions{IO: ios}
	cmd := &cobra.Command{
		Use:     "features",
		Short:   "List presets and optional features",
		Example: "  svcgen features\n  svcgen features --json | jq '.presets[].name'",
		Args:    usageArgs(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, _ []string) error {
			return orRun(runF, runFeatures)(cmd.Context(), opts)
		},
	}
	cmd.Flags().BoolVar(&opts.JSON, "json", false, "print JSON")
	return cmd
}

func runFeatures(_ context.Context, opts *FeaturesOptions) error {
	doc := featuresDoc{Presets: generator.Presets(), Features: generator.Features()}
	if opts.JSON {
		enc := json.NewEncoder(opts.IO.Out)
		enc.SetIndent("", "  ")
		return enc.Encode(doc)
	}
	w := tabwriter.NewWriter(opts.IO.Out, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "PRESET\tFEATURES\tSUMMARY")
	for _, p := range doc.Presets {
		name := p.Name
		if name == generator.DefaultPreset {
			name += " (default)"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\n", name, orNone(p.Features), p.Summary)
	}
	fmt.Fprintln(w, "\nFEATURE\tLAYERS\tSUMMARY")
	for _, f := range doc.Features {
		fmt.Fprintf(w, "%s\t%s\t%s\n", f.Name, strings.Join(f.Layers, ","), f.Summary)
	}
	return w.Flush()
}

func orNone(list []string) string {
	if len(list) == 0 {
		return "none"
	}
	return strings.Join(list, ",")
}
