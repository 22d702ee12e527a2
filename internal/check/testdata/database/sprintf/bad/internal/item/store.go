package item

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5/pgxpool"
)

func get(ctx context.Context, db *pgxpool.Pool, id string) error {
	_, err := db.Exec(ctx, fmt.Sprintf("DELETE FROM items WHERE id = '%s'", id)) // want "database"
	return err
}
