package timecamp

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestErrorMessage(t *testing.T) {
	cases := []struct {
		name, body, want string
	}{
		{"message object", `{"message":"Tag does not exist."}`, "Tag does not exist."},
		{"message with code", `{"message":"unauthorized","code":401}`, "unauthorized"},
		{"numeric message", `{"message":404}`, "404"},
		{"bare string", `"RateType 1 not found"`, "RateType 1 not found"},
		{"v3 field errors", `{"errors":[{"field":"name","message":"is required"},{"field":"type","message":"is invalid"}]}`,
			"name: is required; type: is invalid"},
		{"v3 project errors", `{"message":"Validation failed","message_code":"x","errors":[{"property":"userIds","message":"empty"}]}`,
			"Validation failed; userIds: empty"},
		{"error without field", `{"errors":[{"message":"nope"}]}`, "nope"},
		{"empty body", ``, ""},
		{"blank body", " \n", ""},
		{"plain text", `Service Unavailable`, "Service Unavailable"},
		{"json without message", `{"retryable":true,"retry_after":60}`, `{"retryable":true,"retry_after":60}`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := errorMessage([]byte(tc.body)); got != tc.want {
				t.Errorf("errorMessage(%q) = %q, want %q", tc.body, got, tc.want)
			}
		})
	}
}

func TestErrorMessageTruncatesHTML(t *testing.T) {
	page := "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>" +
		strings.Repeat("<p>nginx error page filler</p>", 100) + "</body></html>"
	got := errorMessage([]byte(page))
	if !strings.HasPrefix(got, "<!DOCTYPE html><html><head><title>502 Bad Gateway") {
		t.Errorf("message lost the start of the page: %q", got)
	}
	if len(got) > maxMessageLen+len("…") || len(got) >= len(page) {
		t.Errorf("message of %d bytes not truncated to about %d", len(got), maxMessageLen)
	}
	if !strings.HasSuffix(got, "…") {
		t.Errorf("truncated message %q does not say it was cut", got)
	}
}

// A cut in the middle of a multi-byte character would put invalid UTF-8 into a diagnostic, which
// the plugin protocol (protobuf strings) cannot carry.
func TestErrorMessageTruncationKeepsUTF8(t *testing.T) {
	// "<p>" is 3 bytes and every "ł" 2, so both cut points (300 and 120 bytes) fall inside a character.
	page := "<p>" + strings.Repeat("ł", 400) + "</p>"
	got := errorMessage([]byte(page))
	if !utf8.ValidString(got) {
		t.Errorf("truncated message is not valid UTF-8: %q", got[len(got)-10:])
	}
	if len(got) > maxMessageLen+len("\uFFFD…") || !strings.HasPrefix(got, "<p>łłł") {
		t.Errorf("message %q", got)
	}
	if got := abbreviate([]byte(page)); !utf8.ValidString(got) {
		t.Errorf("abbreviate: not valid UTF-8: %q", got)
	}
	// A short page in a legacy 8-bit encoding (ISO-8859-2 "Błąd"): not UTF-8 even uncut.
	latin2 := []byte("<p>B\xb3\xb1d</p>")
	if got := errorMessage(latin2); !utf8.ValidString(got) || !strings.HasPrefix(got, "<p>B") {
		t.Errorf("errorMessage of a Latin-2 page = %q, want valid UTF-8", got)
	}
	if got := abbreviate(latin2); !utf8.ValidString(got) {
		t.Errorf("abbreviate of a Latin-2 page = %q, want valid UTF-8", got)
	}
}

func TestAPIErrorText(t *testing.T) {
	err := &APIError{Method: "PUT", Path: "/tasks", StatusCode: 403, Message: "You can not change this group"}
	for _, want := range []string{"PUT", "/tasks", "403", "You can not change this group"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("%q lacks %q", err.Error(), want)
		}
	}
	empty := &APIError{Method: "GET", Path: "/me", StatusCode: 500}
	if s := empty.Error(); !strings.Contains(s, "500") || !strings.Contains(s, "GET /me") || strings.HasSuffix(s, ": ") {
		t.Errorf("empty message renders as %q", s)
	}
}

func TestAPIErrorFromServer(t *testing.T) {
	c, _ := stubClient(t, http.StatusConflict, `{"message":"Something is off"}`)
	_, err := c.Me.Get(ctxT(t))
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %#v, want an *APIError", err)
	}
	if apiErr.Method != http.MethodGet || apiErr.Path != "/me" || apiErr.StatusCode != http.StatusConflict || apiErr.Message != "Something is off" {
		t.Errorf("APIError = %+v", apiErr)
	}
	if strings.Contains(apiErr.Path, "format=json") {
		t.Errorf("Path %q carries the query", apiErr.Path)
	}
}

func TestNotFoundAndStatusCodeThroughWrapping(t *testing.T) {
	api := &APIError{Method: "GET", Path: "/tasks", StatusCode: 404, Message: "Task 5 not found"}
	nf := notFound("task", int64(5), api)
	wrapped := fmt.Errorf("reading: %w", nf)
	if !IsNotFound(wrapped) || !errors.Is(wrapped, ErrNotFound) {
		t.Errorf("IsNotFound(%v) = false", wrapped)
	}
	if StatusCode(wrapped) != 404 {
		t.Errorf("StatusCode = %d, want 404", StatusCode(wrapped))
	}
	if s := nf.Error(); !strings.Contains(s, "task 5 not found") || !strings.Contains(s, "Task 5 not found") {
		t.Errorf("NotFoundError text %q", s)
	}
	if IsNotFound(api) {
		t.Errorf("a bare 404 APIError is not ErrNotFound by itself: only the services decide")
	}
	if StatusCode(errors.New("x")) != 0 || StatusCode(nil) != 0 {
		t.Errorf("StatusCode of a non-API error should be 0")
	}
	if IsNotFound(nil) {
		t.Errorf("IsNotFound(nil) = true")
	}
}
