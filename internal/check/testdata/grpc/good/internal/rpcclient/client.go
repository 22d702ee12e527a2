package rpcclient

import "google.golang.org/grpc/codes"

// Code is the outbound client's view of a status.
type Code = codes.Code
