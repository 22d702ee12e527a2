package promql

import "strings"

// token is one lexeme of an expression.
type token struct {
	kind byte   // 'i' identifier, 's' string, 'n' number or duration, 'o' operator, or the bracket or comma itself
	text string // a string's text is its unquoted value
	pos  int    // byte offset in the expression
}

// lex splits q into tokens. It knows PromQL's strings (three quotes, and
// backslash escapes except in backquotes), # comments, numbers with
// exponents, durations ("1h30m" is one number token) and identifiers with
// colons (recording rule names); every other run of operator characters is
// one operator token.
func lex(q string) ([]token, error) {
	var toks []token
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '#': // a comment, to the end of the line
			for i < len(q) && q[i] != '\n' {
				i++
			}
		case strings.IndexByte("(){}[],", c) >= 0:
			toks = append(toks, token{kind: c, text: q[i : i+1], pos: i})
			i++
		case c == '"' || c == '\'' || c == '`':
			t, end, err := lexString(q, i)
			if err != nil {
				return nil, err
			}
			toks = append(toks, t)
			i = end
		case c >= '0' && c <= '9' || c == '.':
			j := i + 1
			for j < len(q) && (identByte(q[j]) || q[j] == '.' || (q[j] == '+' || q[j] == '-') && (q[j-1] == 'e' || q[j-1] == 'E')) {
				j++
			}
			toks = append(toks, token{kind: 'n', text: q[i:j], pos: i})
			i = j
		case identByte(c) || c == ':':
			j := i + 1
			for j < len(q) && (identByte(q[j]) || q[j] == ':' || q[j] >= '0' && q[j] <= '9') {
				j++
			}
			toks = append(toks, token{kind: 'i', text: q[i:j], pos: i})
			i = j
		default:
			j := i + 1
			for j < len(q) && strings.IndexByte("=!~<>+-*/%^@", q[j]) >= 0 {
				j++
			}
			toks = append(toks, token{kind: 'o', text: q[i:j], pos: i})
			i = j
		}
	}
	return toks, nil
}

// lexString reads the string starting at q[i] and returns it with the
// offset just past its closing quote.
func lexString(q string, i int) (token, int, error) {
	quote := q[i]
	var b strings.Builder
	j := i + 1
	for ; j < len(q) && q[j] != quote; j++ {
		if q[j] == '\\' && quote != '`' && j+1 < len(q) {
			j++
		}
		b.WriteByte(q[j])
	}
	if j >= len(q) {
		return token{}, 0, &SyntaxError{Offset: i, Msg: "unterminated string"}
	}
	return token{kind: 's', text: b.String(), pos: i}, j + 1, nil
}

func identByte(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
