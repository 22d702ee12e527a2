package policy

import (
	"encoding/json"
	"strings"
)

// instruction is one Dockerfile instruction with continuations joined.
type instruction struct {
	line int    // 1-based line of the instruction keyword
	cmd  string // upper-cased keyword, e.g. FROM
	args string // the rest, trimmed
}

// stage is one FROM ... block.
type stage struct {
	line int
	name string
	user string // last USER in the stage
}

// CheckDockerfile checks a Dockerfile: at least two stages, the final stage
// runs as nonroot, every base image has an explicit tag or digest and none is
// :latest, and ENTRYPOINT uses the exec (JSON array) form, which needs no
// shell in the runtime image and delivers SIGTERM to the service itself.
func CheckDockerfile(data []byte) []Finding {
	fs := &findings{}
	var stages []stage
	for _, in := range parseDockerfile(string(data)) {
		switch in.cmd {
		case "FROM":
			st := checkFrom(fs, in, stages)
			stages = append(stages, st)
		case "USER":
			if len(stages) > 0 {
				stages[len(stages)-1].user = in.args
			}
		case "ENTRYPOINT":
			var argv []string
			if json.Unmarshal([]byte(in.args), &argv) != nil || len(argv) == 0 {
				fs.addf(in.line, RuleExecEntrypoint, "ENTRYPOINT must use the exec form [\"/binary\", ...], not the shell form")
			}
		}
	}
	if len(stages) < 2 {
		fs.addf(1, RuleMultiStage, "want a multi-stage build (a build stage and a minimal runtime stage), found %d FROM", len(stages))
	}
	if len(stages) > 0 {
		last := stages[len(stages)-1]
		if !isNonRoot(last.user) {
			fs.addf(last.line, RuleNonRootUser, "final stage must set USER nonroot:nonroot (or 65532), got %q", last.user)
		}
	}
	return fs.sorted()
}

func checkFrom(fs *findings, in instruction, prev []stage) stage {
	st := stage{line: in.line}
	var image string
	fields := strings.Fields(in.args)
	for i := 0; i < len(fields); i++ {
		f := fields[i]
		switch {
		case strings.HasPrefix(f, "--"):
		case strings.EqualFold(f, "AS") && i+1 < len(fields):
			st.name = strings.ToLower(fields[i+1])
			i++
		case image == "":
			image = f
		}
	}
	if msg := imageProblem(image, prev); msg != "" {
		fs.addf(in.line, RuleImageTag, "%s", msg)
	}
	return st
}

// imageProblem explains why a FROM image reference is not reproducible.
func imageProblem(image string, prev []stage) string {
	if image == "" {
		return "FROM without an image"
	}
	lower := strings.ToLower(image)
	if lower == "scratch" || strings.Contains(image, "$") {
		return "" // build args cannot be resolved statically
	}
	for _, s := range prev {
		if s.name == lower {
			return ""
		}
	}
	ref, _, hasDigest := strings.Cut(image, "@")
	tag := ""
	if i := strings.LastIndex(ref, ":"); i > strings.LastIndex(ref, "/") {
		tag = ref[i+1:]
	}
	switch {
	case tag == "latest":
		return image + " uses :latest; use an exact version tag (and a digest)"
	case tag == "" && !hasDigest:
		return image + " has no tag; use an exact version tag (and a digest)"
	}
	return ""
}

func isNonRoot(user string) bool {
	name, _, _ := strings.Cut(strings.TrimSpace(user), ":")
	return name == "nonroot" || name == "65532"
}

// parseDockerfile splits a Dockerfile into instructions, dropping comments
// and joining backslash continuations.
func parseDockerfile(src string) []instruction {
	var out []instruction
	var cur *instruction
	for i, raw := range strings.Split(src, "\n") {
		line := strings.TrimSpace(raw)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		cont := strings.HasSuffix(line, "\\")
		line = strings.TrimSuffix(line, "\\")
		if cur == nil {
			cmd, args := line, ""
			if j := strings.IndexAny(line, " \t"); j >= 0 {
				cmd, args = line[:j], line[j+1:]
			}
			cur = &instruction{line: i + 1, cmd: strings.ToUpper(cmd), args: args}
		} else {
			cur.args += " " + line
		}
		if !cont {
			cur.args = strings.TrimSpace(cur.args)
			out = append(out, *cur)
			cur = nil
		}
	}
	if cur != nil {
		cur.args = strings.TrimSpace(cur.args)
		out = append(out, *cur)
	}
	return out
}
