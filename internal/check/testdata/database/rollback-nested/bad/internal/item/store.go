package item

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

func rename(ctx context.Context, db *pgxpool.Pool, id, name string) error {
	tx, err := db.BeginTx(ctx, pgx.TxOptions{}) // want "database"
	if err != nil {
		return err
	}
	update := func() error {
		// Runs when update returns, before the commit: not a rollback of
		// tx on rename's early returns.
		defer func() { _ = tx.Rollback(ctx) }()
		_, err := tx.Exec(ctx, "UPDATE items SET name = $2 WHERE id = $1", id, name)
		return err
	}
	if err := update(); err != nil {
		return err
	}
	return tx.Commit(ctx)
}
