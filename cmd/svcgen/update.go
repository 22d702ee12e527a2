package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/journal"
	"github.com/svcgen/svcgen/internal/manifest"
	"github.com/svcgen/svcgen/internal/update"
)

// UpdateOptions are the inputs of `svcgen update`.
type UpdateOptions struct {
	IO *IOStreams
	// Write is passed to journal.Write (tests inject faults with it).
	Write journal.Options
	Git   update.Git

	Dir            string
	Features       string // raw --features
	FeaturesGiven  bool
	AddFeatures    []string
	RemoveFeatures []string
	Set            []string // key=value
	Resolved       []string
	DryRun         bool
	Diff           bool
	Check          bool
	JSON           bool
	AllowDirty     bool
	// LockWait bounds the wait for another svcgen changing the service.
	LockWait time.Duration
}

func newUpdateCmd(ios *IOStreams, write journal.Options, runF func(context.Context, *UpdateOptions) error) *cobra.Command {
	opts := &UpdateOptions{IO: ios, Write: write, Dir: ".", LockWait: update.DefaultLockWait}
	cmd := &cobra.Command{
		Use:   "update [DIR]",
		Short: "Bring a service forward to these templates, or to another feature set",
		Long: `Update the service in DIR (default .) to this svcgen's templates, keeping every edit.

Per file, three versions meet: base (what the recorded template release rendered
for the recorded answers, checked against the manifest's sha256), theirs (what
these templates render for the new answers) and yours (the file on disk). A file
only the template changed is replaced; one both changed is merged line by line
(go.mod by module). On overlapping changes a managed file gets diff3 conflict
markers; a scaffold file (yours) is kept byte for byte and the template's version
is written beside it as FILE.svcgen-new. Files outside the manifest are never
touched. A later update refuses until the conflicts are resolved.

Everything stays inside DIR: a directory of the service that is a symbolic link is
refused, a file is replaced keeping its mode, and only one update or add resource
runs on a service at a time (a second waits up to two minutes). An update that was
interrupted is completed first by the next run, which then stops; a file edited since
the interruption is never overwritten.

Exit codes: 0 updated or already current; 2 refused, nothing written (invalid
flag or answer, uncommitted changes or a repository git refuses to read, unresolved
conflicts, a downgrade, a damaged manifest, a symbolic link on the way, an unwritable
directory, another svcgen still running; or an interrupted update was completed but
the change asked for was not applied); 3 updated with conflicts left to resolve (with
--check: an update is available); 1 failure (a half-applied update says so: run
svcgen update again to complete it); 130 interrupted (the tree is the old one or the
new one). See docs/update.md.`,
		Example: `  svcgen update                            # this directory, to these templates
  svcgen update ./orders-api --dry-run --diff
  svcgen update --check --json              # CI: exit 3 when an update is available
  svcgen update --add-feature k8s --set owner=acme/payments
  svcgen update --remove-feature httpclient
  svcgen update --resolved internal/httpclient/client.go`,
		Args: usageArgs(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			if len(args) == 1 {
				opts.Dir = args[0]
			}
			opts.FeaturesGiven = cmd.Flags().Changed("features")
			return orRun(runF, runUpdate)(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Features, "features", "", "set the feature set: a comma-separated list of "+strings.Join(generator.FeatureNames(), ", ")+" (or none)")
	f.StringArrayVar(&opts.AddFeatures, "add-feature", nil, "add a feature (repeatable)")
	f.StringArrayVar(&opts.RemoveFeatures, "remove-feature", nil, "remove a feature (repeatable)")
	f.StringArrayVar(&opts.Set, "set", nil, "change an answer: key=value, key one of "+strings.Join(settable, ", ")+" (repeatable)")
	f.StringArrayVar(&opts.Resolved, "resolved", nil, "mark a conflict of the last update resolved (repeatable)")
	f.BoolVar(&opts.DryRun, "dry-run", false, "print what would change, per file with the reason; write nothing")
	f.BoolVar(&opts.Diff, "diff", false, "with --dry-run: show a unified diff per changed file")
	f.BoolVar(&opts.Check, "check", false, "CI mode: exit 0 when up to date, 3 when an update is available; write nothing")
	f.BoolVar(&opts.JSON, "json", false, "with --check or --dry-run: print the plan as JSON (schema svcgen.update/v1)")
	f.BoolVar(&opts.AllowDirty, "allow-dirty", false, "proceed even if tracked files have uncommitted changes, or git refuses to read the repository")
	return cmd
}

// settable are the answers --set may change. Name and module are the
// service's identity (imports, paths, go.mod); preset is a shorthand for
// features, which have their own flags.
var settable = []string{"description", "owner", "go", "license", "http_port", "admin_port",
	"slo_availability", "slo_latency_threshold", "slo_latency_target", "slo_excluded_routes"}

// errConflicts is returned when an update left conflicts (exit 3).
var errConflicts = errors.New("update left conflicts")

func runUpdate(ctx context.Context, opts *UpdateOptions) error {
	if err := opts.validate(); err != nil {
		return usageErrorf(err)
	}
	unlock, err := lockService(opts.IO, opts.Dir, opts.LockWait)
	if err != nil {
		return err
	}
	defer unlock()
	if !opts.DryRun && !opts.Check {
		done, err := journal.Recover(opts.Dir)
		if err != nil {
			return fmt.Errorf("complete the interrupted update: %w", err)
		}
		if done {
			return reportRecovered(opts)
		}
	}
	plan, err := update.Prepare(update.Options{
		Dir: opts.Dir, Change: opts.change, Resolved: opts.Resolved, AllowDirty: opts.AllowDirty, Git: opts.Git,
	})
	if err != nil {
		return err
	}
	if opts.Check || opts.DryRun {
		return report(opts, plan)
	}
	if err := journal.Write(ctx, plan.Dir, plan.Steps(), opts.Write); err != nil {
		return err
	}
	return report(opts, plan)
}

// lockService takes the service's lock (update.Lock) for a command that
// reads and then changes it, saying on stderr when it has to wait.
func lockService(ios *IOStreams, dir string, wait time.Duration) (func(), error) {
	if _, err := os.Stat(dir); err != nil {
		return func() {}, nil // the command's own checks say what is wrong
	}
	unlock, err := update.Lock(dir, wait, func() {
		fmt.Fprintf(ios.ErrOut, "svcgen: waiting for another svcgen changing %s (at most %s)\n", dir, wait)
	})
	return unlock, err
}

func (o *UpdateOptions) validate() error {
	switch {
	case o.Check && o.DryRun:
		return errors.New("--check and --dry-run: use one")
	case o.Diff && !o.DryRun:
		return errors.New("--diff needs --dry-run")
	case o.JSON && !o.Check && !o.DryRun:
		return errors.New("--json needs --check or --dry-run")
	case o.FeaturesGiven && len(o.AddFeatures)+len(o.RemoveFeatures) > 0:
		return errors.New("--features and --add-feature/--remove-feature: use one")
	}
	for _, kv := range o.Set {
		key, _, ok := strings.Cut(kv, "=")
		if !ok || !slices.Contains(settable, key) {
			return fmt.Errorf("invalid --set %q: use key=value with key one of %s", kv, strings.Join(settable, ", "))
		}
	}
	return nil
}

// change applies the answer flags to the recorded answers; Validate, run
// by update.Prepare as by `svcgen new`, checks the result.
func (o *UpdateOptions) change(a *generator.Answers) error {
	// Filled last: a manifest older than release 7 has no objectives, and
	// the feature may be added by this very update.
	defer func() { *a = a.WithSLODefaults() }()
	if o.FeaturesGiven {
		a.Features = generator.ParseFeatures(o.Features)
	}
	for _, f := range o.AddFeatures {
		if !slices.Contains(generator.FeatureNames(), f) {
			return &generator.FieldError{Field: "add_feature", Value: f, Allow: "use one of " + strings.Join(generator.FeatureNames(), ", ")}
		}
		a.Features = generator.ParseFeatures(strings.Join(append(a.Features, f), ","))
	}
	for _, f := range o.RemoveFeatures {
		if !slices.Contains(a.Features, f) {
			return &generator.FieldError{Field: "remove_feature", Value: f, Allow: "use a feature the service has: " + orNone(a.Features)}
		}
		a.Features = slices.DeleteFunc(a.Features, func(x string) bool { return x == f })
	}
	for _, kv := range o.Set {
		key, val, _ := strings.Cut(kv, "=")
		if err := setAnswer(a, key, val); err != nil {
			return err
		}
		var fe *generator.FieldError
		if err := a.CheckField(key); errors.As(err, &fe) {
			return usageErrorf(fmt.Errorf("invalid --set %s=%q: %s", key, val, fe.Allow))
		}
	}
	return nil
}

func setAnswer(a *generator.Answers, key, val string) error {
	switch key {
	case "http_port", "admin_port":
		n, err := strconv.Atoi(val)
		if err != nil {
			return usageErrorf(fmt.Errorf("invalid --set %s=%q: use a TCP port from 1 to 65535", key, val))
		}
		if key == "http_port" {
			a.HTTPPort = n
		} else {
			a.AdminPort = n
		}
	case "slo_excluded_routes":
		a.SLOExcludedRoutes = generator.ParseRoutes(val)
	default:
		*a.StringField(key) = val
	}
	return nil
}

// reportRecovered reports an interrupted update that Recover completed: the
// manifest, written last, says where it went and what conflicts it left.
// Changes the command asked for (features, answers, --resolved) are not
// applied on top: the completed update is uncommitted, and the dirty check
// of a second update would refuse it anyway. The run says so and exits 2.
func reportRecovered(opts *UpdateOptions) error {
	m, err := manifest.Read(opts.Dir, generator.CheckRecorded)
	if err != nil {
		return err
	}
	fmt.Fprintf(opts.IO.Out, "%s: completed an interrupted update to template r%d (%s)\n", opts.Dir, m.TemplateRelease, m.TemplateVersion)
	for _, c := range m.Conflicts {
		fmt.Fprintf(opts.IO.Out, "  conflict  %s  %s\n", c.Path, c.Reason)
	}
	if asked := opts.requested(); len(asked) > 0 {
		return usageErrorf(fmt.Errorf("%s: the interrupted update was completed instead, and what you asked for (%s) was not applied: "+
			"review and commit the completed update, then run the command again", opts.Dir, strings.Join(asked, " ")))
	}
	if len(m.Conflicts) > 0 {
		return silentWrap{errConflicts}
	}
	return nil
}

// requested lists the flags that ask for a change of the service.
func (o *UpdateOptions) requested() []string {
	var out []string
	if o.FeaturesGiven {
		out = append(out, "--features "+o.Features)
	}
	for _, f := range o.AddFeatures {
		out = append(out, "--add-feature "+f)
	}
	for _, f := range o.RemoveFeatures {
		out = append(out, "--remove-feature "+f)
	}
	for _, kv := range o.Set {
		out = append(out, "--set "+kv)
	}
	for _, r := range o.Resolved {
		out = append(out, "--resolved "+r)
	}
	return out
}
