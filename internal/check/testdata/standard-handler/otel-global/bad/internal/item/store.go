package item

import (
	"context"

	"go.opentelemetry.io/otel"
)

func load(ctx context.Context) {
	_, span := otel.Tracer("item").Start(ctx, "load")
	span.End()
}
