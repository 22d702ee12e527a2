package item

import (
	"net/http"

	"connectrpc.com/connect"

	"example.com/acme/orders-api/internal/gen/orders_api/v1/orders_apiv1connect"
	"example.com/acme/orders-api/internal/httpserver"
)

// NewRPC is the one place the generated handler is built: the server
// mounts it through the chain.
func NewRPC(h orders_apiv1connect.ItemServiceHandler) httpserver.RPC {
	return httpserver.RPC{
		Service: nil,
		Handler: func(opts ...connect.HandlerOption) (string, http.Handler) {
			return orders_apiv1connect.NewItemServiceHandler(h, opts...)
		},
	}
}

// NewNamedRPC names its handler constructor instead of a literal.
func NewNamedRPC() httpserver.RPC {
	return httpserver.RPC{Handler: itemHandler}
}

func itemHandler(opts ...connect.HandlerOption) (string, http.Handler) {
	return orders_apiv1connect.NewItemServiceHandler(nil, opts...)
}
