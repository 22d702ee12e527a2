package check

import (
	"path"
	"regexp"
	"strings"

	"golang.org/x/mod/semver"
)

// The generated dependabot.yml proposes newer GitHub Action pins for the
// managed workflows and newer base images for the Dockerfile. A team that
// merges those pull requests is doing what the pipeline convention asks, so
// a managed file whose only differences are such bumps is not drift:
//
//   - workflows: a `uses: owner/repo@<40-hex sha> # vX.Y.Z` line replaced by
//     the same action at a strictly higher version tag (with its sha);
//   - Dockerfile: a `FROM image:tag [AS stage]` line replaced by the same
//     image and stage at a higher tag with the same suffix ("1.26.8-bookworm"
//     → "1.26.9-bookworm"), or the same tag pinned by a digest.
//
// Anything else on those lines, an older pin, another action or image, or
// any other changed, added or removed line is drift as before.

var (
	actionPin = regexp.MustCompile(`^(\s*(?:-\s+)?uses:\s+)([\w.-]+/[\w./-]+)@([0-9a-f]{40})\s+#\s+(v\d[\w.+-]*)\s*$`)
	imagePin  = regexp.MustCompile(`^(?i:(FROM\s+(?:--platform=\S+\s+)?))([^\s:@]+)(?::([\w][\w.-]*))?(@sha256:[0-9a-f]{64})?((?i:\s+AS\s+\S+)?)\s*$`)
	numTag    = regexp.MustCompile(`^(\d+(?:\.\d+){0,2})(.*)$`)
)

// pinBumpsOnly reports whether got differs from want (the render of the
// managed file p) only by newer pins, line for line.
func pinBumpsOnly(p string, want, got []byte) bool {
	var bumped func(w, g string) bool
	switch {
	case strings.HasPrefix(p, ".github/workflows/"):
		bumped = actionBumped
	case path.Base(p) == "Dockerfile":
		bumped = imageBumped
	default:
		return false
	}
	wl, gl := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	if len(wl) != len(gl) {
		return false
	}
	for i := range wl {
		if wl[i] != gl[i] && !bumped(wl[i], gl[i]) {
			return false
		}
	}
	return true
}

// actionBumped: the same action, at a higher version tag.
func actionBumped(w, g string) bool {
	wm, gm := actionPin.FindStringSubmatch(w), actionPin.FindStringSubmatch(g)
	if wm == nil || gm == nil || wm[1] != gm[1] || wm[2] != gm[2] {
		return false
	}
	return semver.IsValid(wm[4]) && semver.IsValid(gm[4]) && semver.Compare(gm[4], wm[4]) > 0
}

// imageBumped: the same image and stage, at the same tag pinned by digest or
// a higher numeric tag with the same suffix.
func imageBumped(w, g string) bool {
	wm, gm := imagePin.FindStringSubmatch(w), imagePin.FindStringSubmatch(g)
	if wm == nil || gm == nil || wm[1] != gm[1] || wm[2] != gm[2] || !strings.EqualFold(wm[5], gm[5]) ||
		wm[4] != "" && gm[4] == "" {
		return false // another image or stage, or a digest pin dropped
	}
	if wm[3] == gm[3] {
		return gm[4] != "" // the same tag, pinned by a (newer) digest
	}
	wt, gt := numTag.FindStringSubmatch(wm[3]), numTag.FindStringSubmatch(gm[3])
	if wt == nil || gt == nil || wt[2] != gt[2] {
		return false
	}
	return semver.Compare("v"+gt[1], "v"+wt[1]) > 0
}
