package item

import (
	"context"
	"net/http"
)

func (s *Store) Refresh() error {
	return s.sync(context.Background(), http.DefaultClient) // want `context: context\.Background` `context: http\.DefaultClient`
}
