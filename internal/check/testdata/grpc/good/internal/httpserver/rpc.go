package httpserver

import "example.com/acme/orders-api/internal/gen/orders_api/v1/orders_apiv1connect"

func mount(h orders_apiv1connect.ItemServiceHandler) {
	_, _ = orders_apiv1connect.NewItemServiceHandler(h)
}
