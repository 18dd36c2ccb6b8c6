package timecamp

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"
)

// ErrNotFound is matched (errors.Is) by every error that means "the object does not exist",
// whatever signal the endpoint used for it: 404, a 400 or 403 with a known message, or a `[]` body.
var ErrNotFound = errors.New("not found")

// APIError is a reply from TimeCamp with a status that is not a success.
type APIError struct {
	Method     string
	Path       string // below the base URL, without the query
	StatusCode int
	Message    string // the API's own words, taken from the body; may be empty
}

func (e *APIError) Error() string {
	msg := e.Message
	if msg == "" {
		msg = "no message in the response body"
	}
	return fmt.Sprintf("TimeCamp API %s %s answered HTTP %d: %s", e.Method, e.Path, e.StatusCode, msg)
}

// NotFoundError says which object is missing; it wraps the reply that said so, when there was one.
type NotFoundError struct {
	Kind string // "task", "group", "tag list", ...
	ID   string
	Err  error // the APIError behind it, or nil when the signal was an empty body such as `[]`
}

func (e *NotFoundError) Error() string {
	s := fmt.Sprintf("%s %s not found", e.Kind, e.ID)
	if e.Err != nil {
		s += " (" + e.Err.Error() + ")"
	}
	return s
}

func (e *NotFoundError) Is(target error) bool { return target == ErrNotFound }
func (e *NotFoundError) Unwrap() error        { return e.Err }

// IsNotFound reports whether err means the object does not exist.
func IsNotFound(err error) bool { return errors.Is(err, ErrNotFound) }

// StatusCode returns the HTTP status of an API error anywhere in err's chain, or 0.
func StatusCode(err error) int {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.StatusCode
	}
	return 0
}

func notFound(kind string, id any, cause error) error {
	return &NotFoundError{Kind: kind, ID: fmt.Sprint(id), Err: cause}
}

// maxMessageLen bounds how much of an unexpected body (an HTML error page, say) reaches a diagnostic.
const maxMessageLen = 300

// errorMessage extracts the human text from an error body. TimeCamp uses {"message": "..."}, a bare
// JSON string, v3's {"errors": [{"field"|"property", "message"}]}, or nothing at all.
func errorMessage(body []byte) string {
	return diagnosticText(messageOf(body))
}

// diagnosticText bounds a message and makes it valid UTF-8: a cut may split a character, a page
// need not be UTF-8 at all, and raw JSON inside a message carries the page's bytes; a diagnostic
// must be readable text of a sensible length.
func diagnosticText(text string) string {
	// Repair first, then cut at a character boundary: each invalid byte becomes a 3-byte U+FFFD,
	// so repairing after the cut could exceed the bound.
	text = strings.ToValidUTF8(text, "\uFFFD")
	if len(text) > maxMessageLen {
		cut := maxMessageLen
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut] + "…"
	}
	return text
}

// messageOf finds the message in an error body: {"message"}, {"errors":[…]}, a JSON string, or
// the body itself.
func messageOf(body []byte) string {
	trimmed := strings.TrimSpace(string(body))
	if trimmed == "" {
		return ""
	}
	var obj struct {
		Message json.RawMessage `json:"message"`
		Errors  []struct {
			Field    string `json:"field"`
			Property string `json:"property"`
			Message  string `json:"message"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(body, &obj); err == nil {
		var parts []string
		if msg := rawText(obj.Message); msg != "" {
			parts = append(parts, msg)
		}
		for _, e := range obj.Errors {
			field := e.Field
			if field == "" {
				field = e.Property
			}
			if field != "" {
				parts = append(parts, field+": "+e.Message)
			} else {
				parts = append(parts, e.Message)
			}
		}
		if len(parts) > 0 {
			return strings.Join(parts, "; ")
		}
	}
	var s string
	if err := json.Unmarshal(body, &s); err == nil {
		return s
	}
	return trimmed
}

// rawText renders a JSON string as its text and any other JSON value as written.
func rawText(raw json.RawMessage) string {
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if err := json.Unmarshal(raw, &s); err == nil {
		return s
	}
	return string(raw)
}

var errMissingID = errors.New("the reply carries no id")
