package timecamp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/big"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// The decoders below accept every shape SPEC.md §1.6 reports for a value: TimeCamp renders numbers
// as strings, booleans as "0"/"1", empty objects as [] and sometimes null where a value is expected.

// Int is an integer that arrives as a JSON number, a numeric string, "" or null (both read as 0).
type Int int64

func (i *Int) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if isNull(data) {
		*i = 0
		return nil
	}
	text := string(data)
	if data[0] == '"' {
		if err := json.Unmarshal(data, &text); err != nil {
			return err
		}
		text = strings.TrimSpace(text)
		if text == "" {
			*i = 0
			return nil
		}
	}
	if n, err := strconv.ParseInt(text, 10, 64); err == nil {
		*i = Int(n)
		return nil
	}
	// "12.0" and 12.0 occur for integer fields in loosely typed replies. They are read exactly: through
	// a float64, 100000000000000.001 passed for an integer and 9007199254740993.0 lost its last digit.
	n, ok := integralDecimal(text)
	if !ok {
		return fmt.Errorf("cannot read %s as an integer", data)
	}
	*i = Int(n)
	return nil
}

// decimalText is a decimal number: sign, digits with an optional fraction, an optional exponent.
var decimalText = regexp.MustCompile(`^([+-]?)([0-9]*)(?:\.([0-9]*))?(?:[eE]([+-]?[0-9]+))?$`)

// integralDecimal reads decimal text ("12.0", "1.5e3") exactly and reports whether its value is an
// integer that int64 holds.
func integralDecimal(text string) (int64, bool) {
	m := decimalText.FindStringSubmatch(text)
	if m == nil || m[2]+m[3] == "" {
		return 0, false
	}
	digits := strings.TrimLeft(m[2]+m[3], "0")
	if digits == "" {
		return 0, true // zero, whatever the exponent
	}
	exp := -len(m[3]) // the value is digits × 10^exp
	if m[4] != "" {
		e, err := strconv.Atoi(m[4])
		if err != nil || e > 1<<20 || e < -1<<20 {
			return 0, false
		}
		exp += e
	}
	significant := strings.TrimRight(digits, "0")
	exp += len(digits) - len(significant)
	if exp < 0 || len(significant)+exp > 19 {
		return 0, false // a fraction, or past int64
	}
	n, err := strconv.ParseInt(m[1]+significant+strings.Repeat("0", exp), 10, 64)
	return n, err == nil
}

// Bool is a flag that arrives as true/false, 0/1, "0"/"1", "true"/"false", "" or null.
type Bool bool

func (b *Bool) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if isNull(data) {
		*b = false
		return nil
	}
	text := string(data)
	if data[0] == '"' {
		if err := json.Unmarshal(data, &text); err != nil {
			return err
		}
	}
	switch strings.ToLower(strings.TrimSpace(text)) {
	case "1", "true":
		*b = true
	case "0", "false", "":
		*b = false
	default:
		return fmt.Errorf("cannot read %s as a flag", data)
	}
	return nil
}

// String is text that may arrive as a JSON string, a number, a boolean, or null (read as "").
type String string

func (s *String) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	switch {
	case isNull(data):
		*s = ""
	case data[0] == '"':
		var text string
		if err := json.Unmarshal(data, &text); err != nil {
			return err
		}
		*s = String(text)
	case data[0] == '{' || data[0] == '[':
		return fmt.Errorf("cannot read %s as text", abbreviate(data))
	default:
		*s = String(data)
	}
	return nil
}

// NullString keeps JSON null (and an absent field) apart from "". TimeCamp uses null for unset task
// notes and external ids.
type NullString struct {
	Value string
	Valid bool // false for null or absent
}

func (s *NullString) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if isNull(data) {
		*s = NullString{}
		return nil
	}
	var text String
	if err := text.UnmarshalJSON(data); err != nil {
		return err
	}
	*s = NullString{Value: string(text), Valid: true}
	return nil
}

// Ptr returns nil for null, else a pointer to the text.
func (s NullString) Ptr() *string {
	if !s.Valid {
		return nil
	}
	v := s.Value
	return &v
}

