package generator

import (
	"fmt"
	"io/fs"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// MigrationsDir is where a postgres service keeps its migrations
// (internal/database/migrate.go embeds migrations/*.sql).
const MigrationsDir = "internal/database/migrations"

// maxIdentLen is PostgreSQL's identifier limit (NAMEDATALEN-1 bytes);
// longer names are truncated silently, so two columns could collide.
const maxIdentLen = 63

// resourceTable is the resource's table: the plural of its name, as the
// default route spells it (order → orders).
func resourceTable(name string) string { return name + "s" }

// columnName maps a field name (a Go identifier of ASCII letters and
// digits) to a snake_case column: dueDate → due_date, userID → user_id.
// Field names are unique ignoring case, so their columns are unique.
func columnName(field string) string {
	var b strings.Builder
	for i := range len(field) {
		c := field[i]
		if isUpper(c) && i > 0 {
			prev := field[i-1]
			next := i+1 < len(field) && !isUpper(field[i+1]) && !isDigit(field[i+1])
			if !isUpper(prev) || next {
				b.WriteByte('_')
			}
		}
		b.WriteString(strings.ToLower(string(c)))
	}
	return b.String()
}

func isUpper(c byte) bool { return c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

var sqlIdentRE = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// sqlIdent quotes a table or column name. Every identifier is quoted, so a
// field named like an SQL keyword (order, user, group, limit) is just a
// column; the names are [a-z0-9_] (checked), so quoting is all they need.
func sqlIdent(name string) string {
	if !sqlIdentRE.MatchString(name) {
		panic(fmt.Sprintf("svcgen: SQL identifier %q is not [a-z][a-z0-9_]*", name))
	}
	return `"` + name + `"`
}

// checkColumns refuses a resource whose table or columns PostgreSQL would
// truncate.
func checkColumns(r Resource) error {
	if t := resourceTable(r.Name); len(t) > maxIdentLen {
		return &ResourceError{"resource NAME", r.Name, fmt.Sprintf("its table %s is longer than PostgreSQL's %d bytes: choose a shorter name", t, maxIdentLen)}
	}
	for _, f := range r.Fields {
		if c := columnName(f.Name); len(c) > maxIdentLen {
			return &ResourceError{"--fields", f.Name, fmt.Sprintf("its column %s is longer than PostgreSQL's %d bytes: choose a shorter name", c, maxIdentLen)}
		}
	}
	return nil
}

// sqlColumnType is a field's column type and constraints; the limits are the ones Input.Validate applies (MaxTextLen, MinInt, MaxInt
// in the resource template).
func sqlColumnType(kind, col string) string {
	switch kind {
	case "string":
		return "text NOT NULL CHECK (char_length(" + col + ") BETWEEN 1 AND 200)"
	case "int":
		return "bigint NOT NULL CHECK (" + col + " BETWEEN 0 AND 1000000)"
	case "time":
		return "timestamptz NOT NULL"
	case "bool":
		return "boolean NOT NULL"
	}
	panic("svcgen: no SQL type for field type " + kind)
}

// TemplateMigrations is the first migration version of the range kept for
// the migrations svcgen's templates ship after 0001 (1001_items_version.sql
// and later ones): add resource numbers below it, so a template release
// that brings a new migration to an existing service never takes a
// version a resource migration already has.
const TemplateMigrations = 1000

// migrationName is the migration file's base name without .sql:
// 0002_create_orders.
func migrationName(version int64, name string) string {
	return fmt.Sprintf("%04d_create_%s", version, resourceTable(name))
}

// migrationFileRE is the migrator's file name rule (readMigrations in the
// generated internal/database/migrate.go): a positive number, '_', a
// description, .sql.
var migrationFileRE = regexp.MustCompile(`^([0-9]+)_.+\.sql$`)

// MigrationError is a migrations directory add cannot number a new
// migration in, naming the file.
type MigrationError struct {
	File   string // slash path inside the service
	Reason string
}

func (e *MigrationError) Error() string { return e.File + ": " + e.Reason }

// NextMigration returns the version for a new migration in dir (the
// service's internal/database/migrations, as an fs.FS rooted at the
// service) and the table it would create, which must not be created by an
// existing migration: one more than the highest version present below
// TemplateMigrations, whatever the gaps. Files not ending in .sql are ignored (the migrator embeds
// only migrations/*.sql); a .sql file the migrator would refuse at
// start-up is a MigrationError, as is a migration that already creates
// the table.
func NextMigration(fsys fs.FS, name string) (int64, error) {
	entries, err := fs.ReadDir(fsys, MigrationsDir)
	if err != nil {
		return 0, fmt.Errorf("read %s: %w", MigrationsDir, err)
	}
	creates := regexp.MustCompile(`(?i)\bcreate\s+table\s+(if\s+not\s+exists\s+)?("?)` + regexp.QuoteMeta(resourceTable(name)) + `\b`)
	var highest int64
	for _, e := range entries {
		file := path.Join(MigrationsDir, e.Name())
		if e.IsDir() || !strings.HasSuffix(e.Name(), ".sql") {
			continue
		}
		m := migrationFileRE.FindStringSubmatch(e.Name())
		var v int64
		if m != nil {
			v, err = strconv.ParseInt(m[1], 10, 64)
		}
		if m == nil || err != nil || v <= 0 {
			return 0, &MigrationError{file, "not named NNNN_description.sql, which the service's migrator refuses at start-up: rename it, then add again"}
		}
		if v < TemplateMigrations {
			highest = max(highest, v)
		}
		body, err := fs.ReadFile(fsys, file)
		if err != nil {
			return 0, fmt.Errorf("read %s: %w", file, err)
		}
		if creates.Match(body) {
			return 0, &MigrationError{file, fmt.Sprintf("already creates table %s: choose another resource NAME", resourceTable(name))}
		}
	}
	if highest+1 >= TemplateMigrations {
		return 0, &MigrationError{MigrationsDir, fmt.Sprintf("the highest migration version below %d leaves no next one (%d and up are svcgen's): renumber the migrations", TemplateMigrations, TemplateMigrations)}
	}
	return highest + 1, nil
}
