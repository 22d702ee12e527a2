// Package promql finds the metric names a PromQL expression selects, without
// a PromQL parser. `svcgen check` uses it for the metrics contract: every
// name a rule or dashboard query of a service selects must be a metric the
// service registers.
//
// Why not Prometheus's own parser: promql/parser linked into svcgen costs
// about 2 ms on every start, 4.4 MB of binary and eight modules
// (docs/design/observability.md §4). The extractor is a lexer (strings,
// numbers, durations, identifiers, brackets, operators) and one rule: an
// identifier is a metric name unless it is a keyword, is followed by "(" (a
// function or an aggregation), or sits inside {...}, [...] or the label list
// after by/without/on/ignoring/group_left/group_right. A {__name__="x"}
// matcher or a quoted {"x"} (Prometheus 3's UTF-8 names) names x.
//
// It is proven against promql/parser v0.316.0 by the nested module
// internal/promql/conformance: a differential test on every rule and
// dashboard query svcgen renders and a fuzz target with the parser as
// oracle. Known limit: a metric named like a keyword ("and", "offset", ...)
// is not found, so check stays silent about it; never a false finding.
//
// Unbalanced brackets and unterminated strings are errors; anything else
// (a misplaced operator, an unknown function) is promtool's to judge.
package promql

import (
	"fmt"
	"strings"
)

// Name is one metric name an expression selects.
type Name struct {
	Name   string
	Offset int // byte offset in the expression of the identifier or the __name__ string
}

// SyntaxError is an expression the extractor cannot read.
type SyntaxError struct {
	Offset int // byte offset in the expression
	Msg    string
}

func (e *SyntaxError) Error() string { return fmt.Sprintf("%s at offset %d", e.Msg, e.Offset) }

// MetricNames returns the metric names q selects, in the order they appear
// (a name selected twice is listed twice, as parser.Inspect visits it).
func MetricNames(q string) ([]Name, error) {
	toks, err := lex(q)
	if err != nil {
		return nil, err
	}
	var names []Name
	var stack []token // the open ( and [ brackets
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		switch t.kind {
		case '(':
			stack = append(stack, t)
		case '[':
			// A range or subquery: durations and steps, no names.
			end, err := closing(toks, i, '[', ']')
			if err != nil {
				return nil, err
			}
			i = end
		case '{':
			end, name, err := matchers(toks, i)
			if err != nil {
				return nil, err
			}
			// x{...}: the matchers refine x, a __name__ in them is not a
			// second selector.
			if name.Name != "" && (i == 0 || !isName(toks, i-1)) {
				names = append(names, name)
			}
			i = end
		case ')':
			if len(stack) == 0 {
				return nil, &SyntaxError{Offset: t.pos, Msg: "unbalanced \")\""}
			}
			stack = stack[:len(stack)-1]
		case ']', '}':
			return nil, &SyntaxError{Offset: t.pos, Msg: fmt.Sprintf("unbalanced %q", t.text)}
		case 'i':
			if labelListKeyword(t.text) && i+1 < len(toks) && toks[i+1].kind == '(' {
				end, err := closing(toks, i+1, '(', ')')
				if err != nil {
					return nil, err
				}
				i = end
				continue
			}
			if isName(toks, i) {
				names = append(names, Name{Name: t.text, Offset: t.pos})
			}
		}
	}
	if len(stack) > 0 {
		return nil, &SyntaxError{Offset: stack[len(stack)-1].pos, Msg: "unclosed \"(\""}
	}
	return names, nil
}

// isName reports whether the identifier toks[i] selects a metric.
func isName(toks []token, i int) bool {
	t := toks[i]
	if t.kind != 'i' {
		return false
	}
	next := ""
	if i+1 < len(toks) {
		next = strings.ToLower(toks[i+1].text)
	}
	lower := strings.ToLower(t.text)
	if aggregation(lower) {
		// "sum" alone is a metric called sum; "sum(" and "sum by" aggregate.
		return next != "(" && next != "by" && next != "without"
	}
	return !keyword(lower) && next != "("
}

func aggregation(s string) bool {
	switch s {
	case "sum", "avg", "count", "min", "max", "group", "stddev", "stdvar", "topk", "bottomk",
		"count_values", "quantile", "limitk", "limit_ratio":
		return true
	}
	return false
}

func keyword(s string) bool {
	switch s {
	case "and", "or", "unless", "bool", "offset", "start", "end", "atan2", "inf", "nan":
		return true
	}
	return labelListKeyword(s)
}

func labelListKeyword(s string) bool {
	switch strings.ToLower(s) {
	case "by", "without", "on", "ignoring", "group_left", "group_right":
		return true
	}
	return false
}

// matchers skips the {...} at toks[i] and returns the index of its "}" and
// the name a __name__="x" or a quoted "x" matcher gives, if any.
func matchers(toks []token, i int) (int, Name, error) {
	end, err := closing(toks, i, '{', '}')
	if err != nil {
		return 0, Name{}, err
	}
	var name Name
	for j := i + 1; j < end; j++ {
		t := toks[j]
		// Prometheus 3's quoted UTF-8 name: {"my.metric", job="x"}.
		if t.kind == 's' && (toks[j-1].kind == '{' || toks[j-1].kind == ',') && (toks[j+1].kind == ',' || toks[j+1].kind == '}') {
			name = Name{Name: t.text, Offset: t.pos}
		}
		if t.kind == 'i' && t.text == "__name__" && j+2 < end && toks[j+1].text == "=" && toks[j+2].kind == 's' {
			name = Name{Name: toks[j+2].text, Offset: toks[j+2].pos}
		}
	}
	return end, name, nil
}

// closing returns the index of the bracket that closes the one at toks[i].
func closing(toks []token, i int, open, close byte) (int, error) {
	depth := 0
	for j := i; j < len(toks); j++ {
		switch toks[j].kind {
		case open:
			depth++
		case close:
			depth--
			if depth == 0 {
				return j, nil
			}
		}
	}
	return 0, &SyntaxError{Offset: toks[i].pos, Msg: fmt.Sprintf("unclosed %q", open)}
}
