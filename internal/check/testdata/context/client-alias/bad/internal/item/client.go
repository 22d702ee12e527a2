package item

import stdhttp "net/http"

func fetch(req *stdhttp.Request) (*stdhttp.Response, error) {
	return stdhttp.DefaultClient.Do(req) // want "context"
}
