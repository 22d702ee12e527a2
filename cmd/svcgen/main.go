// Command svcgen generates Go HTTP services that follow the team's
// conventions, checks existing services against them, and explains them.
//
// Usage:
//
//	svcgen new [DIR] [flags]   generate a service (prompts on a TTY for what flags leave open)
//	svcgen features [--json]   list presets and features
//	svcgen check [DIR]         report drift and convention findings
//	svcgen explain [TOPIC]     why a convention exists and where it lives
//	svcgen version
//
// Exit codes: 0 ok, 1 failure, 2 usage or invalid input, 3 check found
// problems, 130 cancelled.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], systemStreams()))
}
