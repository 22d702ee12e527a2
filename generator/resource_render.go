package generator

import (
	"bytes"
	"fmt"
	"go/format"
	"io/fs"
	"path"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"strings"
	"text/template"
)

// resourceRoot is the resource tree inside templates.FS.
const resourceRoot = "resource"

// resourceToken in a resource template path becomes the package name;
// migrationToken the new migration's name (0002_create_orders);
// namespacePlaceholder the proto package's first element (ResourceData.Namespace:
// buf wants api/<namespace>/v1 to hold package <namespace>.v1).
const (
	resourceToken        = "__resource__"
	migrationToken       = "__migration__"
	namespacePlaceholder = "__namespace__"
)

// generatedDir holds the code generated from the resources' protos. Only
// the example resource's comes from templates (text plus rawDesc); for a
// resource `svcgen add resource` writes, the plugins generate it.
const generatedDir = "internal/gen"

// ResourceData is what every resource template sees as dot. Every string
// is validated (module, names, path) or built by svcgen; Go literals go
// through goString anyway.
type ResourceData struct {
	Module  string
	Package string // order
	Type    string // Order
	Path    string // /v1/orders
	Fields  []FieldData
	// HasString, HasInt, HasTime say which field types occur (imports and
	// helpers exist only when used).
	HasString, HasInt, HasTime bool
	// ExampleJSON and OtherJSON are two valid bodies; ExampleGo and
	// OtherGo the same values as Input literals.
	ExampleJSON, OtherJSON string
	ExampleGo, OtherGo     string
	// KeyCaseJSON and DuplicateKeyJSON are fuzz seeds ParseInput must
	// refuse: the example with its first key in another case, and with its
	// first key twice; C1JSON the first field alone, a string with a C1
	// control character (refused for a string field, and a wrong type for
	// any other).
	KeyCaseJSON, DuplicateKeyJSON, C1JSON string
	// InvalidCases are bodies ParseInput must refuse, one or more per field.
	InvalidCases []InvalidCase
	// Example: this is the service's example resource (ExampleResource),
	// not one `svcgen add resource` wrote; only the package doc says so.
	Example bool
	// Postgres: the service has the postgres feature; the rest is its SQL.
	Postgres bool
	SQL      SQLData
	// GRPC: the service has the grpc feature: the resource is also an RPC
	// service, api/<Namespace>/v1/<Package>.proto, served by rpc.go.
	GRPC bool
	// Namespace is the proto package's first element, the service name as
	// a proto identifier (orders_api for orders-api): the package is
	// <Namespace>.v1 and its Go package <Namespace>v1.
	Namespace string
	// ProtoType is the Go name protoc-gen-go gives the message Type (and,
	// with a suffix, the service and its requests): Type, or Type with a
	// letter after a digit in capitals (Abc2def → Abc2Def).
	ProtoType string
	// ProtoRecord and ProtoRecords are the Go names of the messages'
	// fields holding one record (Item) and a page of them (Items).
	ProtoRecord, ProtoRecords string
}

// SQLData is the resource's table as the Postgres store and its migration
// spell it. Identifiers are quoted (sqlIdent); the strings are SQL text
// for Go raw string literals (no backquote can occur).
type SQLData struct {
	TableName    string // orders
	Table        string // "orders"
	Migration    string // 0002_create_orders.sql
	Columns      string // "id", "name", "due_date"
	Placeholders string // $1, $2, $3
	Set          string // "name" = $2, "due_date" = $3
	// ReplaceMatch and ReplaceNotify are the parameters of the replace
	// statement after Set's: If-Match (any version, or one of a list) and
	// the invalidation notice.
	ReplaceMatch  string // ($4 OR "version" = ANY($5))
	ReplaceNotify string // pg_notify($6, $7)
	// Upsert is the SET list of the create-or-replace statement, and
	// UpsertNotify its invalidation notice after the columns' parameters.
	Upsert       string // "name" = EXCLUDED."name"
	UpsertNotify string // pg_notify($4, $5)
	Defs         []string
}

// FieldData is one field as the templates need it.
type FieldData struct {
	Name     string // JSON name as given: dueDate
	GoName   string // DueDate
	Kind     string // string, int, time or bool
	GoType   string // string, int, time.Time or bool
	WireType string // the type in the JSON body: times are strings
	// FuzzSeeds are two valid fuzz arguments of type WireType, as Go
	// expressions.
	FuzzSeeds [2]string
	// Proto is the field in the resource's proto message.
	Proto ProtoField
}

// InvalidCase is a named invalid body, as a Go expression.
type InvalidCase struct{ Name, Expr string }

