package item

import (
	"context"
	"fmt"
	"time"

	"go.uber.org/zap"
)

// Service loads items, falling back to a replica.
type Service struct {
	log     *zap.Logger
	primary func(context.Context, string) (Item, error)
	replica func(context.Context, string) (Item, error)
}

// Item is a stored item.
type Item struct{ ID string }

// Get logs the primary's error and returns the fallback's, a new value.
func (s *Service) Get(ctx context.Context, id string) (Item, error) {
	it, err := s.primary(ctx, id)
	if err == nil {
		return it, nil
	}
	s.log.Warn("primary failed, trying the replica", zap.Error(err))
	if it, err = s.replica(ctx, id); err != nil {
		return Item{}, fmt.Errorf("load item %s from the replica: %w", id, err)
	}
	return it, nil
}

// Retry logs a failed attempt and returns the error of the wait, a shadowed,
// different err.
func (s *Service) Retry(ctx context.Context, id string) (Item, error) {
	it, err := s.primary(ctx, id)
	if err == nil {
		return it, nil
	}
	s.log.Warn("attempt failed", zap.Error(err))
	if err := sleep(ctx, time.Second); err != nil {
		return Item{}, err
	}
	return s.primary(ctx, id)
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
