package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"time"

	"github.com/spf13/cobra"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/add"
	"github.com/svcgen/svcgen/internal/appedit"
	"github.com/svcgen/svcgen/internal/journal"
	"github.com/svcgen/svcgen/internal/manifest"
	"github.com/svcgen/svcgen/internal/svcfs"
	"github.com/svcgen/svcgen/internal/update"
)

// AddOptions are the inputs of `svcgen add resource`.
type AddOptions struct {
	IO *IOStreams
	// Write is passed to journal.Write (tests inject faults with it).
	Write journal.Options

	Name   string
	Dir    string
	Fields string
	Path   string // "" means /v1/NAMEs
	DryRun bool
	// LockWait bounds the wait for another svcgen changing the service
	// (0: DefaultLockWait).
	LockWait time.Duration
}

func newAddCmd(ios *IOStreams, write journal.Options, runF func(context.Context, *AddOptions) error) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "add",
		Short: "Add code to an existing service (add resource)",
		Args:  usageArgs(cobra.NoArgs),
		RunE: func(*cobra.Command, []string) error {
			return usageErrorf(errors.New("add what? use svcgen add resource NAME"))
		},
	}
	cmd.AddCommand(newAddResourceCmd(ios, write, runF))
	return cmd
}

func newAddResourceCmd(ios *IOStreams, write journal.Options, runF func(context.Context, *AddOptions) error) *cobra.Command {
	opts := &AddOptions{IO: ios, Write: write, Dir: "."}
	cmd := &cobra.Command{
		Use:   "resource NAME [DIR]",
		Short: "Add a conventional REST resource to the service in DIR",
		Long: `Add the REST resource NAME to the service in DIR (default .): internal/NAME with
create (POST, 201 + Location), get, list (cursor pages), replace (PUT) and delete
(204), each through httpserver.Handle; per-field input validation; a service
that reads through the sharded cache (cache-aside); a Store interface with an
in-memory store; an fx module; table tests, an end-to-end route test, fuzz
targets with seed corpora and a benchmark.

internal/app/app.go gets NAME.Module by an edit of its syntax tree (your comments
and order stay); the README's endpoint table gets the routes; .svcgen.yaml records
the new files as scaffold (yours), which svcgen update leaves alone.

With the postgres feature the store is PostgreSQL: internal/NAME/postgres_store.go
over the table NAMEs, and internal/database/migrations/NNNN_create_NAMEs.sql with
NNNN one more than the highest migration there.

Field types: string (1-200 printable UTF-8 characters), int (0-1000000), time
(RFC 3339), bool. Nothing is written unless everything renders and checks.

NAME is a Go package name that can work: not main, init, testdata, vendor,
internal, do, or a package the templates have with any feature (item,
httpclient, database, telemetry, ...). The service must be at this svcgen's
template release: on an older one, run svcgen update first.

Exit codes: 0 added; 2 refused, nothing written (not a svcgen service, a
service at an older template release, an invalid or taken NAME or --path, bad
--fields, unresolved update conflicts, an
app.go without a recognisable fx composition, a migration file the service's
migrator would refuse, a symbolic link on the way to a file it writes, an unwritable
directory, another svcgen update or add still running after two minutes); 1 failure;
130 interrupted.`,
		Example: `  svcgen add resource order
  svcgen add resource order ./orders-api --fields "name:string,quantity:int,due:time,active:bool"
  svcgen add resource invoice --path /v2/invoices --fields "number:string,total:int,paid:bool"
  svcgen add resource order --dry-run`,
		Args: usageArgs(cobra.RangeArgs(1, 2)),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Name = args[0]
			if len(args) == 2 {
				opts.Dir = args[1]
			}
			return orRun(runF, runAddResource)(cmd.Context(), opts)
		},
	}
	f := cmd.Flags()
	f.StringVar(&opts.Fields, "fields", generator.DefaultFields, "the resource's fields: comma-separated name:type, type one of string, int, time, bool")
	f.StringVar(&opts.Path, "path", "", "the collection route (default /v1/NAMEs)")
	f.BoolVar(&opts.DryRun, "dry-run", false, "print the files that would be created and edited; write nothing")
	return cmd
}

