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
	toks := make([]token, 0, len(q)/4) // about one token in four bytes of svcgen's queries
	for i := 0; i < len(q); {
		c := q[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case c == '#': // a comment, to the end of the line, which \r ends too (as in Prometheus's lexer)
			for i < len(q) && q[i] != '\n' && q[i] != '\r' {
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
			// In a hex number (0x1E) an E is a digit, not an exponent.
			hex := c == '0' && i+1 < len(q) && (q[i+1] == 'x' || q[i+1] == 'X')
			j := i + 1
			for j < len(q) && (identByte(q[j]) || q[j] == '.' || !hex && (q[j] == '+' || q[j] == '-') && (q[j-1] == 'e' || q[j-1] == 'E')) {
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
// offset just past its closing quote. A string without escapes is a slice
// of q: most are, and check lexes every query of a service.
func lexString(q string, i int) (token, int, error) {
	quote := q[i]
	j := i + 1
	escaped := false
	for ; j < len(q) && q[j] != quote; j++ {
		if q[j] == '\\' && quote != '`' && j+1 < len(q) {
			escaped = true
			j++
		}
	}
	if j >= len(q) {
		return token{}, 0, &SyntaxError{Offset: i, Msg: "unterminated string"}
	}
	text := q[i+1 : j]
	if escaped {
		var b strings.Builder
		for k := i + 1; k < j; k++ {
			if q[k] == '\\' {
				k++
			}
			b.WriteByte(q[k])
		}
		text = b.String()
	}
	return token{kind: 's', text: text, pos: i}, j + 1, nil
}

func identByte(c byte) bool { return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
