package item

import "context"

func (s *Store) Load(ctx context.Context, id string) (Item, error) {
	return s.get(ctx, id)
}
