package config

import "os"

func lookup(key string) (string, bool) { return os.LookupEnv(key) }
