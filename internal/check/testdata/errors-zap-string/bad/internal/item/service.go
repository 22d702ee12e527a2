package item

import "go.uber.org/zap"

func warn(log *zap.Logger, err error) {
	log.Warn("cache fill", zap.String("error", err.Error())) // want `errors: zap\.String of err\.Error\(\) loses the error value`
}