// Decimal is a number kept as its decimal text ("21.00", 333, "12.3"), so money never passes through a float.
type Decimal string

func (d *Decimal) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	if isNull(data) {
		*d = ""
		return nil
	}
	text := string(data)
	if data[0] == '"' {
		if err := json.Unmarshal(data, &text); err != nil {
			return err
		}
		text = strings.TrimSpace(text)
	}
	if text != "" {
		// Decimal digits (strconv.ParseFloat also took "0_0", "0x1p4", "NaN" and "Inf"), of a finite
		// value that math/big reads, as the provider reads rates.
		m := decimalText.FindStringSubmatch(text)
		if m == nil || m[2]+m[3] == "" {
			return fmt.Errorf("cannot read %s as a decimal number", data)
		}
		if f, ok := new(big.Float).SetString(text); !ok || f.IsInf() {
			return fmt.Errorf("cannot read %s as a decimal number", data)
		}
	}
	*d = Decimal(text)
	return nil
}

// Keyed is a collection that TimeCamp sends as an object keyed by id ({"12": {...}}). PHP renders an
// empty one as [], and a few endpoints send a plain array instead; both are accepted (array elements
// are keyed by position).
type Keyed[T any] map[string]T

func (k *Keyed[T]) UnmarshalJSON(data []byte) error {
	data = bytes.TrimSpace(data)
	out := Keyed[T]{}
	switch {
	case isNull(data):
	case data[0] == '[':
		var items []T
		if err := json.Unmarshal(data, &items); err != nil {
			return err
		}
		for i, item := range items {
			out[strconv.Itoa(i)] = item
		}
	case data[0] == '{':
		m := map[string]T{}
		if err := json.Unmarshal(data, &m); err != nil {
			return err
		}
		for key, v := range m {
			out[key] = v
		}
	default:
		return fmt.Errorf("expected an object or an array, got %s", abbreviate(data))
	}
	*k = out
	return nil
}

// Values returns the elements ordered by key, numerically where the keys are numbers, so that
// callers see a stable order whatever order the map has.
func (k Keyed[T]) Values() []T {
	keys := make([]string, 0, len(k))
	for key := range k {
		keys = append(keys, key)
	}
	sort.Slice(keys, func(a, b int) bool { return lessKey(keys[a], keys[b]) })
	out := make([]T, 0, len(keys))
	for _, key := range keys {
		out = append(out, k[key])
	}
	return out
}

// lessKey is a total order on keys: numeric keys first, by value and then by text ("0" before
// "00"), then the other keys by text. (Comparing mixed keys as numbers where both parse and as text
// otherwise is not transitive, and equal numbers in two spellings had no order at all.)
func lessKey(a, b string) bool {
	na, errA := strconv.ParseInt(a, 10, 64)
	nb, errB := strconv.ParseInt(b, 10, 64)
	switch {
	case errA == nil && errB == nil:
		if na != nb {
			return na < nb
		}
		return a < b
	case errA == nil || errB == nil:
		return errA == nil
	}
	return a < b
}

// isEmptyCollection reports a body that says "nothing": [], {}, null, "[]" or no body at all.
func isEmptyCollection(data []byte) bool {
	switch string(bytes.TrimSpace(data)) {
	case "", "[]", "{}", "null", `"[]"`:
		return true
	}
	return false
}

func isNull(data []byte) bool { return len(data) == 0 || string(data) == "null" }

// decodeID reads a bare id body: 16, "16" or {"id": 16}.
func decodeID(data []byte) (int64, error) {
	var id Int
	if err := json.Unmarshal(data, &id); err == nil && id != 0 {
		return int64(id), nil
	}
	var obj struct {
		ID Int `json:"id"`
	}
	if err := json.Unmarshal(data, &obj); err == nil && obj.ID != 0 {
		return int64(obj.ID), nil
	}
	return 0, fmt.Errorf("expected the new object's id, got %s", abbreviate(data))
}

func abbreviate(data []byte) string {
	const limit = 120
	if len(data) > limit {
		return strings.ToValidUTF8(string(data[:limit]), "\uFFFD") + "…"
	}
	return strings.ToValidUTF8(string(data), "\uFFFD")
}
