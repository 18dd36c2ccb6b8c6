package timecamp

import (
	"crypto/tls"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestUnreadableReply(t *testing.T) {
	get := request{method: http.MethodGet, path: "/tasks"}
	post := request{method: http.MethodPost, path: "/tasks"}
	cases := []struct {
		name string
		req  request
		body string
		want error
	}{
		{"HTML page to a GET", get, "<!DOCTYPE html><html></html>", errHTMLPage},
		{"HTML page to a POST", post, "<html><body>502</body></html>", errHTMLPage},
		{"HTML after a byte order mark and white space", get, "\xef\xbb\xbf \n\t<html>", errHTMLPage},
		{"empty GET", get, "", errEmptyBody},
		{"white space GET", get, " \r\n ", errEmptyBody},
		{"empty POST: some writes answer nothing", post, "", nil},
		{"empty JSON list", get, "[]", nil},
		{"JSON object", get, `{"a":1}`, nil},
		{"bare id", post, "15", nil},
		{"JSON string holding markup", get, `"<b>x</b>"`, nil},
	}
	for _, tc := range cases {
		if got := unreadableReply(tc.req, []byte(tc.body)); !errors.Is(got, tc.want) {
			t.Errorf("%s: unreadableReply(%q) = %v, want %v", tc.name, tc.body, got, tc.want)
		}
	}
}

// A read answered with an HTML page or nothing is retried, then fails as a decode error: never
// "nothing there", which would drop every object from state.
func TestUnreadableReadIsNeverEmpty(t *testing.T) {
	for name, body := range map[string]string{"HTML": "<html>maintenance</html>", "empty": ""} {
		s := newStub(t, replyWith(http.StatusOK, body))
		c := newTestClient(t, s.base(), testToken, func(cfg *Config) { cfg.Retry.MaxAttempts = 3 })
		groups, err := c.Groups.List(ctxT(t))
		var d *DecodeError
		if !errors.As(err, &d) || groups != nil {
			t.Errorf("%s: List = %v, %v; want a *DecodeError and no list", name, groups, err)
		}
		if s.count() != 3 {
			t.Errorf("%s: %d attempts, want 3 (a read is replayable)", name, s.count())
		}
	}
}

// A create answered with an HTML page may have been carried out: sent once, outcome unknown.
func TestUnreadableCreateReplyIsNotReplayed(t *testing.T) {
	s := newStub(t, replyWith(http.StatusOK, "<html>proxy</html>"))
	c := newTestClient(t, s.base(), testToken, nil)
	_, err := c.TagLists.Create(ctxT(t), "l")
	if !CreateOutcomeUnknown(err) {
		t.Errorf("err = %v, want an outcome-unknown decode error", err)
	}
	if s.count() != 1 {
		t.Errorf("POST /tag_list sent %d times, want once", s.count())
	}
}

func TestListRecordWithoutIDIsADecodeError(t *testing.T) {
	cases := map[string]struct {
		body string
		list func(*Client) error
	}{
		"groups": {`[{"group_id":"1","name":"Root","parent_id":"0"},{"name":"no id","parent_id":"1"}]`,
			func(c *Client) error { _, err := c.Groups.List(ctxT(t)); return err }},
		"users": {`[{"user_id":"1","email":"a@example.com"},{"user_id":"0","email":"b@example.com"}]`,
			func(c *Client) error { _, err := c.Users.List(ctxT(t)); return err }},
		"tag lists": {`{"3":{"id":"3","name":"L","archived":"0","tags":{"5":{"id":"5","name":"t"}}},"4":{"name":"no id"}}`,
			func(c *Client) error { _, err := c.TagLists.List(ctxT(t), OnlyActive); return err }},
		"tags of a list": {`{"3":{"id":"3","name":"L","archived":"0","tags":{"5":{"name":"t without id"}}}}`,
			func(c *Client) error { _, err := c.TagLists.List(ctxT(t), OnlyActive); return err }},
		"tasks": {`{"7":{"task_id":"7","name":"a"},"8":{"name":"b"}}`,
			func(c *Client) error { _, err := c.Tasks.List(ctxT(t), TaskListOptions{}); return err }},
		"entries": {`[{"id":"11","date":"2026-03-02","duration":"60"},{"date":"2026-03-02","duration":"60"}]`,
			func(c *Client) error {
				_, err := c.Entries.List(ctxT(t), EntryListOptions{From: "2026-03-02", To: "2026-03-02"})
				return err
			}},
	}
	for name, tc := range cases {
		c, _ := stubClient(t, http.StatusOK, tc.body)
		err := tc.list(c)
		var d *DecodeError
		if !errors.As(err, &d) || !strings.Contains(err.Error(), "has no id") {
			t.Errorf("%s: err = %v, want a decode error saying a record has no id", name, err)
		}
	}
}

func TestTransportSkippingTLSVerificationIsRefused(t *testing.T) {
	insecure := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	c, err := New(Config{BaseURL: "https://app.timecamp.com/third_party/api", Token: testToken, HTTPClient: insecure})
	if err == nil || c != nil || !strings.Contains(err.Error(), "TLS") {
		t.Fatalf("New = %v, %v; want a refusal naming TLS verification", c, err)
	}
	if strings.Contains(err.Error(), testToken) {
		t.Errorf("the refusal carries the token: %v", err)
	}
	verifying := &http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{MinVersion: tls.VersionTLS12}}}
	if _, err := New(Config{BaseURL: "https://app.timecamp.com/third_party/api", Token: testToken, HTTPClient: verifying}); err != nil {
		t.Errorf("a transport that verifies was refused: %v", err)
	}
}

