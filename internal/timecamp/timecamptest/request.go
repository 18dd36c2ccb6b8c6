package timecamptest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"mime"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// maxBody bounds request bodies; TimeCamp calls are small.
const maxBody = 4 << 20

// apiRequest is one parsed call: the path below BasePath and the parameters
// from the query string merged with the body (SPEC §1.4). Body values win
// over query values of the same name. Values are JSON values as decoded
// (json.Number, string, bool, nil, []any, map[string]any) or form strings.
type apiRequest struct {
	method string
	path   string
	segs   []string // path segments, e.g. ["tag", "13"]
	params map[string]any
}

// readBody reads the whole request body; bodies come on every method,
// DELETE included (SPEC §1.4).
func readBody(r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(r.Body, maxBody+1))
	if err != nil {
		return nil, errBadRequest("Unable to read request body")
	}
	if len(body) > maxBody {
		return nil, errBadRequest("Request body too large")
	}
	return body, nil
}

func parseRequest(r *http.Request, sub string, body []byte) (*apiRequest, error) {
	req := &apiRequest{
		method: r.Method,
		path:   sub,
		segs:   strings.Split(strings.Trim(sub, "/"), "/"),
		params: map[string]any{},
	}
	mergeForm(req.params, r.URL.Query())

	if len(bytes.TrimSpace(body)) == 0 {
		return req, nil
	}

	mediaType, mediaParams, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch {
	case mediaType == "application/json" || strings.HasSuffix(mediaType, "+json"):
		return req, mergeJSON(req.params, body)
	case mediaType == "application/x-www-form-urlencoded":
		return req, mergeURLEncoded(req.params, body)
	case mediaType == "multipart/form-data":
		form, err := multipart.NewReader(bytes.NewReader(body), mediaParams["boundary"]).ReadForm(maxBody)
		if err != nil {
			return nil, errBadRequest("Invalid multipart body")
		}
		defer func() { _ = form.RemoveAll() }()
		mergeForm(req.params, form.Value)
		return req, nil
	}
	// No (or an unusual) content type: sniff like a lenient PHP backend would.
	if t := bytes.TrimSpace(body); t[0] == '{' || t[0] == '[' {
		return req, mergeJSON(req.params, body)
	}
	return req, mergeURLEncoded(req.params, body)
}

func mergeJSON(dst map[string]any, body []byte) error {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return errBadRequest("Invalid JSON body")
	}
	if dec.More() {
		return errBadRequest("Invalid JSON body")
	}
	switch v := v.(type) {
	case nil:
		return nil
	case map[string]any:
		for k, x := range v {
			dst[k] = x
		}
		return nil
	default:
		return errBadRequest("JSON body must be an object")
	}
}

func mergeURLEncoded(dst map[string]any, body []byte) error {
	vals, err := url.ParseQuery(string(body))
	if err != nil {
		return errBadRequest("Invalid form body")
	}
	mergeForm(dst, vals)
	return nil
}

// mergeForm copies form values: "name[]" collects a list under "name"; a
// repeated plain name keeps its last value, as PHP does.
func mergeForm(dst map[string]any, vals map[string][]string) {
	for k, vs := range vals {
		if len(vs) == 0 {
			continue
		}
		if base, ok := strings.CutSuffix(k, "[]"); ok {
			list := make([]any, len(vs))
			for i, s := range vs {
				list[i] = s
			}
			dst[base] = list
			continue
		}
		dst[k] = vs[len(vs)-1]
	}
}

// param is one named parameter as it arrived.
type param struct {
	name    string
	present bool
	raw     any
}

func (r *apiRequest) get(name string) param {
	v, ok := r.params[name]
	return param{name: name, present: ok, raw: v}
}

// has reports whether the parameter was sent at all (null included).
func (r *apiRequest) has(name string) bool {
	_, ok := r.params[name]
	return ok
}

// isNull reports a JSON null.
func (p param) isNull() bool { return p.present && p.raw == nil }

// isEmpty reports null, or a string that is blank.
func (p param) isEmpty() bool {
	if !p.present || p.raw == nil {
		return true
	}
	s, ok := p.raw.(string)
	return ok && strings.TrimSpace(s) == ""
}

func (p param) invalid() error { return errBadRequest(fmt.Sprintf("Invalid value for %s", p.name)) }

// text returns the value as a string: strings as is, numbers as written,
// booleans as "1"/"0". null yields "" (check isNull to tell them apart).
func (p param) text() (string, error) {
	switch v := p.raw.(type) {
	case nil:
		return "", nil
	case string:
		return v, nil
	case json.Number:
		return v.String(), nil
	case bool:
		return flag(v), nil
	default:
		return "", p.invalid()
	}
}

// optText returns nil for null and a pointer to the text otherwise, so that
// null and "" stay apart.
func (p param) optText() (*string, error) {
	if p.raw == nil {
		return nil, nil
	}
	s, err := p.text()
	if err != nil {
		return nil, err
	}
	return &s, nil
}

// int returns an integer sent as a JSON number, a numeric string or a form
// string. Integral floats ("5.0", 5e3) are accepted; blank and null are 0.
func (p param) int() (int64, error) {
	switch v := p.raw.(type) {
	case nil:
		return 0, nil
	case bool:
		return flagInt(v), nil
	case json.Number:
		return parseInt(v.String(), p)
	case string:
		s := strings.TrimSpace(v)
		if s == "" {
			return 0, nil
		}
		return parseInt(s, p)
	default:
		return 0, p.invalid()
	}
}

func parseInt(s string, p param) (int64, error) {
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return n, nil
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f != math.Trunc(f) || math.Abs(f) > 1<<62 {
		return 0, p.invalid()
	}
	return int64(f), nil
}

// flag returns a 0/1 switch sent as 0/1, "0"/"1" or true/false.
func (p param) flag() (bool, error) {
	if s, ok := p.raw.(string); ok {
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "true":
			return true, nil
		case "false":
			return false, nil
		}
	}
	n, err := p.int()
	if err != nil || (n != 0 && n != 1) {
		return false, p.invalid()
	}
	return n == 1, nil
}

// ints returns a list of ids sent as a JSON array (numbers or strings), a
// comma-separated string, or a single number. Blank items are skipped.
func (p param) ints() ([]int64, error) {
	var items []any
	switch v := p.raw.(type) {
	case nil:
		return nil, nil
	case []any:
		items = v
	case string:
		for _, s := range strings.Split(v, ",") {
			items = append(items, s)
		}
	default:
		items = []any{v}
	}
	var out []int64
	for _, it := range items {
		if s, ok := it.(string); ok && strings.TrimSpace(s) == "" {
			continue
		}
		n, err := param{name: p.name, present: true, raw: it}.int()
		if err != nil {
			return nil, err
		}
		out = append(out, n)
	}
	return out, nil
}

// pathID parses the numeric path segment i; ok is false when it is not a number.
func (r *apiRequest) pathID(i int) (int64, bool) {
	if i >= len(r.segs) {
		return 0, false
	}
	n, err := strconv.ParseInt(r.segs[i], 10, 64)
	return n, err == nil
}
