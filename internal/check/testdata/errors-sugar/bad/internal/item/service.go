package item

import "context"

func (s *Service) Delete(ctx context.Context, id string) error {
	if err := s.store.Delete(ctx, id); err != nil {
		s.log.Errorw("delete item", "id", id, "err", err) // want "errors"
		return err
	}
	return nil
}
