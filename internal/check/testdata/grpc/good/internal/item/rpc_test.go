package item

import (
	"testing"

	"google.golang.org/grpc"

	"example.com/acme/orders-api/internal/gen/orders_api/v1/orders_apiv1connect"
)

// Tests call the service with a real grpc-go client, and may build the
// handler directly.
func TestRPC(t *testing.T) {
	_, _ = orders_apiv1connect.NewItemServiceHandler(nil)
	_, _ = grpc.NewClient("localhost:0")
}
