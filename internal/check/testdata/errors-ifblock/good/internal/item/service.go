package item

import "go.uber.org/zap"

// save logs and goes on inside the block, or returns from it: never both
// for one error.
func save(log *zap.Logger, write, flush func() error) error {
	if err := write(); err != nil {
		log.Warn("write failed, flushing anyway", zap.Error(err))
	}
	err := flush()
	if err != nil {
		log.Error("flush failed", zap.Error(err))
		return nil
	}
	if err != nil {
		log.Warn("retrying", zap.Error(err))
		err = flush()
	}
	return err
}
