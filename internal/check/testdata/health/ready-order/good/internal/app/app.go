package app

import (
	"go.uber.org/fx"

	"example.com/acme/orders-api/internal/httpserver"
	"example.com/acme/orders-api/internal/worker"
)

var Module = fx.Options(
	fx.Invoke(worker.Warm),
	httpserver.Module,
	worker.Module,
	fx.Module("jobs", fx.Invoke(worker.Start)),
	fx.Provide(worker.New),
)
