package item

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
)

func ping(ctx context.Context, db *pgxpool.Pool) error {
	_, err := db.Begin(ctx) // want "database"
	return err
}
