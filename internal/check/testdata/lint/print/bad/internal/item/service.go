package item

import "fmt"

func describe(n int) {
	fmt.Println("items:", n) // want "lint"
}
