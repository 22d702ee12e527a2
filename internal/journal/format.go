package journal

import (
	"bufio"
	"fmt"
	"io/fs"
	"os"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/svcgen/svcgen/internal/svcfs"
)

// Dir is the directory, inside the service, that holds the staged files
// and the journal while a write is applied. The name dates from when only
// update journaled; it stays, so a journal an older svcgen left is found.
const Dir = ".svcgen-update"

const (
	journalFile = "journal"
	stagedDir   = "new"
	// journalHeader starts a journal that records, per step, what the
	// file held before the write; journals without it (svcgen before
	// issue 20) are replayed without that check.
	journalHeader = "svcgen-journal 2"
	// Absent is the pre-image of a path where no file is.
	Absent = "-"
)

// op is one step of a journal: write a staged file, or delete one.
type op struct {
	write bool
	path  string
	mode  fs.FileMode
	// pre is the digest of what path held when the write was planned:
	// Absent when nothing was there, "" when unknown (an old journal). A
	// step is only taken while path still holds it, so an edit made
	// meanwhile (even after a crash) is never overwritten.
	pre string
}

func staged(p string) string { return path.Join(Dir, stagedDir, p) }

// writeJournal commits the write: written (by rename) only once every
// file is staged.
func writeJournal(sfs *svcfs.FS, ops []op, durable bool) error {
	return writeJournalIn(sfs.Root(), ops, durable)
}

// writeJournalIn is writeJournal in the service opened as root.
func writeJournalIn(root *os.Root, ops []op, durable bool) error {
	var b strings.Builder
	b.WriteString(journalHeader + "\n")
	for _, o := range ops {
		if o.write {
			fmt.Fprintf(&b, "write %o %s %s\n", o.mode.Perm(), o.pre, o.path)
		} else {
			fmt.Fprintf(&b, "delete %s %s\n", o.pre, o.path)
		}
	}
	tmp := path.Join(Dir, journalFile+".tmp")
	if err := writeFile(root, tmp, []byte(b.String()), 0o644, false, durable); err != nil {
		return fmt.Errorf("write journal: %w", err)
	}
	// Dir is this run's: made by it, no link of the team's in it.
	return root.Rename(filepath.FromSlash(tmp), filepath.FromSlash(path.Join(Dir, journalFile)))
}

func readJournal(sfs *svcfs.FS) ([]op, error) {
	data, _, err := sfs.ReadFile(path.Join(Dir, journalFile))
	if err != nil {
		return nil, err
	}
	sc := bufio.NewScanner(strings.NewReader(string(data)))
	v2 := false
	var ops []op
	for sc.Scan() {
		line := sc.Text()
		if len(ops) == 0 && !v2 && line == journalHeader {
			v2 = true
			continue
		}
		o, err := parseOp(line, v2)
		if err != nil {
			return nil, err
		}
		ops = append(ops, o)
	}
	return ops, sc.Err()
}

// parseOp reads "write MODE [PRE] PATH" or "delete [PRE] PATH" (PRE in a
// v2 journal only); PATH may hold spaces.
func parseOp(line string, v2 bool) (op, error) {
	kind, rest, _ := strings.Cut(line, " ")
	var o op
	if kind == "write" {
		mode, r, _ := strings.Cut(rest, " ")
		m, err := strconv.ParseUint(mode, 8, 32)
		if err != nil {
			return op{}, fmt.Errorf("journal: %q: %w", line, err)
		}
		o, rest = op{write: true, mode: fs.FileMode(m)}, r
	} else if kind != "delete" {
		return op{}, fmt.Errorf("journal: bad line %q", line)
	}
	if v2 {
		o.pre, rest, _ = strings.Cut(rest, " ")
	}
	o.path = rest
	if o.path == "" || !fs.ValidPath(o.path) {
		return op{}, fmt.Errorf("journal: path %q is not inside the service", o.path)
	}
	return o, nil
}