// RenderResource renders the resource r for the service answered by a, in
// memory: every Go file through go/format (invalid Go is an error naming
// the template). The layers come from the feature table (base, and
// postgres: the Postgres store and the migration r.Migration). Paths are
// slash paths inside the service; every file is ClassScaffold but generated
// code under internal/gen/ (ClassGenerated).
func RenderResource(a Answers, r Resource) ([]File, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	src := currentSource()
	layers := src.layers.resourceLayersOf(a)
	postgres := slices.Contains(layers, "postgres")
	if postgres {
		if err := checkColumns(r); err != nil {
			return nil, err
		}
		if r.Migration < 1 {
			return nil, fmt.Errorf("resource %s: the service has postgres but no migration version was given", r.Name)
		}
	}
	if slices.Contains(layers, "grpc") && a.Name == "" {
		return nil, fmt.Errorf("resource %s: the service has grpc but no name (its proto package)", r.Name)
	}
	srcs, err := resourceSources(src.fsys, layers, r, a.Name, false)
	if err != nil {
		return nil, err
	}
	data := newResourceData(a, r, layers)
	// gofmt is most of the work: spread the files over the CPUs; each lands
	// at its index and the first error in walk order is returned.
	files := make([]File, len(srcs))
	errs := make([]error, len(srcs))
	parallelN(runtime.GOMAXPROCS(0), len(srcs), func(i int) {
		s := srcs[i]
		files[i], errs[i] = renderResourceFile(src, s.src, s.rel, s.out, data)
	})
	if err := firstError(errs); err != nil {
		return nil, err
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Path < files[j].Path })
	return files, nil
}

type resourceSource struct{ src, rel, out, layer string }

// resourceSources lists the resource templates of layers in fsys, in walk
// order, with their output paths for r in the service named service; two
// layers producing one path is an error. The example resource (example)
// leaves out the migration: the service templates hold the example's
// migrations, which services have applied and which never change. Any
// other resource leaves out the generated code (generatedDir): its
// templates are the example's, and the plugins generate the others'.
func resourceSources(fsys fs.FS, layers []string, r Resource, service string, example bool) ([]resourceSource, error) {
	tokens := strings.NewReplacer(resourceToken, r.Name, migrationToken, migrationName(r.Migration, r.Name), namespacePlaceholder, protoNamespace(service))
	var srcs []resourceSource
	from := map[string]string{}
	for _, layer := range layers {
		root := path.Join(resourceRoot, layer)
		err := fs.WalkDir(fsys, root, func(src string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			rel := strings.TrimPrefix(src, resourceRoot+"/")
			out := tokens.Replace(strings.TrimSuffix(strings.TrimPrefix(src, root+"/"), ".tmpl"))
			if example && strings.HasPrefix(out, MigrationsDir+"/") || !example && strings.HasPrefix(out, generatedDir+"/") {
				return nil
			}
			if prev, dup := from[out]; dup {
				return fmt.Errorf("resource templates %s and %s both produce %s", prev, rel, out)
			}
			from[out] = rel
			srcs = append(srcs, resourceSource{src, rel, out, layer})
			return nil
		})
		if err != nil {
			return nil, err
		}
	}
	return srcs, nil
}

// renderResourceFile renders the resource template src of s (rel: its path
// inside the resource tree) to out.
func renderResourceFile(s *source, src, rel, out string, data ResourceData) (File, error) {
	raw, err := fs.ReadFile(s.fsys, src)
	if err != nil {
		return File{}, fmt.Errorf("read template %s: %w", rel, err)
	}
	body := raw
	if strings.HasSuffix(rel, ".tmpl") {
		if body, err = executeTemplate(rel, raw, s.funcs, data); err != nil {
			return File{}, fmt.Errorf("resource template %s: %w", rel, err)
		}
	}
	if path.Ext(out) == ".go" && !generatedNeedsNoFormat(out) {
		formatted, err := format.Source(body)
		if err != nil {
			return File{}, fmt.Errorf("resource template %s: output is not valid Go: %w", rel, err)
		}
		body = formatted
	}
	if len(body) == 0 || body[len(body)-1] != '\n' {
		return File{}, fmt.Errorf("resource template %s: text output must end in a newline", rel)
	}
	return File{Path: out, Data: body, Mode: 0o644, Class: classOf(out)}, nil
}

