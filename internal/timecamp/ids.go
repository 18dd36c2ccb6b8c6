package timecamp

import "fmt"

// requireIDs refuses a list in which a record has no id (a reply with the field missing or
// zero). Such a record cannot be told apart from the others, and without it the list would say
// "not found" for an object that exists: a refresh would drop it from state and the next apply
// would create it again. The whole reply is a *DecodeError instead.
func requireIDs[T any](req request, body []byte, items []T, id func(*T) Int) error {
	for i := range items {
		if id(&items[i]) == 0 {
			return &DecodeError{Method: req.method, Path: req.path, Body: abbreviate(body),
				Err: fmt.Errorf("record %d of %d has no id", i+1, len(items))}
		}
	}
	return nil
}
