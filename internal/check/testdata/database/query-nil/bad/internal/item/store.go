package item

import (
	"github.com/jackc/pgx/v5/pgxpool"
)

type store struct{ db *pgxpool.Pool }

func (s *store) delete(id string) error {
	_, err := s.db.Exec(nil, "DELETE FROM items WHERE id = $1", id) // want "database"
	return err
}
