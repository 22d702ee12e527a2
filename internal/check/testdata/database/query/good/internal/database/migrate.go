package database

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Start-up code with no caller's context: Background is where contexts begin.
func warm(pool *pgxpool.Pool) error {
	_, err := pool.Exec(context.Background(), "SELECT 1")
	return err
}
