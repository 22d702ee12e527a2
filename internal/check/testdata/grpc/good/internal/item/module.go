package item

import (
	"net/http"

	"connectrpc.com/connect"
	"go.uber.org/fx"

	"example.com/acme/orders-api/internal/gen/orders_api/v1/orders_apiv1connect"
	"example.com/acme/orders-api/internal/httpserver"
)

// Module registers the RPCs with the chain.
var Module = fx.Options(
	httpserver.AsRPC(NewRPC),
	httpserver.AsRPC(func(h orders_apiv1connect.ItemServiceHandler) *httpserver.RPC {
		return &httpserver.RPC{Handler: func(opts ...connect.HandlerOption) (string, http.Handler) {
			return orders_apiv1connect.NewItemServiceHandler(h, opts...)
		}}
	}),
)