// The token echoed in a 2xx body never reaches a decoded value, nor a decode error.
func TestTokenScrubbedFromReplies(t *testing.T) {
	c, _ := stubClient(t, http.StatusOK, `{"user_id":"7","root_group_id":"1","email":"`+testToken+`","display_name":"x `+testToken+`"}`)
	me, err := c.Me.Get(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(me.Email), testToken) || strings.Contains(me.DisplayName.Value, testToken) {
		t.Errorf("me = %+v carries the token", me)
	}
	if string(me.Email) != redactedToken {
		t.Errorf("email = %q, want %q", me.Email, redactedToken)
	}
	c, _ = stubClient(t, http.StatusOK, `{"user_id": `+testToken+`}`)
	_, err = c.Me.Get(ctxT(t))
	if err == nil || strings.Contains(err.Error(), testToken) {
		t.Errorf("err = %v, want a decode error without the token", err)
	}
	c, _ = stubClient(t, http.StatusOK, `<html>Bearer `+testToken+`</html>`)
	_, err = c.Me.Get(ctxT(t))
	var d *DecodeError
	if !errors.As(err, &d) || strings.Contains(err.Error(), testToken) || strings.Contains(d.Body, testToken) {
		t.Errorf("err = %#v, want a decode error without the token", err)
	}
}

func TestGroupLockPacingIsLinear(t *testing.T) {
	p := RetryPolicy{MaxAttempts: 5, MaxDelay: time.Minute, MaxTotal: 10 * time.Minute, LockedDelay: 10 * time.Second}.withDefaults()
	create := request{method: http.MethodPut, path: "/group", lockedRetry: true}
	locked := &response{status: http.StatusForbidden, body: []byte(`{"message":"You can not change this group"}`)}
	for attempt := 1; attempt <= 4; attempt++ {
		wait, retry := p.next(create, locked, errors.New("403"), attempt, 0)
		lo := time.Duration(attempt) * 10 * time.Second
		if !retry || wait < lo || wait > lo+lo/4 {
			t.Errorf("attempt %d: wait %v, retry %v; want %v to %v", attempt, wait, retry, lo, lo+lo/4)
		}
	}
	if _, retry := p.next(create, locked, errors.New("403"), 5, 0); retry {
		t.Error("retried past MaxAttempts")
	}
	if d := (RetryPolicy{}).withDefaults().LockedDelay; d != 10*time.Second {
		t.Errorf("default LockedDelay = %v, want 10s", d)
	}
	// Another 403 to the create is a refusal; the lock message on a call that is not a group
	// create is not waited out either.
	other := &response{status: http.StatusForbidden, body: []byte(`{"message":"Permission denied"}`)}
	if _, retry := p.next(create, other, errors.New("403"), 1, 0); retry {
		t.Error("a plain 403 to PUT /group was retried")
	}
	update := request{method: http.MethodPost, path: "/group", replayable: true}
	if _, retry := p.next(update, locked, errors.New("403"), 1, 0); retry {
		t.Error("the lock of a group update was retried")
	}
}

func TestIsGroupLocked(t *testing.T) {
	locked := &APIError{Method: "PUT", Path: "/group", StatusCode: 403, Message: "You can not change this group"}
	cases := []struct {
		err  error
		want bool
	}{
		{locked, true},
		{errors.Join(errors.New("creating"), locked), true},
		{&APIError{StatusCode: 403, Message: "Permission denied"}, false},
		{&APIError{StatusCode: 400, Message: "You can not change this group"}, false},
		{errors.New("You can not change this group"), false},
		{nil, false},
	}
	for _, tc := range cases {
		if got := IsGroupLocked(tc.err); got != tc.want {
			t.Errorf("IsGroupLocked(%v) = %v, want %v", tc.err, got, tc.want)
		}
	}
}
