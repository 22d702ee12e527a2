package main

import (
	"fmt"
	"log"
)

func main() {
	fmt.Println("starting")
	log.Printf("pid %d", 1)
}
