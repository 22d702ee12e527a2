package app

import "context"

func start() context.Context { return context.Background() }
