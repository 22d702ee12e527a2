package main

import (
	"context"
	"errors"

	"github.com/AlecAivazis/survey/v2/terminal"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/refusal"
	"github.com/svcgen/svcgen/internal/svcfs"
)

// Exit codes, documented in docs/cli.md.
const (
	exitOK        = 0
	exitFailure   = 1
	exitUsage     = 2
	exitFindings  = 3
	exitCancelled = 130
)

// usageError marks invalid input: a bad flag, answer or argument.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

func usageErrorf(err error) error { return &usageError{err} }

// errFindings is returned by check when it reports problems.
var errFindings = errors.New("check found problems")

// exitCode maps an error to the documented exit code.
func exitCode(err error) int {
	var fieldErr *generator.FieldError
	var uErr *usageError
	var resErr *generator.ResourceError
	var linkErr *svcfs.LinkError
	var refused *refusal.Error
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, errFindings), errors.Is(err, errConflicts):
		return exitFindings
	case errors.Is(err, context.Canceled), errors.Is(err, terminal.InterruptErr):
		return exitCancelled
	case errors.As(err, &uErr), errors.As(err, &fieldErr), errors.As(err, &resErr), errors.Is(err, generator.ErrNotEmpty),
		errors.As(err, &linkErr), errors.As(err, &refused):
		return exitUsage
	}
	return exitFailure
}

// silentWrap wraps an error for errors.Is without adding to the message.
type silentWrap struct{ err error }

func (silentWrap) Error() string   { return "" }
func (s silentWrap) Unwrap() error { return s.err }
