package item

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
)

// One finding (rule context), not a second one from rule database.
func get(ctx context.Context, db *pgxpool.Pool, id string) error {
	_, err := db.Exec(context.Background(), "DELETE FROM items WHERE id = $1", id) // want `context: context\.Background\(\) in a request-handling package`
	return err
}
