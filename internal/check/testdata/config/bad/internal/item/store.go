package item

import "os"

func dsn() string { return os.Getenv("ITEMS_DSN") } // want "config"
