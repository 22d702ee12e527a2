package item

import "fmt"

func ExampleDescribe() {
	fmt.Println("items: 1")
}
