package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"

	"github.com/svcgen/svcgen/generator"
)

// NewOptions are the inputs of `svcgen new`: dependencies first, then values.
type NewOptions struct {
	IO       *IOStreams
	Prompter Prompter
	// BeforeFile is passed to generator.Write (tests interrupt writes with it).
	BeforeFile func(path string) error

	Dir      string
	Answers  generator.Answers
	Given    map[string]bool // answers keys set by a flag
	Features string          // raw --features
	// ExcludedRoutes is the raw --slo-excluded-routes.
	ExcludedRoutes string
	AnswersFile    string
	Yes            bool
	DryRun         bool
	Force          bool
}

func newNewCmd(ios *IOStreams, p Prompter, beforeFile func(string) error, runF func(context.Context, *NewOptions) error) *cobra.Command {
	opts := &NewOptions{IO: ios, Prompter: p, BeforeFile: beforeFile}
	cmd := &cobra.Command{
		Use:   "new [DIR]",
		Short: "Generate a new service",
		Long: `Generate a new Go HTTP service into DIR (default ./NAME).

Answers come from flags, then --answers FILE, then prompts (only on a terminal),
then defaults (only with --yes). Without a terminal and without --yes, every
answer must be given; the error names the missing flag. The target must be empty
unless --force. Nothing is written unless the whole service renders.`,
		Example: `  svcgen new orders-api --yes
  svcgen new ./services/orders --name orders --module github.com/acme/orders \
      --description "Order intake" --owner acme/payments --go 1.26 --preset full --license MIT
  svcgen new billing --answers answers.yaml --yes --dry-run`,
		Args: usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			opts.Given = map[string]bool{}
			cmd.Flags().Visit(func(f *pflagFlag) { opts.Given[answerKey(f.Name)] = true })
			if opts.Given["features"] {
				opts.Answers.Features = generator.ParseFeatures(opts.Features)
			}
			if opts.Given["slo_excluded_routes"] {
				opts.Answers.SLOExcludedRoutes = generator.ParseRoutes(opts.ExcludedRoutes)
			}
			return orRun(runF, runNew)(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Answers.Name, "name", "", "service name: lower-case letters, digits and '-' (default: DIR's base name)")
	f.StringVar(&opts.Answers.Module, "module", "", "Go module path (default example.com/NAME)")
	f.StringVar(&opts.Answers.Description, "description", "", "one-line description, up to 200 characters")
	f.StringVar(&opts.Answers.Owner, "owner", "", "owning GitHub team as org/team, or a slug (CODEOWNERS, catalog)")
	f.StringVar(&opts.Answers.GoVersion, "go", "", "Go version of the service: "+joinOr(generator.GoVersions))
	f.StringVar(&opts.Answers.Preset, "preset", "", "feature preset: "+joinOr(generator.PresetNames())+" (default "+generator.DefaultPreset+")")
	f.StringVar(&opts.Features, "features", "", "comma-separated features, replacing the preset's: "+joinOr(generator.FeatureNames())+" or none")
	f.StringVar(&opts.Answers.License, "license", "", "LICENSE file: "+joinOr(generator.Licenses))
	f.IntVar(&opts.Answers.HTTPPort, "http-port", 0, fmt.Sprintf("default HTTP listen port (default %d)", generator.DefaultHTTPPort))
	f.IntVar(&opts.Answers.AdminPort, "admin-port", 0, fmt.Sprintf("default admin port for /metrics and pprof (default %d)", generator.DefaultAdminPort))
	f.StringVar(&opts.Answers.SLOAvailability, "slo-availability", "", "availability objective: % of requests without a 5xx over 30 days, 90 to 99.999 (default "+generator.DefaultSLOAvailability+"; feature observability)")
	f.StringVar(&opts.Answers.SLOLatencyThreshold, "slo-latency-threshold", "", "latency objective's bound in seconds, a histogram bucket: "+joinOr(generator.LatencyBuckets)+" (default "+generator.DefaultSLOLatencyThreshold+")")
	f.StringVar(&opts.Answers.SLOLatencyTarget, "slo-latency-target", "", "latency objective: % of requests faster than the bound over 30 days, 90 to 99.999 (default "+generator.DefaultSLOLatencyTarget+")")
	f.StringVar(&opts.ExcludedRoutes, "slo-excluded-routes", "", "comma-separated route patterns the SLIs leave out besides the probes, e.g. /v1/stream (feature observability)")
	f.StringVar(&opts.AnswersFile, "answers", "", "YAML file with answers (keys as in .svcgen.yaml's answers)")
	f.BoolVarP(&opts.Yes, "yes", "y", false, "never prompt; use defaults for anything not given")
	f.BoolVar(&opts.DryRun, "dry-run", false, "print the files that would be written, with sizes; write nothing")
	f.BoolVar(&opts.Force, "force", false, "write into a non-empty directory, replacing generated files")
	return cmd
}

func runNew(ctx context.Context, opts *NewOptions) error {
	a, interactive, err := collectAnswers(opts)
	if err != nil {
		return err
	}
	tree, err := generator.Generate(a)
	if err != nil {
		return err
	}
	dir := opts.Dir
	if dir == "" {
		dir = a.Name
	}
	if opts.DryRun {
		return printPlan(opts.IO, dir, tree)
	}
	err = generator.Write(ctx, dir, tree, generator.WriteOptions{Force: opts.Force, BeforeFile: opts.BeforeFile})
	if errors.Is(err, context.Canceled) {
		return fmt.Errorf("interrupted: nothing was written%w", silentWrap{err})
	}
	if err != nil {
		return err
	}
	printDone(opts.IO, dir, a, len(tree.Files))
	if interactive {
		fmt.Fprintf(opts.IO.ErrOut, "\nTo generate the same service without prompts:\n  %s\n", equivalentCommand(dir, a))
	}
	return nil
}

func printPlan(ios *IOStreams, dir string, t *generator.Tree) error {
	total := 0
	fmt.Fprintf(ios.Out, "Would write %d files to %s:\n", len(t.Files), dir)
	for _, f := range t.Files {
		class := f.Class
		if class == "" {
			class = "manifest"
		}
		fmt.Fprintf(ios.Out, "  %7d  %-8s  %s\n", len(f.Data), class, f.Path)
		total += len(f.Data)
	}
	fmt.Fprintf(ios.Out, "  %7d  bytes in total (dry run: nothing written)\n", total)
	return nil
}

func printDone(ios *IOStreams, dir string, a generator.Answers, n int) {
	rel := dir
	if !filepath.IsAbs(rel) && !hasDotPrefix(rel) {
		rel = "." + string(os.PathSeparator) + rel
	}
	fmt.Fprintf(ios.Out, "Created %s in %s (%d files, preset %s).\n\nNext:\n", a.Name, rel, n, a.Preset)
	steps := nextSteps(dir, a)
	width := 0
	for _, s := range steps {
		if s.comment != "" {
			width = max(width, len(s.command))
		}
	}
	for _, s := range steps {
		if s.comment == "" {
			fmt.Fprintf(ios.Out, "  %s\n", s.command)
			continue
		}
		fmt.Fprintf(ios.Out, "  %-*s  # %s\n", width, s.command, s.comment)
	}
	if a.Has("k8s") && !a.Has("postgres") {
		fmt.Fprintln(ios.Out, "\nNote: deploy/k8s runs one replica and no HPA: the in-memory store keeps the items\n"+
			"in the process, so replicas would not share them. svcgen update --add-feature postgres\n"+
			"adds the database, two replicas and the HPA.")
	}
}

// step is one line of the next steps printed after `svcgen new`.
type step struct{ command, comment string }

// nextSteps are the commands that take a new service to its first
// request, for the features chosen. A postgres service does not start
// without <PREFIX>_DATABASE_URL, so its steps get a database first: a
// throwaway cluster from the local server binaries, or Docker.
func nextSteps(dir string, a generator.Answers) []step {
	steps := []step{{command: "cd " + shellQuote(dir)}}
	run := fmt.Sprintf("serves :%d, admin :%d", a.HTTPPort, a.AdminPort)
	if a.Has("postgres") {
		envVar := a.EnvPrefix() + "_DATABASE_URL"
		steps = append(steps,
			step{`eval "$(make -s db-local)"`, "a throwaway PostgreSQL (needs initdb); sets " + envVar},
			step{`# or, with Docker: eval "$(make -s db-up)"`, ""},
		)
		run += "; applies the migrations"
	}
	return append(steps, step{"make run", run}, step{"make test", ""})
}

func hasDotPrefix(p string) bool {
	return p == "." || len(p) > 1 && p[0] == '.' && (p[1] == '/' || p[1] == os.PathSeparator || p[1] == '.')
}
