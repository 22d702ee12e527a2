package check

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

// ruleQueries returns every `expr:` of a YAML file and every `record:`
// name, wherever they sit: a rule file's groups, a PrometheusRule's spec,
// a promtool test file's promql_expr_test. YAML files of other shapes
// simply hold none.
func ruleQueries(data []byte) ([]query, []string, error) {
	var queries []query
	var records []string
	dec := yaml.NewDecoder(bytes.NewReader(data))
	for {
		var doc yaml.Node
		err := dec.Decode(&doc)
		if errors.Is(err, io.EOF) {
			return queries, records, nil
		}
		if err != nil {
			return nil, nil, err
		}
		walkYAML(&doc, func(key string, v *yaml.Node) {
			switch key {
			case "expr":
				queries = append(queries, query{expr: v.Value, line: scalarLines(v)})
			case "record":
				records = append(records, v.Value)
			}
		})
	}
}

// walkYAML calls fn with every mapping key and its scalar value.
func walkYAML(n *yaml.Node, fn func(key string, v *yaml.Node)) {
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if v := n.Content[i+1]; v.Kind == yaml.ScalarNode {
				fn(n.Content[i].Value, v)
			}
		}
	}
	for _, c := range n.Content {
		walkYAML(c, fn)
	}
}

// scalarLines maps an offset in a scalar's value to its line in the file:
// a literal block (`expr: |`) keeps its lines, starting on the line after
// the indicator; any other style is reported on the line it starts on.
func scalarLines(v *yaml.Node) func(int) int {
	if v.Style&yaml.LiteralStyle == 0 {
		return func(int) int { return v.Line }
	}
	return func(offset int) int {
		return v.Line + 1 + strings.Count(v.Value[:min(offset, len(v.Value))], "\n")
	}
}

// dashboardQueries returns the expr of every target of a Grafana
// dashboard, panels in rows included, each with its line. Grafana's
// variables are not PromQL: each is replaced by a duration, which is
// right inside a range and harmless inside a string.
func dashboardQueries(data []byte) ([]query, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	var out []query
	err := walkJSON(dec, false, func(expr string, end int64) {
		line := 1 + bytes.Count(data[:end], []byte("\n"))
		out = append(out, query{expr: grafanaVariables(expr), line: func(int) int { return line }})
	})
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return nil, &lineError{line: 1 + bytes.Count(data[:min(se.Offset, int64(len(data)))], []byte("\n")), err: err}
	}
	if err != nil {
		return nil, err
	}
	return out, nil
}

// lineError is a file that does not decode, with the line the decoder
// stopped at.
type lineError struct {
	line int
	err  error
}

func (e *lineError) Error() string { return e.err.Error() }

// errorLine returns the line of a decoding error: a JSON syntax error's, or
// the one yaml.v3 writes into its message ("yaml: line 4: ..."); 0 if none.
func errorLine(err error) int {
	var le *lineError
	if errors.As(err, &le) {
		return le.line
	}
	rest, ok := strings.CutPrefix(err.Error(), "yaml: line ")
	if !ok {
		return 0
	}
	n, _, _ := strings.Cut(rest, ":")
	line, _ := strconv.Atoi(n)
	return line
}

// walkJSON reads one value from dec and calls fn with every string "expr"
// of an object inside a "targets" array, and the offset where it ends.
func walkJSON(dec *json.Decoder, inTargets bool, fn func(expr string, end int64)) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch tok {
	case json.Delim('{'):
		for dec.More() {
			key, err := dec.Token()
			if err != nil {
				return err
			}
			k, _ := key.(string)
			if k == "expr" && inTargets {
				if err := readExpr(dec, fn); err != nil {
					return err
				}
				continue
			}
			if err := walkJSON(dec, k == "targets", fn); err != nil {
				return err
			}
		}
		_, err = dec.Token()
	case json.Delim('['):
		for dec.More() {
			if err := walkJSON(dec, inTargets, fn); err != nil {
				return err
			}
		}
		_, err = dec.Token()
	}
	return err
}

// readExpr reads a target's expr: a string, or any other value, skipped.
func readExpr(dec *json.Decoder, fn func(string, int64)) error {
	var v any
	if err := dec.Decode(&v); err != nil {
		return err
	}
	if s, ok := v.(string); ok {
		fn(s, dec.InputOffset())
	}
	return nil
}

// grafanaVariables replaces $name, ${name...} and [[name]] by "5m".
func grafanaVariables(q string) string {
	if !strings.ContainsAny(q, "$[") {
		return q
	}
	var b strings.Builder
	for i := 0; i < len(q); {
		end := variableEnd(q, i)
		if end < 0 {
			b.WriteByte(q[i])
			i++
			continue
		}
		b.WriteString("5m")
		i = end
	}
	return b.String()
}

// variableEnd returns the end of a Grafana variable starting at q[i], or -1.
func variableEnd(q string, i int) int {
	switch {
	case strings.HasPrefix(q[i:], "${"):
		if j := strings.IndexByte(q[i:], '}'); j > 0 {
			return i + j + 1
		}
	case q[i] == '$':
		j := i + 1
		for j < len(q) && (identByteOrDigit(q[j])) {
			j++
		}
		if j > i+1 {
			return j
		}
	case strings.HasPrefix(q[i:], "[["):
		if j := strings.Index(q[i:], "]]"); j > 0 {
			return i + j + 2
		}
	}
	return -1
}

func identByteOrDigit(c byte) bool {
	return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}
