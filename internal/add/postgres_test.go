package add_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/svcgen/svcgen/generator"
	"github.com/svcgen/svcgen/internal/add"
	"github.com/svcgen/svcgen/internal/manifest"
	"github.com/svcgen/svcgen/internal/refusal"
)

func created(p *add.Plan) map[string]string {
	out := map[string]string{}
	for _, f := range p.Created {
		out[f.Path] = string(f.Data)
	}
	return out
}

func addOne(t *testing.T, dir string, r generator.Resource) *add.Plan {
	t.Helper()
	plan, err := add.Prepare(add.Options{Dir: dir, Resource: r})
	require.NoError(t, err)
	require.NoError(t, plan.Apply(context.Background()))
	return plan
}

// TestPostgresServiceGetsStoreAndMigration: on a service with the postgres
// feature the resource gets a Postgres store, wired in its module, and the
// next numbered migration for its table; a second add gets the one after.
// Both migrations are recorded as scaffold with origin add-resource.
func TestPostgresServiceGetsStoreAndMigration(t *testing.T) {
	dir := service(t, "full")
	first := created(addOne(t, dir, order(t)))
	require.Contains(t, first, "internal/order/postgres_store.go")
	require.Contains(t, first, "internal/order/postgres_store_test.go")
	require.Contains(t, first, "internal/database/migrations/0002_create_orders.sql")
	assert.Contains(t, first["internal/database/migrations/0002_create_orders.sql"], `CREATE TABLE "orders" (`)
	assert.Contains(t, first["internal/order/module.go"], "fx.Annotate(NewPostgresStore, fx.As(new(Store)))")
	assert.NotContains(t, first["internal/order/module.go"], "NewMemoryStore")

	invoice := order(t)
	invoice.Name, invoice.Path = "invoice", "/v2/invoices"
	second := created(addOne(t, dir, invoice))
	require.Contains(t, second, "internal/database/migrations/0003_create_invoices.sql")

	m, err := manifest.Read(dir, generator.CheckRecorded)
	require.NoError(t, err)
	recorded := map[string]manifest.File{}
	for _, f := range m.Files {
		recorded[f.Path] = f
	}
	for _, p := range []string{"internal/database/migrations/0002_create_orders.sql", "internal/database/migrations/0003_create_invoices.sql"} {
		assert.Equal(t, generator.ClassScaffold, recorded[p].Class, p)
		assert.Equal(t, manifest.OriginAddResource, recorded[p].Origin, p)
	}
}

// A migrations dir the team changed: the next version is above the
// highest, whatever the gaps; files that are not .sql are ignored.
func TestMigrationAfterTheTeamsHighest(t *testing.T) {
	dir := service(t, "full")
	migrations := filepath.Join(dir, "internal", "database", "migrations")
	require.NoError(t, os.WriteFile(filepath.Join(migrations, "0017_add_index.sql"), []byte("CREATE INDEX items_name ON items (name);\n"), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(migrations, "README.md"), []byte("# Our migrations\n"), 0o644))
	plan, err := add.Prepare(add.Options{Dir: dir, Resource: order(t)})
	require.NoError(t, err)
	assert.Contains(t, created(plan), "internal/database/migrations/0018_create_orders.sql")
}

// Without postgres nothing changes: the in-memory store, no migration.
func TestNoPostgresNoMigration(t *testing.T) {
	for _, preset := range []string{"minimal", "standard"} {
		plan, err := add.Prepare(add.Options{Dir: service(t, preset), Resource: order(t)})
		require.NoError(t, err)
		files := created(plan)
		for p := range files {
			assert.True(t, strings.HasPrefix(p, "internal/order/"), p)
		}
		assert.NotContains(t, files, "internal/order/postgres_store.go")
		assert.Contains(t, files["internal/order/module.go"], "fx.Annotate(NewMemoryStore, fx.As(new(Store)))")
	}
}

// A postgres service without a migrations dir (a release before the
// database layer, or the team moved it) keeps the resource in memory and
// says so.
func TestPostgresWithoutMigrationsDirStaysInMemory(t *testing.T) {
	dir := service(t, "full")
	require.NoError(t, os.RemoveAll(filepath.Join(dir, "internal", "database", "migrations")))
	plan, err := add.Prepare(add.Options{Dir: dir, Resource: order(t)})
	require.NoError(t, err)
	files := created(plan)
	assert.NotContains(t, files, "internal/order/postgres_store.go")
	assert.Contains(t, files["internal/order/module.go"], "NewMemoryStore")
	require.Len(t, plan.Notes, 1)
	assert.Contains(t, plan.Notes[0], "no internal/database/migrations: order keeps its records in memory")
}

// A refused add (a .sql file the migrator would refuse) writes nothing.
func TestBadMigrationNameRefusesAndWritesNothing(t *testing.T) {
	dir := service(t, "full")
	require.NoError(t, os.WriteFile(filepath.Join(dir, "internal", "database", "migrations", "latest.sql"), []byte("SELECT 1;\n"), 0o644))
	before := snapshot(t, dir)
	_, err := add.Prepare(add.Options{Dir: dir, Resource: order(t)})
	var refused *refusal.Error
	require.ErrorAs(t, err, &refused)
	assert.Equal(t, "internal/database/migrations/latest.sql: not named NNNN_description.sql, which the service's migrator refuses at start-up: rename it, then add again", err.Error())
	assert.Equal(t, before, snapshot(t, dir))
}
