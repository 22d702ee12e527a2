package main

import (
	"io"
	"os"

	"golang.org/x/term"
)

// IOStreams are the command's standard streams; tests use buffers.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer
	// Interactive is true when both stdin and stdout are terminals: the
	// only case in which svcgen prompts.
	Interactive bool
}

func systemStreams() *IOStreams {
	return &IOStreams{
		In:          os.Stdin,
		Out:         os.Stdout,
		ErrOut:      os.Stderr,
		Interactive: term.IsTerminal(int(os.Stdin.Fd())) && term.IsTerminal(int(os.Stdout.Fd())),
	}
}
