package item

import (
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/jackc/pgx/v5/stdlib"
)

func name(pool *pgxpool.Pool, id string) (string, error) {
	db := stdlib.OpenDBFromPool(pool)
	var n string
	err := db.QueryRow("SELECT name FROM items WHERE id = $1", id).Scan(&n) // want "database"
	return n, err
}
