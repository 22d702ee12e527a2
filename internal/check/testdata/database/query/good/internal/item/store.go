package item

import (
	"context"
	"net/http"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

type store struct{ db *pgxpool.Pool }

func (s *store) name(ctx context.Context, id string) (string, error) {
	var n string
	err := s.db.QueryRow(ctx, "SELECT name FROM items WHERE id = $1", id).Scan(&n)
	return n, err
}

// Values that may be contexts: variables, calls, derived contexts.
func (s *store) write(ctx context.Context, q string, b *pgx.Batch) error {
	if _, err := s.db.Exec(context.WithoutCancel(ctx), q); err != nil {
		return err
	}
	c := ctx
	return s.db.SendBatch(c, b).Close()
}

// Methods of the same names on other values, without arguments or with a
// context-shaped first argument.
func filter(r *http.Request) string {
	return r.URL.Query().Get("name")
}
