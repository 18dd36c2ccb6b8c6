package timecamp

import (
	"bytes"
	"encoding/json"
	"errors"
	"math/big"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// Fuzz tests of the lenient decoders (decode.go, errorMessage, decodeID, decodeTasks, IntList).
// Their seeds are every shape SPEC.md §1.6 reports for a value; `go test` runs the seeds as
// ordinary tests, scripts/fuzz.sh runs each target briefly with -fuzz. The service replies are
// fuzzed in services_fuzz_test.go.
//
// Each target checks that nothing panics, both through encoding/json (which hands a decoder only
// valid JSON) and by calling UnmarshalJSON on the raw bytes, and then what the decoder promises.

// jsonKind is the kind of a valid JSON text: 'n'ull, 's'tring, '0' number, 'b'oolean, 'o'bject,
// 'a'rray, or 0 when data is not one JSON value.
func jsonKind(data []byte) byte {
	if !json.Valid(data) {
		return 0
	}
	t := bytes.TrimSpace(data)
	switch t[0] {
	case 'n':
		return 'n'
	case '"':
		return 's'
	case 't', 'f':
		return 'b'
	case '{':
		return 'o'
	case '[':
		return 'a'
	}
	return '0'
}

// decimalSyntax is decimal text as the integer and decimal decoders may accept it: an optional
// sign, digits with an optional fraction, an optional exponent. No hex, no underscores, no
// Inf/NaN.
var decimalSyntax = regexp.MustCompile(`^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][+-]?[0-9]+)?$`)

// exactValue is the exact value of decimal text, or nil when the text is not decimal or its
// exponent is too large to check cheaply (skipped: ok is false).
func exactValue(text string) (v *big.Rat, ok bool) {
	if !decimalSyntax.MatchString(text) {
		return nil, true
	}
	if i := strings.IndexAny(text, "eE"); i >= 0 {
		e, err := strconv.Atoi(text[i+1:])
		if err != nil || e > 4000 || e < -4000 {
			return nil, false
		}
	}
	r, okRat := new(big.Rat).SetString(text)
	if !okRat {
		return nil, false
	}
	return r, true
}

// fitsInt64 reports whether r is an integer that int64 holds.
func fitsInt64(r *big.Rat) (int64, bool) {
	if r == nil || !r.IsInt() || !r.Num().IsInt64() {
		return 0, false
	}
	return r.Num().Int64(), true
}

func addSeeds(f *testing.F, seeds ...string) {
	for _, s := range seeds {
		f.Add([]byte(s))
	}
}

// intSeeds are the shapes of an id, counter or duration (SPEC §1.6.1, .2, .10).
var intSeeds = []string{`16`, `"16"`, `" 16 "`, `"-3"`, `""`, `null`, `"12.0"`, `12.0`, `"81272870"`,
	`9007199254740993`, `"263000000123"`, `0`, `"0"`, `1e2`, `"1.5e3"`, `-0`, `"abc"`, `"12.5"`, `12.5`, `true`,
	`{}`, `[]`, `"1,5"`, `"0x10"`, `9223372036854775807`, `-9223372036854775808`, `9223372036854775808`}

func FuzzInt(f *testing.F) {
	addSeeds(f, intSeeds...)
	f.Fuzz(func(t *testing.T, data []byte) {
		var raw Int
		_ = raw.UnmarshalJSON(data) // must not panic on any bytes

		kind := jsonKind(data)
		if kind == 0 {
			return
		}
		var got Int
		err := json.Unmarshal(data, &got)

		text := string(bytes.TrimSpace(data))
		switch kind {
		case 'n':
			if err != nil || got != 0 {
				t.Fatalf("null read as %d, %v", got, err)
			}
			return
		case 'b', 'o', 'a':
			if err == nil {
				t.Fatalf("%s read as the integer %d", data, got)
			}
			return
		case 's':
			_ = json.Unmarshal(data, &text)
			text = strings.TrimSpace(text)
			if text == "" {
				if err != nil || got != 0 {
					t.Fatalf(`"" read as %d, %v`, got, err)
				}
				return
			}
		}
		want, checkable := exactValue(text)
		if !checkable {
			return
		}
		n, isInt := fitsInt64(want)
		switch {
		case isInt && err != nil:
			t.Fatalf("%s is the integer %d but was refused: %v", data, n, err)
		case isInt && int64(got) != n:
			t.Fatalf("%s read as %d, want exactly %d", data, got, n)
		case !isInt && err == nil:
			t.Fatalf("%s is not an integer that int64 holds, but was read as %d", data, got)
		}
		if err != nil {
			return
		}
		// Re-encoding the value, as a number and as a numeric string, reads back the same value.
		for _, again := range []string{strconv.FormatInt(int64(got), 10), strconv.Quote(strconv.FormatInt(int64(got), 10))} {
			var back Int
			if err := json.Unmarshal([]byte(again), &back); err != nil || back != got {
				t.Fatalf("%s read as %d, but its encoding %s reads back as %d, %v", data, got, again, back, err)
			}
		}
	})
}

func FuzzBool(f *testing.F) {
	addSeeds(f, `"1"`, `"0"`, `1`, `0`, `true`, `false`, `"true"`, `"false"`, `"TRUE"`, `""`, `null`, `" 1 "`,
		`"2"`, `2`, `-1`, `"yes"`, `{}`, `[]`, `"false,"`, `1.0`)
	f.Fuzz(func(t *testing.T, data []byte) {
		var raw Bool
		_ = raw.UnmarshalJSON(data)

		kind := jsonKind(data)
		if kind == 0 {
			return
		}
		got := Bool(true)
		err := json.Unmarshal(data, &got)
		text := string(bytes.TrimSpace(data))
		if kind == 's' {
			_ = json.Unmarshal(data, &text)
		}
		if kind == 'n' {
			text = ""
		}
		var want, accepted bool
		switch strings.ToLower(strings.TrimSpace(text)) {
		case "1", "true":
			want, accepted = true, true
		case "0", "false", "":
			want, accepted = false, true
		}
		if kind == 'o' || kind == 'a' {
			accepted = false
		}
		if accepted != (err == nil) || (accepted && bool(got) != want) {
			t.Fatalf("%s read as %v, %v; want accepted=%v value=%v", data, got, err, accepted, want)
		}
	})
}

// stringSeeds are text fields as TimeCamp sends them, numbers and booleans included (SPEC §1.6).
var stringSeeds = []string{`"First tag"`, `"IT, R&D"`, `"caf\u00e9"`, `123`, `12.50`, `true`, `null`, `""`, `{}`,
	`[]`, `"\ud800"`, `"a\u0000b"`, `"#34C644"`, `"2026-01-08 13:51:21"`, `-0.0e+00`, `false`}

func FuzzString(f *testing.F) {
	addSeeds(f, stringSeeds...)
	f.Fuzz(func(t *testing.T, data []byte) {
		var raw String
		_ = raw.UnmarshalJSON(data)

		kind := jsonKind(data)
		if kind == 0 {
			return
		}
		var got String
		err := json.Unmarshal(data, &got)
		text := string(bytes.TrimSpace(data))
		switch kind {
		case 'o', 'a':
			if err == nil {
				t.Fatalf("%s read as the text %q", data, got)
			}
			return
		case 'n':
			text = ""
		case 's':
			_ = json.Unmarshal(data, &text)
		}
		if err != nil || string(got) != text {
			t.Fatalf("%s read as %q, %v; want %q", data, got, err, text)
		}
	})
}

func FuzzNullString(f *testing.F) {
	addSeeds(f, stringSeeds...)
	f.Fuzz(func(t *testing.T, data []byte) {
		var raw NullString
		_ = raw.UnmarshalJSON(data)

		if jsonKind(data) == 0 {
			return
		}
		got := NullString{Value: "left", Valid: true}
		err := json.Unmarshal(data, &got)
		var plain String
		plainErr := json.Unmarshal(data, &plain)
		if jsonKind(data) == 'n' {
			if err != nil || got.Valid || got.Ptr() != nil {
				t.Fatalf("null read as %+v, %v", got, err)
			}
			return
		}
		if (err == nil) != (plainErr == nil) || (err == nil && (!got.Valid || got.Value != string(plain) || *got.Ptr() != got.Value)) {
			t.Fatalf("%s read as %+v, %v; String reads %q, %v", data, got, err, plain, plainErr)
		}
	})
}

func FuzzDecimal(f *testing.F) {
	addSeeds(f, `"21.00"`, `333`, `"12.3"`, `12.5`, `"45.00"`, `90`, `""`, `null`, `" 7 "`, `"-0.50"`, `1e3`,
		`"abc"`, `true`, `{}`, `[]`)
	f.Fuzz(func(t *testing.T, data []byte) {
		var raw Decimal
		_ = raw.UnmarshalJSON(data)

		kind := jsonKind(data)
		if kind == 0 {
			return
		}
		var got Decimal
		err := json.Unmarshal(data, &got)
		switch {
		case kind == 'n':
			if err != nil || got != "" {
				t.Fatalf("null read as %q, %v", got, err)
			}
		case kind == 'b' || kind == 'o' || kind == 'a':
			if err == nil {
				t.Fatalf("%s read as the decimal %q", data, got)
			}
		case kind == '0' && err != nil:
			// Every JSON number of a sane exponent is a decimal (it must not be refused).
			if _, checkable := exactValue(string(bytes.TrimSpace(data))); checkable {
				t.Fatalf("the number %s was refused: %v", data, err)
			}
		}
		if err != nil || got == "" {
			return
		}
		// What comes out is decimal text that the provider can read as a finite number (the billing
		// rate resource reads it with big.Float; the entries data source shows it as it is).
		if !decimalSyntax.MatchString(string(got)) {
			t.Fatalf("%s read as %q, which is not decimal text", data, got)
		}
		if v, ok := new(big.Float).SetPrec(512).SetString(string(got)); !ok || v.IsInf() {
			t.Fatalf("%s read as %q, which is not a finite number", data, got)
		}
	})
}

// keyedSeeds are the collection shapes of SPEC §1.6.4-5: keyed by id, arrays, PHP's [] for an
// empty object, null.
var keyedSeeds = []string{`{"12": 1, "3": "4"}`, `[1, "2", 3]`, `[]`, `{}`, `null`, ` [ ] `, `{ }`, `"[]"`, `7`,
	`{"1": null}`, `{"a": 1, "10": 2, "9": 3}`, `{"x": 1, "x": 2}`, `[null]`}

func FuzzKeyed(f *testing.F) {
	addSeeds(f, keyedSeeds...)
	f.Fuzz(func(t *testing.T, data []byte) {
		var raw Keyed[Int]
		_ = raw.UnmarshalJSON(data)

		kind := jsonKind(data)
		if kind == 0 {
			return
		}
		// Elements of any kind: only the collection's shape matters here.
		var k Keyed[json.RawMessage]
		err := json.Unmarshal(data, &k)
		switch kind {
		case 'n':
			if err != nil || k == nil || len(k) != 0 {
				t.Fatalf("null read as %v, %v; want an empty collection", k, err)
			}
		case 'a':
			var items []json.RawMessage
			_ = json.Unmarshal(data, &items)
			if err != nil || len(k) != len(items) {
				t.Fatalf("an array of %d read as %d elements, %v", len(items), len(k), err)
			}
			for i := range items {
				if _, ok := k[strconv.Itoa(i)]; !ok {
					t.Fatalf("array element %d is not under key %q", i, strconv.Itoa(i))
				}
			}
		case 'o':
			var m map[string]json.RawMessage
			_ = json.Unmarshal(data, &m)
			if err != nil || len(k) != len(m) {
				t.Fatalf("an object of %d keys read as %d elements, %v", len(m), len(k), err)
			}
		default:
			if err == nil {
				t.Fatalf("%s read as a collection %v", data, k)
			}
			return
		}
		// Values: every element once, in the same order every time whatever order the map iterates
		// in; numeric keys (ids) in numeric order. The keys stand in for the elements here.
		if got := k.Values(); len(got) != len(k) {
			t.Fatalf("Values gave %d of %d elements", len(got), len(k))
		}
		keys := Keyed[string]{}
		for key := range k {
			keys[key] = key
		}
		order := keys.Values()
		for range 4 {
			if again := keys.Values(); !reflect.DeepEqual(again, order) {
				t.Fatalf("Values of %s changed order between calls:\n%q\n%q", data, order, again)
			}
		}
		var numeric []int64
		for _, key := range order {
			if n, err := strconv.ParseInt(key, 10, 64); err == nil {
				if len(numeric) > 0 && n < numeric[len(numeric)-1] {
					t.Fatalf("Values of %s not in numeric key order: %q", data, order)
				}
				numeric = append(numeric, n)
			}
		}
		// Keyed of a typed element: an element error is an error, never a panic, and the empty
		// shapes are empty whatever the element type.
		var typed Keyed[Task]
		if err := json.Unmarshal(data, &typed); err == nil && (kind == 'n' || isEmptyCollection(data)) && len(typed) != 0 {
			t.Fatalf("%s read as %d tasks", data, len(typed))
		}
	})
}

func FuzzIntList(f *testing.F) {
	addSeeds(f, `[1,"2"]`, `7`, `"8"`, `"3,4"`, `null`, `[]`, `""`, `"3,,4, "`, `[1723605]`, `"x"`, `{}`, `true`, `[null]`)
	f.Fuzz(func(t *testing.T, data []byte) {
		var raw IntList
		_ = raw.UnmarshalJSON(data)
		if jsonKind(data) == 0 {
			return
		}
		var got IntList
		if err := json.Unmarshal(data, &got); err != nil {
			return
		}
		// A list that reads re-encodes to a list that reads the same.
		again, _ := json.Marshal(got)
		var back IntList
		if err := json.Unmarshal(again, &back); err != nil || len(back) != len(got) || (len(got) > 0 && !reflect.DeepEqual(back, got)) {
			t.Fatalf("%s read as %v, re-encoded %s reads %v, %v", data, got, again, back, err)
		}
	})
}

func FuzzDecodeID(f *testing.F) {
	addSeeds(f, `16`, `"16"`, ` 15 `, `{"id": 16}`, `{"id": "16"}`, `{"message":"OK"}`, `0`, `""`, `null`, `[]`,
		`"[]"`, `{"id": 0}`, `-4`, `<html>`, `12.0`)
	f.Fuzz(func(t *testing.T, data []byte) {
		id, err := decodeID(data)
		if err != nil {
			if id != 0 || !utf8.ValidString(err.Error()) {
				t.Fatalf("decodeID(%q) = %d, %q", data, id, err)
			}
			return
		}
		if id == 0 {
			t.Fatalf("decodeID(%q) succeeded with id 0", data)
		}
		// A bare integer body is that id.
		if jsonKind(data) == '0' {
			if n, err := strconv.ParseInt(string(bytes.TrimSpace(data)), 10, 64); err == nil && n != id {
				t.Fatalf("decodeID(%s) = %d", data, id)
			}
		}
	})
}

// errorBodies are the error bodies of SPEC §1.7 and the odd ones seen around them.
var errorBodies = []string{`{"message":"Task 23 not found"}`, `"Empty tags"`, `"RateType 1 not found"`, ``,
	`{"errors":[{"field":"name","message":"This value should not be blank."},{"field":"fieldType","message":"Choose a valid type"}]}`,
	`{"message":"At least one of users provided in payload does not exist","message_code":"projects.error.user_does_not_exist","message_params":[],"errors":[{"property":"userIds","message":"bad"}]}`,
	`{"retryable":true,"retry_after":60,"error_name":"origin_bad_gateway"}`, `<html><body>502 Bad Gateway</body></html>`,
	`{"message": {"code": 5}}`, `{"message": 42}`, `[]`, `null`, "\xff\xfe<p>\xc5", `{"message":`, `{"errors":[{"message":"m"}]}`}

func FuzzErrorMessage(f *testing.F) {
	addSeeds(f, errorBodies...)
	f.Fuzz(func(t *testing.T, body []byte) {
		msg := errorMessage(body)
		if !utf8.ValidString(msg) {
			t.Fatalf("errorMessage(%q) = %q: not UTF-8", body, msg)
		}
		if len(msg) > maxMessageLen+len("…") {
			t.Fatalf("errorMessage of %d bytes gave %d bytes, more than the bound %d", len(body), len(msg), maxMessageLen+len("…"))
		}
		if strings.TrimSpace(string(body)) == "" && msg != "" {
			t.Fatalf("an empty body gave %q", msg)
		}
		// A short {"message": "..."} is said as it is.
		var obj struct {
			Message *string `json:"message"`
		}
		if json.Unmarshal(body, &obj) == nil && obj.Message != nil && *obj.Message != "" && len(*obj.Message) < maxMessageLen &&
			utf8.ValidString(*obj.Message) && !strings.Contains(string(body), `"errors"`) && msg != *obj.Message {
			t.Fatalf("errorMessage(%s) = %q, want %q", body, msg, *obj.Message)
		}
	})
}

func FuzzDecodeTasks(f *testing.F) {
	addSeeds(f, tasksListNumbers, tasksListStrings2018, taskCreateReply, taskFlatReply, `[]`, `{}`, ``, `null`, `"[]"`,
		`{"5": {"task_id": "5", "name": "x"}, "6": null}`, `<html>oops</html>`, `"ok"`, `{"5": "not a task"}`,
		`{"task_id": "x"}`, `[{"task_id": 1}]`, `{"message":"ok"}`, `{"1": {"task_id": 1, "users": {"2": {"user_id": "2", "role_id": 3}}}}`)
	req := request{method: "GET", path: "/tasks"}
	f.Fuzz(func(t *testing.T, data []byte) {
		tasks, err := decodeTasks(req, data)
		if err != nil {
			checkDecodeError(t, err, map[string]bool{"GET /tasks": true})
			return
		}
		if isEmptyCollection(data) && len(tasks) != 0 {
			t.Fatalf("an empty body gave %d tasks", len(tasks))
		}
		for _, task := range tasks {
			_ = task.Users.Values()
		}
	})
}

// checkDecodeError requires err to be a *DecodeError that names one of the calls made (method and
// path, "GET /tasks") and carries a short, valid UTF-8 excerpt of the body.
func checkDecodeError(t *testing.T, err error, calls map[string]bool) {
	t.Helper()
	var de *DecodeError
	if !errors.As(err, &de) {
		t.Fatalf("error %T %q is not a *DecodeError", err, err)
	}
	if !calls[de.Method+" "+de.Path] {
		t.Fatalf("decode error names %s %s, not a call that was made (%v)", de.Method, de.Path, calls)
	}
	if !utf8.ValidString(de.Body) || utf8.RuneCountInString(de.Body) > 121 {
		t.Fatalf("decode error body excerpt %q: not UTF-8 or longer than 121 characters", de.Body)
	}
	if msg := de.Error(); !utf8.ValidString(msg) || !strings.Contains(msg, de.Method+" "+de.Path) {
		t.Fatalf("decode error message %q", msg)
	}
}
