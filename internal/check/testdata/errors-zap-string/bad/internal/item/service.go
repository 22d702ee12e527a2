package item

import "go.uber.org/zap"

func warn(log *zap.Logger, err error) {
	log.Warn("cache fill", zap.String("error", err.Error()))
}