func runAddResource(ctx context.Context, opts *AddOptions) error {
	r, err := opts.resource()
	if err != nil {
		return usageErrorf(err)
	}
	wait := opts.LockWait
	if wait == 0 {
		wait = update.DefaultLockWait
	}
	unlock, err := lockService(opts.IO, opts.Dir, wait)
	if err != nil {
		return err
	}
	defer unlock()
	if err := checkAddPaths(opts.Dir, r.Name); err != nil {
		return usageErrorf(err)
	}
	plan, err := add.PrepareContext(ctx, add.Options{Dir: opts.Dir, Resource: r})
	if err != nil {
		return err
	}
	if !opts.DryRun {
		if err := journal.Write(ctx, plan.Dir, plan.Steps(), opts.Write); err != nil {
			return err
		}
	}
	printAddPlan(opts, plan)
	return nil
}

func (o *AddOptions) resource() (generator.Resource, error) {
	if err := generator.CheckResourceName(o.Name); err != nil {
		return generator.Resource{}, err
	}
	r := generator.Resource{Name: o.Name, Path: o.Path}
	if r.Path == "" {
		r.Path = generator.DefaultResourcePath(o.Name)
	}
	fields, err := generator.ParseFields(o.Fields)
	if err != nil {
		return generator.Resource{}, err
	}
	r.Fields = fields
	return r, r.Validate()
}

func printAddPlan(opts *AddOptions, p *add.Plan) {
	out := opts.IO.Out
	verb := "added"
	if opts.DryRun {
		verb = "would add (dry run, nothing written)"
	}
	fmt.Fprintf(out, "%s: %s resource %s at %s\n", opts.Dir, verb, p.Resource.Name, p.Resource.Path)
	for _, f := range p.Created {
		fmt.Fprintf(out, "  create  %s\n", f.Path)
	}
	for _, e := range p.Edited {
		fmt.Fprintf(out, "  edit    %s  (%s)\n", e.Path, e.What)
	}
	classes := "class scaffold"
	if slices.ContainsFunc(p.Created, func(f generator.File) bool { return f.Class == generator.ClassGenerated }) {
		classes = "class scaffold, generated code class generated"
	}
	fmt.Fprintf(out, "  record  %s  (the new files, %s)\n", manifest.Name, classes)
	for _, n := range p.Notes {
		fmt.Fprintf(out, "note: %s\n", n)
	}
	if !opts.DryRun {
		fmt.Fprintf(out, "next: go test ./internal/%s/ && svcgen check\n", p.Resource.Name)
	}
}

// addPaths are the files add resource reads or writes (NAME for the
// resource's package).
func addPaths(name string) []string {
	return []string{"go.mod", "README.md", appedit.Path, "internal/" + name + "/module.go",
		generator.MigrationsDir + "/0001_x.sql", "cmd/x"}
}

// checkAddPaths refuses, before add reads anything, a symbolic link on the
// way to a file it reads or writes (it would lead out of the service, or
// write through the team's link) and a FIFO or device where it reads a
// file (the read would block). A link at the file itself is add's to
// decide.
func checkAddPaths(dir, name string) error {
	sfs, err := svcfs.Open(dir)
	if err != nil {
		return nil //nolint:nilerr // add.Prepare says what is wrong with DIR
	}
	defer func() { _ = sfs.Close() }()
	for _, p := range addPaths(name) {
		if err := sfs.CheckDirs(p); err != nil {
			return err
		}
		info, err := sfs.Lstat(p)
		if err == nil && info.Mode()&fs.ModeSymlink == 0 && !info.Mode().IsRegular() && !info.IsDir() {
			return fmt.Errorf("%s: %w (%s): svcgen reads only regular files", p, svcfs.ErrNotRegular, info.Mode().Type())
		}
	}
	return nil
}
