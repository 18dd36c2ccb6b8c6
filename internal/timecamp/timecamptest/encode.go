package timecamptest

import (
	"bytes"
	"encoding/json"
	"sort"
	"strconv"
)

// object is a JSON object whose keys keep the order they were added in, so
// replies read like the examples in the spec. (Key order carries no meaning
// on the wire.)
type object []member

type member struct {
	key   string
	value any
}

func (o object) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			buf.WriteByte(',')
		}
		k, err := marshal(m.key)
		if err != nil {
			return nil, err
		}
		buf.Write(k)
		buf.WriteByte(':')
		v, err := marshal(m.value)
		if err != nil {
			return nil, err
		}
		buf.Write(v)
	}
	buf.WriteByte('}')
	return buf.Bytes(), nil
}

// keyedByID builds a PHP-style "object keyed by id" from items sorted by id.
// PHP serialises an empty associative array as `[]`, and so does this.
func keyedByID[T any](ids []int64, item func(id int64) T) any {
	if len(ids) == 0 {
		return []any{}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	o := make(object, 0, len(ids))
	for _, id := range ids {
		o = append(o, member{strconv.FormatInt(id, 10), item(id)})
	}
	return o
}

// marshal encodes v without HTML escaping ("R&D" stays readable).
func marshal(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

func jsonReply(status int, v any) reply {
	b, err := marshal(v)
	if err != nil {
		return reply{status: 500, body: []byte(`{"message":"emulator: encoding reply failed"}`)}
	}
	return reply{status: status, body: b}
}

// messageReply is TimeCamp's usual error (and sometimes success) body.
func messageReply(status int, msg string) reply {
	return jsonReply(status, object{{"message", msg}})
}

// emptyReply has no body at all (e.g. POST /group, 404 on PUT /tasks).
func emptyReply(status int) reply { return reply{status: status} }

// str renders an int64 as TimeCamp's string-typed number.
func str(n int64) string { return strconv.FormatInt(n, 10) }

// flag renders a boolean as "0"/"1".
func flag(b bool) string {
	if b {
		return "1"
	}
	return "0"
}

func flagInt(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// nullable renders a *string as a JSON string or null.
func nullable(s *string) any {
	if s == nil {
		return nil
	}
	return *s
}
