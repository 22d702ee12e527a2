package item

import "go.uber.org/zap"

func save(log *zap.Logger, write func() error) error {
	err := write()
	if err != nil {
		log.Error("write failed", zap.Error(err)) // want "errors"
	}
	return err
}
