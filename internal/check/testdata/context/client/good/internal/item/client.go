package item

import (
	"context"
	"net/http"
	"time"
)

var client = &http.Client{Timeout: 5 * time.Second}

func fetch(ctx context.Context, url string) (*http.Response, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	return client.Do(req)
}
