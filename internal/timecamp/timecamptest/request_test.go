package timecamptest

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
)

func parse(t *testing.T, method, target, contentType, body string) *apiRequest {
	t.Helper()
	r := httptest.NewRequest(method, target, strings.NewReader(body))
	if contentType != "" {
		r.Header.Set("Content-Type", contentType)
	}
	b, err := readBody(r)
	if err != nil {
		t.Fatal(err)
	}
	req, err := parseRequest(r, r.URL.Path, b)
	if err != nil {
		t.Fatalf("parseRequest: %v", err)
	}
	return req
}

func TestParseEncodings(t *testing.T) {
	for _, tc := range []struct {
		name, method, target, ctype, body string
	}{
		{"json", "PUT", "/tasks", "application/json", `{"task_id": 81, "name": "n", "ids": [1, "2"]}`},
		{"json with charset", "PUT", "/tasks", "application/json; charset=utf-8", `{"task_id": "81", "name": "n", "ids": "1,2"}`},
		{"form", "PUT", "/tasks", "application/x-www-form-urlencoded", `task_id=81&name=n&ids[]=1&ids[]=2`},
		{"sniffed json", "DELETE", "/tasks", "", `{"task_id": 81.0, "name": "n", "ids": [1, 2]}`},
		{"sniffed form", "DELETE", "/tasks", "text/plain", `task_id=81&name=n&ids=1,2`},
		{"query only", "DELETE", "/tasks?task_id=81&name=n&ids=1,,2", "", ""},
		{"query and body", "POST", "/tasks?task_id=1&ids=1,2", "application/json", `{"task_id": 81, "name": "n"}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := parse(t, tc.method, tc.target, tc.ctype, tc.body)
			id, err := req.get("task_id").int()
			if err != nil || id != 81 {
				t.Errorf("task_id = %d, %v; want 81 (the body wins over the query)", id, err)
			}
			if s, _ := req.get("name").text(); s != "n" {
				t.Errorf("name = %q", s)
			}
			ids, err := req.get("ids").ints()
			if err != nil || !reflect.DeepEqual(ids, []int64{1, 2}) {
				t.Errorf("ids = %v, %v", ids, err)
			}
		})
	}
}

func TestParseMultipart(t *testing.T) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	_ = w.WriteField("name", "multi")
	_ = w.Close()
	req := parse(t, "POST", "/tag_list", w.FormDataContentType(), buf.String())
	if s, _ := req.get("name").text(); s != "multi" {
		t.Fatalf("name = %q", s)
	}
}

func TestParseRejects(t *testing.T) {
	for _, tc := range []struct{ ctype, body string }{
		{"application/json", `{"a":`},
		{"application/json", `[1,2]`},
		{"application/json", `{"a":1} {"b":2}`},
		{"", `{"a":`},
	} {
		r := httptest.NewRequest("POST", "/tasks", strings.NewReader(tc.body))
		r.Header.Set("Content-Type", tc.ctype)
		b, _ := readBody(r)
		if _, err := parseRequest(r, "/tasks", b); err == nil {
			t.Errorf("%q accepted", tc.body)
		}
	}
	r := httptest.NewRequest("POST", "/tasks", strings.NewReader(strings.Repeat("a", maxBody+1)))
	if _, err := readBody(r); err == nil {
		t.Error("an oversized body was accepted")
	}
}

func TestParamValues(t *testing.T) {
	req := parse(t, "PUT", "/tasks", "application/json", `{
		"null": null, "empty": "", "blank": "  ", "str": "x", "num": 12, "numstr": " 12 ", "float": 3e3,
		"frac": 1.5, "t": true, "f": false, "one": "1", "zero": 0, "two": 2, "obj": {"a": 1}, "big": 80000000123
	}`)

	if p := req.get("null"); !p.isNull() || !p.isEmpty() || !req.has("null") {
		t.Error("null: want present, null and empty")
	}
	if p := req.get("empty"); p.isNull() || !p.isEmpty() {
		t.Error(`"": want empty but not null`)
	}
	if !req.get("blank").isEmpty() || req.get("str").isEmpty() || !req.get("absent").isEmpty() || req.has("absent") {
		t.Error("isEmpty/has misjudge blank, a string or an absent param")
	}
	// optText keeps null and "" apart.
	if s, _ := req.get("null").optText(); s != nil {
		t.Errorf("optText(null) = %q, want nil", *s)
	}
	if s, _ := req.get("empty").optText(); s == nil || *s != "" {
		t.Error(`optText("") must be a pointer to ""`)
	}
	if s, _ := req.get("num").optText(); s == nil || *s != "12" {
		t.Error("optText(12) must be \"12\"")
	}

	for name, want := range map[string]int64{"num": 12, "numstr": 12, "float": 3000, "null": 0, "empty": 0, "t": 1, "big": 80000000123} {
		if n, err := req.get(name).int(); err != nil || n != want {
			t.Errorf("int(%s) = %d, %v; want %d", name, n, err, want)
		}
	}
	for _, name := range []string{"frac", "str", "obj"} {
		if _, err := req.get(name).int(); err == nil {
			t.Errorf("int(%s) accepted", name)
		}
	}
	for name, want := range map[string]bool{"t": true, "f": false, "one": true, "zero": false} {
		if b, err := req.get(name).flag(); err != nil || b != want {
			t.Errorf("flag(%s) = %v, %v; want %v", name, b, err, want)
		}
	}
	if _, err := req.get("two").flag(); err == nil {
		t.Error("flag(2) accepted")
	}
	if _, err := req.get("obj").text(); err == nil {
		t.Error("text(object) accepted")
	}
}

func TestEmptyBodyOnDeleteIsFine(t *testing.T) {
	a := newAPI(t, Options{})
	a.send(http.MethodDelete, "/group", "application/json", "").
		expectMessage(t, http.StatusForbidden, "You can not remove this group")
}
