package item

import (
	"context"
	"fmt"

	"go.uber.org/zap"
)

// Get returns errors with context and logs nothing.
func (s *Service) Get(ctx context.Context, id string) (Item, error) {
	it, err := s.store.Load(ctx, id)
	if err != nil {
		return Item{}, fmt.Errorf("load item %s: %w", id, err)
	}
	return it, nil
}

// Warm handles a cache error by logging it and goes on; a later err is a
// different value.
func (s *Service) Warm(ctx context.Context, id string) error {
	if err := s.cache.Fill(ctx, id); err != nil {
		s.logger.Warn("warm cache", zap.Error(err))
	}
	err := s.store.Touch(ctx, id)
	if err != nil {
		return err
	}
	return nil
}

// Reassigned: the logged err is replaced before the return.
func (s *Service) Retry(ctx context.Context, id string) error {
	err := s.store.Touch(ctx, id)
	s.logger.Info("first try", zap.Error(err))
	err = s.store.Touch(ctx, id)
	return err
}
