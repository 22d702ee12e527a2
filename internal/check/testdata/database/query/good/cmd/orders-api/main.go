package main

import (
	"context"
	"os"

	"github.com/jackc/pgx/v5"
)

func main() {
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, "")
	if err != nil {
		os.Exit(1)
	}
	_, _ = conn.Exec(ctx, "SELECT 1")
}
