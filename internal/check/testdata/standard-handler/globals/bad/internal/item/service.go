package item

import "go.uber.org/zap"

func warn() {
	zap.L().Warn("global logger") // want "standard-handler"
}
