package legacy

import "fmt"

func Dump(v any) {
	fmt.Printf("%+v\n", v)
}
