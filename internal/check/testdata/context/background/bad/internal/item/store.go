package item

import "context"

func (s *Store) Load(id string) (Item, error) {
	return s.get(context.Background(), id) // want "context"
}
