package database

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Record runs on the request path: its caller passes the request context.
func Record(ctx context.Context, pool *pgxpool.Pool, event string) error {
	_, err := pool.Exec(context.Background(), "INSERT INTO audit (event) VALUES ($1)", event) // want "database"
	return err
}
