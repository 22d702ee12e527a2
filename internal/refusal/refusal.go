// Package refusal is the one error for a svcgen command that will not
// start or will not go on: invalid input, or a state of the service it
// must not touch (no manifest, unresolved conflicts, a pending journal, a
// symbolic link on the way, an unwritable directory, ...). Whatever
// returns a *Error has written nothing, and the CLI maps it to exit code 2
// in one place (cmd/svcgen/exit.go).
//
// Packages refuse with Errorf, or mark an error they got with Wrap; a
// caller asks with errors.As(err, new(*refusal.Error)).
package refusal

import (
	"errors"
	"fmt"
	"strings"

	"github.com/svcgen/svcgen/internal/svcfs"
)

// Error is a refusal: nothing was written.
type Error struct{ Err error }

func (e *Error) Error() string { return e.Err.Error() }
func (e *Error) Unwrap() error { return e.Err }

// Errorf refuses with a formatted message (%w wraps as in fmt.Errorf).
func Errorf(format string, args ...any) error {
	return &Error{Err: fmt.Errorf(format, args...)}
}

// Wrap marks err as a refusal; nil stays nil.
func Wrap(err error) error {
	if err == nil {
		return nil
	}
	return &Error{Err: err}
}

// Confined marks what svcfs refuses (a symbolic link on the way to a file,
// or a FIFO or device where a file is read) as a refusal and returns any
// other error as it is.
func Confined(err error) error {
	var le *svcfs.LinkError
	if errors.As(err, &le) || errors.Is(err, svcfs.ErrNotRegular) {
		return &Error{Err: err}
	}
	return err
}

// ListSome joins up to three paths for a message and says how many more
// there are.
func ListSome(paths []string) string {
	if len(paths) > 3 {
		return strings.Join(paths[:3], ", ") + fmt.Sprintf(" and %d more", len(paths)-3)
	}
	return strings.Join(paths, ", ")
}
