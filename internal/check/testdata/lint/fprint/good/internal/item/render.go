package item

import (
	"fmt"
	"io"
)

// write goes to the writer it is given (a response, a buffer): not stdout.
func write(w io.Writer, id string) error {
	_, err := fmt.Fprintf(w, "item %s\n", id)
	return err
}
