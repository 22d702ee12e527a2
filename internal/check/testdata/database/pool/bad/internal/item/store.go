package item

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
)

func open(ctx context.Context, url string) (*pgxpool.Pool, error) {
	return pgxpool.New(ctx, url) // want "database"
}
