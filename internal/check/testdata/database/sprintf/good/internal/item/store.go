package item

import (
	"context"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

func get(ctx context.Context, db *pgxpool.Pool, id, schema string) error {
	if _, err := db.Exec(ctx, "DELETE FROM items WHERE id = $1", id); err != nil {
		return err
	}
	if _, err := db.Exec(ctx, "DELETE FROM "+
		"items WHERE id = $1", id); err != nil {
		return err
	}
	_, err := db.Exec(ctx, "CREATE SCHEMA "+pgx.Identifier{schema}.Sanitize())
	return err
}
