package item

import (
	"context"
	"testing"
)

func TestLoad(t *testing.T) { _ = context.Background() }
