package order

import (
	"net/http"

	"example.com/acme/orders-api/internal/gen/orders_api/v1/orders_apiv1connect"
)

// Mount serves the RPCs on a mux of its own: no access log, span, metrics
// or error mapping.
func Mount(mux *http.ServeMux, svc orders_apiv1connect.OrderServiceHandler) {
	mux.Handle(orders_apiv1connect.NewOrderServiceHandler(svc)) // want "grpc: NewOrderServiceHandler mounts RPCs outside the standard chain"
}

var handler = func(svc orders_apiv1connect.OrderServiceHandler) http.Handler {
	_, h := orders_apiv1connect.NewOrderServiceHandler(svc) // want "grpc"
	return h
}

// orderHandler is not named by any httpserver.RPC: nothing chains it.
func orderHandler(svc orders_apiv1connect.OrderServiceHandler) (string, http.Handler) {
	return orders_apiv1connect.NewOrderServiceHandler(svc) // want "grpc"
}
