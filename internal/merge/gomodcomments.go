package merge

import (
	"slices"
	"strings"

	"golang.org/x/mod/modfile"
)

// keepComments carries the comments the team wrote in ours into out (the
// merged file, laid out like theirs): a line's comments above and after it,
// a block's comments, and comment paragraphs of their own. A comment counts
// as the team's when ours' comments on an element differ from base's on the
// same element; elements are matched by directive and module path, never by
// position, so a moved or re-versioned requirement keeps its comment. A
// comment on an element the merge dropped goes with it.
func keepComments(b, o, out *modfile.File) {
	base, ours, merged := commented(b), commented(o), commented(out)
	for key, c := range ours.elems {
		if sameComments(c, base.elems[key]) {
			continue
		}
		if dst, ok := merged.elems[key]; ok {
			*dst = *c
		}
	}
	for _, c := range ours.paragraphs {
		if !slices.Contains(base.paragraphs, c) && !slices.Contains(merged.paragraphs, c) {
			out.Syntax.Stmt = append(out.Syntax.Stmt, &modfile.CommentBlock{
				Comments: modfile.Comments{Before: paragraph(c)},
			})
		}
	}
}

// commentIndex is a go.mod's commentable elements by key, and its comment
// paragraphs (standalone comment blocks) as text.
type commentIndex struct {
	elems      map[string]*modfile.Comments
	paragraphs []string
}

// commented indexes f's comments. A line's key is its directive and first
// argument ("require example.com/m", "module", "go"); a block's is its
// directive with "(" or ")" for the comments above it and before its
// closing parenthesis. The first of duplicate keys wins.
func commented(f *modfile.File) commentIndex {
	idx := commentIndex{elems: map[string]*modfile.Comments{}}
	add := func(key string, c *modfile.Comments) {
		if _, dup := idx.elems[key]; !dup {
			idx.elems[key] = c
		}
	}
	for _, stmt := range f.Syntax.Stmt {
		switch s := stmt.(type) {
		case *modfile.Line:
			add(lineKey("", s.Token), &s.Comments)
		case *modfile.LineBlock:
			verb := strings.Join(s.Token, " ")
			add(verb+" (", &s.Comments)
			add(verb+" )", &s.RParen.Comments)
			for _, l := range s.Line {
				add(lineKey(verb, l.Token), &l.Comments)
			}
		case *modfile.CommentBlock:
			idx.paragraphs = append(idx.paragraphs, commentText(s.Before))
		}
	}
	return idx
}

// lineKey is the key of a line with tokens, in a block of verb (or none).
func lineKey(verb string, tokens []string) string {
	if verb != "" {
		tokens = append([]string{verb}, tokens...)
	}
	switch {
	case len(tokens) == 0:
		return ""
	case tokens[0] == "module" || tokens[0] == "go" || tokens[0] == "toolchain" || len(tokens) == 1:
		return tokens[0]
	}
	return tokens[0] + " " + tokens[1]
}

// sameComments reports whether a and b (nil: no element) hold the same
// comment text in the same places.
func sameComments(a, b *modfile.Comments) bool {
	if b == nil {
		return len(a.Before)+len(a.Suffix)+len(a.After) == 0
	}
	return commentText(a.Before) == commentText(b.Before) &&
		commentText(a.Suffix) == commentText(b.Suffix) &&
		commentText(a.After) == commentText(b.After)
}

func commentText(cs []modfile.Comment) string {
	var sb strings.Builder
	for _, c := range cs {
		sb.WriteString(c.Token)
		sb.WriteByte('\n')
	}
	return sb.String()
}

// paragraph turns text from commentText back into comments.
func paragraph(text string) []modfile.Comment {
	var cs []modfile.Comment
	for l := range strings.SplitSeq(strings.TrimSuffix(text, "\n"), "\n") {
		cs = append(cs, modfile.Comment{Token: l})
	}
	return cs
}
