package item

import (
	"context"
	"fmt"

	"go.uber.org/zap"
)

func (s *Service) Get(ctx context.Context, id string) (Item, error) {
	it, err := s.store.Load(ctx, id)
	if err != nil {
		s.logger.Error("load item", zap.String("id", id), zap.Error(err)) // want `errors: err is logged here and returned at line \d+`
		return Item{}, fmt.Errorf("load item %s: %w", id, err)
	}
	return it, nil
}