// generatedNeedsNoFormat: the example's protoc-gen-go output (*.pb.go) is
// gofmt-formatted with names substituted where no alignment or import
// order depends on them, so go/format, most of its render's cost, would
// change nothing (TestGeneratedCodeNeedsNoFormat proves it for very
// different names and modules). The connect code imports the module's
// package among the standard library's, so its import order depends on
// the module: it is formatted.
func generatedNeedsNoFormat(out string) bool {
	return strings.HasPrefix(out, generatedDir+"/") && strings.HasSuffix(out, ".pb.go")
}

// newResourceData is the data of resource r in the service answered by a,
// whose resource layers are layers.
func newResourceData(a Answers, r Resource, layers []string) ResourceData {
	postgres := slices.Contains(layers, "postgres")
	d := ResourceData{
		Module: a.Module, Package: r.Name, Type: exportedName(r.Name), Path: r.Path, Postgres: postgres,
		Namespace: protoNamespace(a.Name), GRPC: slices.Contains(layers, "grpc"),
		ProtoType: goCamelCase(exportedName(r.Name)), ProtoRecord: protoGoFieldName(r.Name), ProtoRecords: protoGoFieldName(r.Name + "s"),
	}
	example, other := []string{}, []string{}
	exampleGo, otherGo := []string{}, []string{}
	for i, f := range r.Fields {
		fd := FieldData{Name: f.Name, GoName: exportedName(f.Name), Kind: f.Type, GoType: f.Type, WireType: f.Type}
		fd.Proto = newProtoField(f, i)
		v := fieldValues[f.Type]
		switch f.Type {
		case "string":
			d.HasString = true
			v = fieldValue{json: [2]string{strconv.Quote(f.Name + "-1"), strconv.Quote(f.Name + "-2")}, goExpr: [2]string{strconv.Quote(f.Name + "-1"), strconv.Quote(f.Name + "-2")}}
		case "int":
			d.HasInt = true
		case "time":
			d.HasTime = true
			fd.GoType, fd.WireType = "time.Time", "string"
		}
		fd.FuzzSeeds = fuzzSeeds(f, v)
		d.Fields = append(d.Fields, fd)
		example = append(example, strconv.Quote(f.Name)+":"+v.json[0])
		other = append(other, strconv.Quote(f.Name)+":"+v.json[1])
		exampleGo = append(exampleGo, fd.GoName+": "+v.goExpr[0])
		otherGo = append(otherGo, fd.GoName+": "+v.goExpr[1])
	}
	d.ExampleJSON = "{" + strings.Join(example, ",") + "}"
	d.OtherJSON = "{" + strings.Join(other, ",") + "}"
	d.ExampleGo = "Input{" + strings.Join(exampleGo, ", ") + "}"
	d.OtherGo = "Input{" + strings.Join(otherGo, ", ") + "}"
	d.InvalidCases = invalidCases(r.Fields, example, postgres)
	first := r.Fields[0].Name
	d.KeyCaseJSON = "{" + strings.Join(append([]string{strconv.Quote(exportedName(first)) + example[0][len(strconv.Quote(first)):]}, example[1:]...), ",") + "}"
	d.DuplicateKeyJSON = "{" + strings.Join(append([]string{example[0]}, example...), ",") + "}"
	d.C1JSON = "{" + strconv.Quote(first) + ":" + strconv.Quote("a\u0085") + "}"
	if postgres {
		d.SQL = newSQLData(r)
	}
	return d
}

// fuzzSeeds are the fuzz target's two seeds for a field: the example
// value, and an edge (unicode text, the largest int, a fractional time).
func fuzzSeeds(f ResourceField, v fieldValue) [2]string {
	switch f.Type {
	case "string":
		return [2]string{strconv.Quote(f.Name + "-1"), strconv.Quote("ünïcødé ✓ 🙂")}
	case "int":
		return [2]string{"3", "MaxInt"}
	case "time":
		a, _ := strconv.Unquote(v.json[0])
		b, _ := strconv.Unquote(v.json[1])
		return [2]string{strconv.Quote(a), strconv.Quote(b)}
	}
	return v.goExpr
}

