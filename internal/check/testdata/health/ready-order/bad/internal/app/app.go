package app

import (
	"go.uber.org/fx"

	"example.com/acme/orders-api/internal/httpserver"
	"example.com/acme/orders-api/internal/worker"
)

var Module = fx.Options(
	httpserver.Module,
	worker.Module,
	fx.Invoke(worker.Start), // want "health"
)
