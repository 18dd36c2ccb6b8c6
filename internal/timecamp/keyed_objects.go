package timecamp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"sort"
	"strconv"
)

// Helpers for the invoicing module's collections (clients, invoices): lists sent as an object
// keyed by id or as an array, create replies sent as the object, an array holding it or an object
// keyed by its id, and update/delete calls whose "not found" signal is unknown.

// listKeyed reads GET path: an object keyed by id (where an item may leave its id to the key), an
// array, or `[]` for none. idOf points at an item's id. Items come back ordered by id; an item
// without an id is a *DecodeError.
func listKeyed[T any](ctx context.Context, c *Client, path string, idOf func(*T) *Int) ([]T, error) {
	req := request{method: http.MethodGet, path: path, replayable: true}
	resp, err := c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	var keyed Keyed[T]
	if err := decodeJSON(req, resp.body, &keyed); err != nil {
		return nil, err
	}
	isObject := bytes.HasPrefix(bytes.TrimSpace(resp.body), []byte("{"))
	byID := map[int64]T{}
	for key, item := range keyed {
		fillIDFromKey(&item, key, isObject, idOf)
		if *idOf(&item) == 0 {
			return nil, &DecodeError{Method: req.method, Path: req.path, Body: abbreviate(resp.body), Err: errMissingID}
		}
		byID[int64(*idOf(&item))] = item
	}
	out := make([]T, 0, len(byID))
	for _, item := range byID {
		out = append(out, item)
	}
	sort.Slice(out, func(i, j int) bool { return *idOf(&out[i]) < *idOf(&out[j]) })
	return out, nil
}

// fillIDFromKey gives an item of a keyed object the id its key names, when it leaves it out.
func fillIDFromKey[T any](item *T, key string, isObject bool, idOf func(*T) *Int) {
	if *idOf(item) != 0 || !isObject {
		return
	}
	if id, err := strconv.ParseInt(key, 10, 64); err == nil {
		*idOf(item) = Int(id)
	}
}

// findByID picks one item of a list by id; a missing one is ErrNotFound of kind.
func findByID[T any](items []T, err error, kind string, id int64, idOf func(*T) *Int) (*T, error) {
	if err != nil {
		return nil, err
	}
	for i := range items {
		if int64(*idOf(&items[i])) == id {
			return &items[i], nil
		}
	}
	return nil, notFound(kind, id, nil)
}

// decodeOneKeyed reads a create reply: the object itself (recognised by idField), an array holding
// it, or an object keyed by its id.
func decodeOneKeyed[T any](data []byte, kind, idField string, idOf func(*T) *Int) (*T, error) {
	data = bytes.TrimSpace(data)
	isObject := len(data) > 0 && data[0] == '{'
	if isObject {
		var probe map[string]json.RawMessage
		if err := json.Unmarshal(data, &probe); err != nil {
			return nil, err
		}
		if _, flat := probe[idField]; flat {
			var item T
			if err := json.Unmarshal(data, &item); err != nil {
				return nil, err
			}
			if *idOf(&item) <= 0 {
				return nil, errMissingID
			}
			return &item, nil
		}
	}
	var keyed Keyed[T]
	if err := json.Unmarshal(data, &keyed); err != nil {
		return nil, err
	}
	if len(keyed) != 1 {
		return nil, fmt.Errorf("expected one %s, got %d", kind, len(keyed))
	}
	for key, item := range keyed {
		fillIDFromKey(&item, key, isObject, idOf)
		if *idOf(&item) <= 0 {
			return nil, errMissingID
		}
		return &item, nil
	}
	return nil, errMissingID
}

// refusalAsNotFound turns a 4xx about an object that is not in its list into ErrNotFound (SPEC
// §17.16 leaves the "not found" signal of these calls open, so the list decides). get reads the
// object from the list.
func refusalAsNotFound(ctx context.Context, kind string, id int64, err error, get func(context.Context, int64) error) error {
	status := StatusCode(err)
	if err == nil || status < 400 || status >= 500 || status == http.StatusUnauthorized || status == http.StatusTooManyRequests {
		return err
	}
	if getErr := get(ctx, id); IsNotFound(getErr) {
		return notFound(kind, id, err)
	}
	return err
}
