package telemetry

import (
	"go.opentelemetry.io/otel"
	"go.uber.org/zap"
)

// Install makes the injected logger and provider the process globals, for
// libraries that only know the globals: telemetry is where that happens.
func Install(l *zap.Logger) func() {
	_ = otel.GetTracerProvider()
	return zap.ReplaceGlobals(l)
}