func newSQLData(r Resource) SQLData {
	table := resourceTable(r.Name)
	d := SQLData{TableName: table, Table: sqlIdent(table), Migration: migrationName(r.Migration, r.Name) + ".sql"}
	cols := []string{sqlIdent("id")}
	types := []string{`text COLLATE "C" PRIMARY KEY`}
	var holders, set, upsert []string
	for i, f := range r.Fields {
		col := sqlIdent(columnName(f.Name))
		cols = append(cols, col)
		types = append(types, sqlColumnType(f.Type, col))
		set = append(set, col+" = $"+strconv.Itoa(i+2))
		upsert = append(upsert, col+" = EXCLUDED."+col)
	}
	for i := range cols {
		holders = append(holders, "$"+strconv.Itoa(i+1))
	}
	// The version is not a field: the database starts it at 1 and every
	// update raises it; the store reads it after the fields.
	defs := append(slices.Clone(cols), sqlIdent("version"))
	types = append(types, "bigint NOT NULL DEFAULT 1")
	width := 0
	for _, c := range defs {
		width = max(width, len(c))
	}
	for i, c := range defs {
		d.Defs = append(d.Defs, c+strings.Repeat(" ", width-len(c)+1)+types[i])
	}
	d.Columns = strings.Join(cols, ", ")
	d.Placeholders = strings.Join(holders, ", ")
	d.Set = strings.Join(set, ", ")
	d.Upsert = strings.Join(upsert, ", ")
	next := len(cols) + 1
	d.UpsertNotify = fmt.Sprintf(`pg_notify($%d, $%d)`, next, next+1)
	d.ReplaceMatch = fmt.Sprintf(`($%d OR "version" = ANY($%d))`, next, next+1)
	d.ReplaceNotify = fmt.Sprintf(`pg_notify($%d, $%d)`, next+2, next+3)
	return d
}

type fieldValue struct{ json, goExpr [2]string }

var fieldValues = map[string]fieldValue{
	"int":  {json: [2]string{"3", "4"}, goExpr: [2]string{"3", "4"}},
	"bool": {json: [2]string{"true", "false"}, goExpr: [2]string{"true", "false"}},
	"time": {
		json:   [2]string{`"2026-01-02T15:04:05Z"`, `"2027-03-04T05:06:07.5+02:00"`},
		goExpr: [2]string{"time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)", "time.Date(2027, 3, 4, 3, 6, 7, 500_000_000, time.UTC)"},
	},
}

// badValues are JSON values each field type must refuse, by case name;
// "" means the field left out.
var badValues = map[string][][2]string{
	"string": {{"empty", `""`}, {"control character", `"a\u0007b"`}, {"not a string", `1`}, {"missing", ``}, {"too long", "LONG"}},
	"int":    {{"below range", `-1`}, {"above range", `1000001`}, {"fraction", `1.5`}, {"a string", `"3"`}},
	"time":   {{"not RFC 3339", `"2026-01-02 15:04:05"`}, {"bad month", `"2026-13-01T00:00:00Z"`}, {"year 0 in UTC", `"0000-01-01T00:30:00+01:00"`}, {"a number", `1`}, {"missing", ``}},
	"bool":   {{"a string", `"yes"`}, {"a number", `1`}},
}

// postgresBadValues are JSON values valid in memory that a Postgres-backed
// resource refuses: timestamptz keeps microseconds.
var postgresBadValues = map[string][][2]string{
	"time": {{"below a microsecond", `"2026-01-02T15:04:05.0000001Z"`}},
}

// invalidCases replaces one field of the example body at a time with a bad value.
// With postgres, times must also fit its microsecond precision.
func invalidCases(fields []ResourceField, example []string, postgres bool) []InvalidCase {
	var out []InvalidCase
	for i, f := range fields {
		bads := badValues[f.Type]
		if postgres {
			bads = append(slices.Clone(bads), postgresBadValues[f.Type]...)
		}
		for _, bad := range bads {
			parts := append([]string(nil), example[:i]...)
			var expr string
			switch bad[1] {
			case "":
				parts = append(parts, example[i+1:]...)
				expr = strconv.Quote("{" + strings.Join(parts, ",") + "}")
			case "LONG":
				before := "{" + strings.Join(append(parts, strconv.Quote(f.Name)+`:"`), ",")
				after := `"` + strings.Join(append([]string{""}, example[i+1:]...), ",") + "}"
				expr = strconv.Quote(before) + ` + strings.Repeat("x", MaxTextLen+1) + ` + strconv.Quote(after)
			default:
				parts = append(append(parts, strconv.Quote(f.Name)+":"+bad[1]), example[i+1:]...)
				expr = strconv.Quote("{" + strings.Join(parts, ",") + "}")
			}
			out = append(out, InvalidCase{Name: f.Name + " " + bad[0], Expr: expr})
		}
	}
	return out
}

func executeTemplate(name string, src []byte, funcs template.FuncMap, data any) ([]byte, error) {
	tmpl, err := template.New(name).Option("missingkey=error").Funcs(funcs).Parse(string(src))
	if err != nil {
		return nil, fmt.Errorf("parse template: %w", err)
	}
	var buf bytes.Buffer
	if err := tmpl.Execute(&buf, data); err != nil {
		return nil, fmt.Errorf("execute template: %w", err)
	}
	return buf.Bytes(), nil
}
