package generator_test

import (
	"io/fs"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/generator"
)

func TestColumnName(t *testing.T) {
	tests := []struct{ field, want string }{
		{"name", "name"},
		{"dueDate", "due_date"},
		{"userID", "user_id"},
		{"userId", "user_id"},
		{"myURLValue", "my_url_value"},
		{"a1B", "a1_b"},
		{"order", "order"},
		{"rolloutPct", "rollout_pct"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, generator.ColumnName(tt.field), tt.field)
	}
}

// migrations is a service tree with these files in its migrations dir.
func migrations(files map[string]string) fstest.MapFS {
	fsys := fstest.MapFS{}
	for name, body := range files {
		fsys[generator.MigrationsDir+"/"+name] = &fstest.MapFile{Data: []byte(body)}
	}
	return fsys
}

func TestNextMigrationIsMaxPlusOne(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  int64
	}{
		{"fresh service", map[string]string{"0001_create_items.sql": "CREATE TABLE items ();"}, 2},
		{"after a first add", map[string]string{"0001_create_items.sql": "", "0002_create_orders.sql": ""}, 3},
		{"a gap", map[string]string{"0001_a.sql": "", "0007_b.sql": "", "0003_c.sql": ""}, 8},
		{"unpadded and wide numbers", map[string]string{"12_a.sql": "", "0100_b.sql": ""}, 101},
		{"other files ignored", map[string]string{"0001_a.sql": "", "README.md": "CREATE TABLE orders", "0009_notes.txt": ""}, 2},
		{"empty dir", map[string]string{}, 1},
		{"template range ignored", map[string]string{"0001_create_items.sql": "", "0002_create_orders.sql": "", "1001_items_version.sql": ""}, 3},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := migrations(tt.files)
			fsys[generator.MigrationsDir] = &fstest.MapFile{Mode: fs.ModeDir | 0o755} // the dir itself, for "empty dir"
			got, err := generator.NextMigration(fsys, "order")
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestNextMigrationRefuses(t *testing.T) {
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{"no number", map[string]string{"create_orders.sql": ""}, "internal/database/migrations/create_orders.sql: not named NNNN_description.sql"},
		{"no description", map[string]string{"0002.sql": ""}, "0002.sql: not named NNNN_description.sql"},
		{"version 0", map[string]string{"0000_x.sql": ""}, "0000_x.sql: not named NNNN_description.sql"},
		{"too big", map[string]string{"99999999999999999999_x.sql": ""}, "not named NNNN_description.sql"},
		{"last version", map[string]string{"999_x.sql": "", "1001_items_version.sql": ""}, "below 1000 leaves no next one"},
		{"table exists", map[string]string{"0004_legacy.sql": "-- old\ncreate table if not exists \"orders\" (id text);"}, "0004_legacy.sql: already creates table orders: choose another resource NAME"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := generator.NextMigration(migrations(tt.files), "order")
			var me *generator.MigrationError
			require.ErrorAs(t, err, &me)
			assert.Contains(t, err.Error(), tt.want)
			assert.NotContains(t, err.Error(), "\n", "one line")
		})
	}
	// A table whose name only starts like the resource's is another table.
	got, err := generator.NextMigration(migrations(map[string]string{"0001_a.sql": "CREATE TABLE orders_archive (id text);"}), "order")
	require.NoError(t, err)
	assert.Equal(t, int64(2), got)
}

func TestRenderResourcePostgres(t *testing.T) {
	fields, err := generator.ParseFields("name:string,due:time")
	require.NoError(t, err)
	a := generator.Answers{Module: "example.com/x", Features: []string{"postgres"}}
	r := generator.Resource{Name: "order", Path: "/v1/orders", Fields: fields}
	_, err = generator.RenderResource(a, r)
	require.ErrorContains(t, err, "no migration version", "postgres needs a migration version")

	r.Migration = 42
	files, err := generator.RenderResource(a, r)
	require.NoError(t, err)
	paths := map[string]string{}
	for _, f := range files {
		paths[f.Path] = string(f.Data)
		assert.Equal(t, generator.ClassScaffold, f.Class, f.Path)
	}
	require.Contains(t, paths, "internal/database/migrations/0042_create_orders.sql")
	require.Contains(t, paths, "internal/order/postgres_store.go")
	assert.Contains(t, paths["internal/order/module.go"], "fx.Annotate(NewPostgresStore, fx.As(new(Store)))")

	// Without postgres: no store, no migration, and r.Migration is unused.
	files, err = generator.RenderResource(generator.Answers{Module: "example.com/x"}, r)
	require.NoError(t, err)
	for _, f := range files {
		assert.True(t, strings.HasPrefix(f.Path, "internal/order/"), f.Path)
		assert.NotEqual(t, "internal/order/postgres_store.go", f.Path)
	}
}

func TestRenderResourceRefusesLongColumns(t *testing.T) {
	long := "a" + strings.Repeat("BCd", 13) // 40 characters, a 66-byte column
	fields, err := generator.ParseFields(long + ":int")
	require.NoError(t, err)
	a := generator.Answers{Module: "example.com/x", Features: []string{"postgres"}}
	_, err = generator.RenderResource(a, generator.Resource{Name: "order", Path: "/v1/orders", Fields: fields, Migration: 2})
	var re *generator.ResourceError
	require.ErrorAs(t, err, &re)
	assert.Contains(t, err.Error(), "longer than PostgreSQL's 63 bytes")
	_, err = generator.RenderResource(generator.Answers{Module: "example.com/x"}, generator.Resource{Name: "order", Path: "/v1/orders", Fields: fields})
	require.NoError(t, err, "in memory the name is fine")
}
