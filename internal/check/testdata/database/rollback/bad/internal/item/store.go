package item

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
)

func rename(ctx context.Context, db *pgxpool.Pool, id, name string) error {
	tx, err := db.Begin(ctx) // want "database"
	if err != nil {
		return err
	}
	if _, err := tx.Exec(ctx, "UPDATE items SET name = $2 WHERE id = $1", id, name); err != nil {
		return err // tx stays open
	}
	return tx.Commit(ctx)
}
