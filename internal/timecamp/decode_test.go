package timecamp

import (
	"encoding/json"
	"reflect"
	"testing"
)

// Every shape SPEC.md §1.6 reports for a value, read by the lenient decoders.

func TestIntDecodes(t *testing.T) {
	cases := []struct {
		in   string
		want Int
	}{
		{`16`, 16},
		{`"16"`, 16},
		{`" 16 "`, 16},
		{`"-3"`, -3},
		{`""`, 0},
		{`null`, 0},
		{`"12.0"`, 12},
		{`12.0`, 12},
		{`"81272870"`, 81272870},
		{`9007199254740993`, 9007199254740993}, // past float64's exact range: read as an integer, not via a float
		{`"263000000123"`, 263000000123},       // past 2^31 (SPEC §1.6.10)
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got := Int(99) // a decoder that leaves the value alone must fail
			if err := json.Unmarshal([]byte(tc.in), &got); err != nil {
				t.Fatalf("Unmarshal(%s): %v", tc.in, err)
			}
			if got != tc.want {
				t.Errorf("Unmarshal(%s) = %d, want %d", tc.in, got, tc.want)
			}
		})
	}
}

func TestIntRejects(t *testing.T) {
	for _, in := range []string{`"abc"`, `"12.5"`, `12.5`, `true`, `{}`, `[]`, `"1,5"`, `"0x10"`} {
		t.Run(in, func(t *testing.T) {
			var got Int
			if err := json.Unmarshal([]byte(in), &got); err == nil {
				t.Errorf("Unmarshal(%s) = %d, want an error", in, got)
			}
		})
	}
}

