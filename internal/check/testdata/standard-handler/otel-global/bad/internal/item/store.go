package item

import (
	"context"

	"go.opentelemetry.io/otel"
)

func load(ctx context.Context) {
	_, span := otel.Tracer("item").Start(ctx, "load") // want "standard-handler"
	span.End()
}
