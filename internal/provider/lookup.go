package provider

import (
	"fmt"
	"strings"
)

// pickOne returns the single element of matches, or an error that says what the lookup was and
// why it did not name exactly one object: a lookup data source must never guess.
func pickOne[T any](kind, criteria string, matches []T, idOf func(T) int64) (T, error) {
	var zero T
	switch len(matches) {
	case 1:
		return matches[0], nil
	case 0:
		return zero, fmt.Errorf("no %s matches %s. Check the spelling, or list them with the plural data source", kind, criteria)
	default:
		ids := make([]string, 0, len(matches))
		for _, m := range matches {
			ids = append(ids, fmt.Sprint(idOf(m)))
		}
		return zero, fmt.Errorf("%d %ss match %s (ids %s); narrow the lookup or look it up by id",
			len(matches), kind, criteria, strings.Join(ids, ", "))
	}
}