func TestIntInsideStruct(t *testing.T) {
	// An absent field keeps its zero value; present fields of both types decode side by side.
	var v struct {
		A Int `json:"a"`
		B Int `json:"b"`
		C Int `json:"c"`
	}
	if err := json.Unmarshal([]byte(`{"a":"7","b":8}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.A != 7 || v.B != 8 || v.C != 0 {
		t.Errorf("got %+v, want a=7 b=8 c=0", v)
	}
}

func TestBoolDecodes(t *testing.T) {
	cases := []struct {
		in   string
		want Bool
	}{
		{`"1"`, true},
		{`"0"`, false},
		{`1`, true},
		{`0`, false},
		{`true`, true},
		{`false`, false},
		{`"true"`, true},
		{`"false"`, false},
		{`"TRUE"`, true},
		{`""`, false},
		{`null`, false},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got := !tc.want // start from the opposite value so that "left alone" fails
			if err := json.Unmarshal([]byte(tc.in), &got); err != nil {
				t.Fatalf("Unmarshal(%s): %v", tc.in, err)
			}
			if got != tc.want {
				t.Errorf("Unmarshal(%s) = %v, want %v", tc.in, got, tc.want)
			}
		})
	}
}

func TestBoolRejects(t *testing.T) {
	for _, in := range []string{`"2"`, `2`, `-1`, `"yes"`, `"abc"`, `{}`, `[]`} {
		t.Run(in, func(t *testing.T) {
			var got Bool
			if err := json.Unmarshal([]byte(in), &got); err == nil {
				t.Errorf("Unmarshal(%s) = %v, want an error", in, got)
			}
		})
	}
}

func TestStringDecodes(t *testing.T) {
	cases := []struct {
		in   string
		want String
	}{
		{`"First tag"`, "First tag"},
		{`"IT, R&D"`, "IT, R&D"},
		{`"caf\u00e9"`, "café"},
		{`123`, "123"},
		{`12.50`, "12.50"},
		{`true`, "true"},
		{`null`, ""},
		{`""`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got := String("left alone")
			if err := json.Unmarshal([]byte(tc.in), &got); err != nil {
				t.Fatalf("Unmarshal(%s): %v", tc.in, err)
			}
			if got != tc.want {
				t.Errorf("Unmarshal(%s) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	for _, in := range []string{`{"a":1}`, `[1]`} {
		var got String
		if err := json.Unmarshal([]byte(in), &got); err == nil {
			t.Errorf("Unmarshal(%s) = %q, want an error", in, got)
		}
	}
}

func TestNullStringKeepsNullAbsentAndEmptyApart(t *testing.T) {
	var v struct {
		Null    NullString `json:"null"`
		Empty   NullString `json:"empty"`
		Text    NullString `json:"text"`
		Number  NullString `json:"number"`
		Missing NullString `json:"missing"`
	}
	// Start from valid values: null must reset them, not merely leave them.
	v.Null = NullString{Value: "old", Valid: true}
	if err := json.Unmarshal([]byte(`{"null":null,"empty":"","text":"a note","number":42}`), &v); err != nil {
		t.Fatal(err)
	}
	checks := []struct {
		name string
		got  NullString
		want NullString
	}{
		{"null", v.Null, NullString{}},
		{"empty", v.Empty, NullString{Value: "", Valid: true}},
		{"text", v.Text, NullString{Value: "a note", Valid: true}},
		{"number", v.Number, NullString{Value: "42", Valid: true}},
		{"missing", v.Missing, NullString{}},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, c.got, c.want)
		}
	}
	if p := v.Null.Ptr(); p != nil {
		t.Errorf("null Ptr() = %q, want nil", *p)
	}
	if p := v.Empty.Ptr(); p == nil || *p != "" {
		t.Errorf(`"" Ptr() = %v, want a pointer to ""`, p)
	}
	var bad NullString
	if err := json.Unmarshal([]byte(`{"x":1}`), &bad); err == nil {
		t.Errorf("an object read as a NullString: want an error, got %+v", bad)
	}
}

func TestDecimalKeepsText(t *testing.T) {
	cases := []struct {
		in   string
		want Decimal
	}{
		{`"21.00"`, "21.00"}, // trailing zeros kept: money never goes through a float
		{`333`, "333"},
		{`"12.30"`, "12.30"},
		{`12.30`, "12.30"},
		{`"0.1"`, "0.1"},
		{`"-5.5"`, "-5.5"},
		{`"12345678901234567890.01"`, "12345678901234567890.01"},
		{`null`, ""},
		{`""`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.in, func(t *testing.T) {
			got := Decimal("left alone")
			if err := json.Unmarshal([]byte(tc.in), &got); err != nil {
				t.Fatalf("Unmarshal(%s): %v", tc.in, err)
			}
			if got != tc.want {
				t.Errorf("Unmarshal(%s) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
	for _, in := range []string{`"abc"`, `"12,30"`, `true`, `{}`} {
		var got Decimal
		if err := json.Unmarshal([]byte(in), &got); err == nil {
			t.Errorf("Unmarshal(%s) = %q, want an error", in, got)
		}
	}
}

type keyedItem struct {
	ID   Int    `json:"id"`
	Name String `json:"name"`
}

func TestKeyedShapes(t *testing.T) {
	t.Run("object keyed by id", func(t *testing.T) {
		var k Keyed[keyedItem]
		if err := json.Unmarshal([]byte(`{"13":{"id":"13","name":"a"},"14":{"id":14,"name":"b"}}`), &k); err != nil {
			t.Fatal(err)
		}
		want := Keyed[keyedItem]{"13": {13, "a"}, "14": {14, "b"}}
		if !reflect.DeepEqual(k, want) {
			t.Errorf("got %+v, want %+v", k, want)
		}
	})
	t.Run("[] is empty", func(t *testing.T) {
		k := Keyed[keyedItem]{"stale": {}}
		if err := json.Unmarshal([]byte(`[]`), &k); err != nil {
			t.Fatal(err)
		}
		if k == nil || len(k) != 0 {
			t.Errorf("got %#v, want an empty, non-nil map", k)
		}
	})
	t.Run("{} is empty", func(t *testing.T) {
		var k Keyed[keyedItem]
		if err := json.Unmarshal([]byte(`{}`), &k); err != nil {
			t.Fatal(err)
		}
		if k == nil || len(k) != 0 {
			t.Errorf("got %#v, want an empty, non-nil map", k)
		}
	})
	t.Run("array elements", func(t *testing.T) {
		var k Keyed[keyedItem]
		if err := json.Unmarshal([]byte(`[{"id":"5","name":"x"},{"id":"3","name":"y"}]`), &k); err != nil {
			t.Fatal(err)
		}
		got := k.Values()
		want := []keyedItem{{5, "x"}, {3, "y"}} // array order kept
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Values() = %+v, want %+v", got, want)
		}
	})
	t.Run("null", func(t *testing.T) {
		k := Keyed[keyedItem]{"stale": {}}
		if err := json.Unmarshal([]byte(`null`), &k); err != nil {
			t.Fatal(err)
		}
		if len(k) != 0 {
			t.Errorf("got %#v, want empty", k)
		}
	})
	t.Run("inside an object, [] for the empty tags", func(t *testing.T) {
		var list struct {
			Tags Keyed[keyedItem] `json:"tags"`
		}
		if err := json.Unmarshal([]byte(`{"tags":[]}`), &list); err != nil {
			t.Fatal(err)
		}
		if len(list.Tags) != 0 {
			t.Errorf("got %+v", list.Tags)
		}
	})
	t.Run("rejects scalars and bad members", func(t *testing.T) {
		for _, in := range []string{`5`, `"x"`, `true`, `{"1":"not an object"}`, `[1,2]`} {
			var k Keyed[keyedItem]
			if err := json.Unmarshal([]byte(in), &k); err == nil {
				t.Errorf("Unmarshal(%s) = %+v, want an error", in, k)
			}
		}
	})
}

func TestKeyedValuesOrderedNumerically(t *testing.T) {
	var k Keyed[keyedItem]
	// Lexical order would put "100" before "9" and "80000000" before "9"; numeric order must not.
	if err := json.Unmarshal([]byte(`{"100":{"id":100},"9":{"id":9},"80000000":{"id":80000000},"10":{"id":10}}`), &k); err != nil {
		t.Fatal(err)
	}
	var got []Int
	for _, v := range k.Values() {
		got = append(got, v.ID)
	}
	want := []Int{9, 10, 100, 80000000}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Values() ids = %v, want %v", got, want)
	}
	// Non-numeric keys sort after nothing in particular, but deterministically (lexically).
	k2 := Keyed[keyedItem]{"b": {Name: "b"}, "a": {Name: "a"}, "c": {Name: "c"}}
	var names []String
	for _, v := range k2.Values() {
		names = append(names, v.Name)
	}
	if !reflect.DeepEqual(names, []String{"a", "b", "c"}) {
		t.Errorf("Values() names = %v, want [a b c]", names)
	}
	if vals := (Keyed[keyedItem]{}).Values(); vals == nil || len(vals) != 0 {
		t.Errorf("empty Values() = %#v, want an empty slice", vals)
	}
}

func TestDecodeID(t *testing.T) {
	cases := []struct {
		in   string
		want int64
	}{
		{`16`, 16},
		{`"16"`, 16},
		{`{"id":16}`, 16},
		{`{"id":"16"}`, 16},
		{" 16\n", 16},
		{`3000000000`, 3000000000},
	}
	for _, tc := range cases {
		got, err := decodeID([]byte(tc.in))
		if err != nil || got != tc.want {
			t.Errorf("decodeID(%q) = %d, %v; want %d", tc.in, got, err, tc.want)
		}
	}
	for _, in := range []string{``, `0`, `"0"`, `"abc"`, `null`, `[]`, `{}`, `{"message":"OK"}`, `true`, `<html>`} {
		if got, err := decodeID([]byte(in)); err == nil {
			t.Errorf("decodeID(%q) = %d, want an error", in, got)
		}
	}
}

func TestIsEmptyCollection(t *testing.T) {
	for _, in := range []string{``, `[]`, `{}`, `null`, `"[]"`, " [] \n", "\n"} {
		if !isEmptyCollection([]byte(in)) {
			t.Errorf("isEmptyCollection(%q) = false, want true", in)
		}
	}
	for _, in := range []string{`[1]`, `{"id":"8"}`, `0`, `""`, `"x"`, `[{}]`, `{"8":{}}`} {
		if isEmptyCollection([]byte(in)) {
			t.Errorf("isEmptyCollection(%q) = true, want false", in)
		}
	}
}
