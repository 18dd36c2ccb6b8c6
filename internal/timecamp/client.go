// Package timecamp is the TimeCamp API client: the only code in the provider that speaks HTTP.
// It knows nothing of Terraform; services (c.Tasks, c.Groups, ...) return typed values and typed
// errors (ErrNotFound, *APIError).
package timecamp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-log/tflog"
)

// DefaultBaseURL is TimeCamp's public API.
const DefaultBaseURL = "https://app.timecamp.com/third_party/api"

// logSubsystem is the tflog subsystem of every request line. Its level follows TF_LOG_PROVIDER,
// or logLevelEnv alone (TF_LOG_PROVIDER_TIMECAMP_API=DEBUG shows requests without the rest).
const logSubsystem = "timecamp_api"

const logLevelEnv = "TF_LOG_PROVIDER_TIMECAMP_API"

// Config describes a client. Zero values take the defaults noted on each field.
type Config struct {
	BaseURL   string        // default DefaultBaseURL; plain http only for loopback hosts
	Token     string        // required
	Timeout   time.Duration // per HTTP attempt; default 30s
	UserAgent string        // default "terraform-provider-timecamp"
	Retry     RetryPolicy   // zero value: DefaultRetryPolicy()
	// MaxConcurrent bounds requests in flight at once (TimeCamp answers 429 to parallel bursts);
	// default 4.
	MaxConcurrent int
	// HTTPClient is for tests only (a transport that fails on purpose, say); the provider never
	// sets it. Its Timeout is replaced by Timeout and redirects are never followed. New refuses a
	// transport that skips TLS verification: that cannot be turned off, silently or otherwise.
	HTTPClient *http.Client
	// SnapshotReads makes reads of tasks, task assignments, groups, tag lists, tags, users, clients,
	// favourites, custom field templates, billing rates and the current user come from one
	// whole-collection request per kind (per parent where TimeCamp lists only per parent: group
	// members, group rates, task-user rates, custom field values per resource), kept until a write
	// of that kind (see snapshot.go).
	// The provider turns it on: its client lives for one Terraform operation.
	SnapshotReads bool
}

// Client is safe for concurrent use.
type Client struct {
	base      *url.URL
	internal  *url.URL // TimeCamp's undocumented internal API, next to base: see InternalBaseURL
	token     string
	userAgent string
	http      *http.Client
	retry     RetryPolicy
	slots     chan struct{}

	Me           *MeService
	Groups       *GroupsService
	Tasks        *TasksService
	TagLists     *TagListsService
	Tags         *TagsService
	Clients      *ClientsService
	Favourites   *FavouritesService
	Users        *UsersService
	Roles        *RolesService
	TaskUsers    *TaskUsersService
	CustomFields *CustomFieldsService
	Rates        *RatesService
	Timer        *TimerService
	Activities   *ActivitiesService
	Applications *ApplicationsService
	Entries      *EntriesService
	Invoices     *InvoicesService
}

// New validates cfg and builds a client. It sends no request.
func New(cfg Config) (*Client, error) {
	if strings.TrimSpace(cfg.Token) == "" {
		return nil, errors.New("an API token is required")
	}
	raw := cfg.BaseURL
	if raw == "" {
		raw = DefaultBaseURL
	}
	base, err := ParseBaseURL(raw)
	if err != nil {
		return nil, err
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.UserAgent == "" {
		cfg.UserAgent = "terraform-provider-timecamp"
	}
	if cfg.MaxConcurrent <= 0 {
		cfg.MaxConcurrent = 4
	}
	httpClient := &http.Client{}
	if cfg.HTTPClient != nil {
		if t, ok := cfg.HTTPClient.Transport.(*http.Transport); ok && t.TLSClientConfig != nil && t.TLSClientConfig.InsecureSkipVerify {
			return nil, errors.New("the HTTP client skips TLS certificate verification: refused (the API token would be sent to anyone in the middle)")
		}
		copied := *cfg.HTTPClient
		httpClient = &copied
	}
	httpClient.Timeout = cfg.Timeout
	// A redirect means the token was refused (TimeCamp sends people to its login page): never follow.
	httpClient.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

	c := &Client{
		base:      base,
		internal:  InternalBaseURL(base),
		token:     cfg.Token,
		userAgent: cfg.UserAgent,
		http:      httpClient,
		retry:     cfg.Retry.withDefaults(),
		slots:     make(chan struct{}, cfg.MaxConcurrent),
	}
	tags := &tagSnapshot{enabled: cfg.SnapshotReads}
	c.Me = &MeService{c: c, cache: snapshot[*Me]{enabled: cfg.SnapshotReads}}
	c.Groups = &GroupsService{c: c, cache: snapshot[[]Group]{enabled: cfg.SnapshotReads}}
	c.Tasks = &TasksService{c: c, cache: snapshot[[]Task]{enabled: cfg.SnapshotReads}}
	c.TagLists = &TagListsService{c: c, cache: tags}
	c.Tags = &TagsService{c: c, cache: tags}
	c.Users = newUsersService(c, cfg.SnapshotReads)
	c.Roles = &RolesService{c}
	c.TaskUsers = &TaskUsersService{c}
	c.Clients = &ClientsService{c: c, cache: snapshot[[]InvoiceClient]{enabled: cfg.SnapshotReads}}
	c.Favourites = &FavouritesService{c: c, cache: snapshot[*Favourites]{enabled: cfg.SnapshotReads}}
	c.CustomFields = newCustomFieldsService(c, cfg.SnapshotReads)
	c.Rates = newRatesService(c, cfg.SnapshotReads)
	c.Timer = &TimerService{c}
	c.Activities = &ActivitiesService{c}
	c.Applications = &ApplicationsService{c}
	c.Entries = &EntriesService{c}
	c.Invoices = &InvoicesService{c: c, cache: snapshot[[]Invoice]{enabled: cfg.SnapshotReads}}
	return c, nil
}

// ParseBaseURL accepts an https URL, or an http URL whose host is loopback (the emulator).
func ParseBaseURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimRight(strings.TrimSpace(raw), "/"))
	// Errors become diagnostics: they show the URL as the user wrote it ("not a url", not
	// "not%20a%20url"), unless it has parts where a token may have been put, which are left out.
	shown := raw
	if err == nil && (u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "") {
		shown = redactedURL(u)
	}
	if err != nil || u.Host == "" || (u.Scheme != "http" && u.Scheme != "https") {
		return nil, fmt.Errorf("base URL %q is not an absolute http(s) URL", shown)
	}
	if u.Scheme == "http" && !IsLoopbackHost(u.Hostname()) {
		return nil, fmt.Errorf("base URL %q uses plain http: only https is allowed, except for a loopback host such as 127.0.0.1 (the emulator)", shown)
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("base URL %q must not carry credentials, a query or a fragment", shown)
	}
	return u, nil
}

// InternalBaseURL is where TimeCamp's undocumented internal API lives for a public API base URL
// (SPEC §1.1: GET /internal/api/rate_type). TimeCamp's own client asks for "../../internal/api/..."
// relative to its base, so the internal base sits two path segments above the public one:
// https://app.timecamp.com/third_party/api -> https://app.timecamp.com/internal/api, and the
// emulator's http://127.0.0.1:port/third_party/api -> http://127.0.0.1:port/internal/api. A base
// under a prefix keeps it (https://proxy/tc/third_party/api -> https://proxy/tc/internal/api).
func InternalBaseURL(base *url.URL) *url.URL {
	u := *base
	p := strings.TrimRight(base.Path, "/")
	if rest, ok := strings.CutSuffix(p, "/third_party/api"); ok {
		p = rest
	} else {
		for range 2 { // any other base: the same two segments up, as TimeCamp's "../../"
			if i := strings.LastIndex(p, "/"); i >= 0 {
				p = p[:i]
			}
		}
	}
	u.Path = p + "/internal/api"
	u.RawPath = ""
	return &u
}

// redactedURL renders u without user info, query and fragment, where a token may have been put.
func redactedURL(u *url.URL) string {
	c := *u
	c.User, c.RawQuery, c.ForceQuery, c.Fragment, c.RawFragment = nil, "", false, "", ""
	return c.String()
}

// IsLoopbackHost reports localhost or a loopback address.
func IsLoopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// request is one API call. Path is below the base URL.
type request struct {
	method string
	path   string
	query  url.Values
	json   any        // JSON body, or
	form   url.Values // form body
	// replayable says the call may be sent again after it could have reached the server
	// (reads and idempotent writes). Creates are not: a duplicate task is data corruption.
	replayable bool
	// internal puts path below the internal API base (InternalBaseURL) instead of the public one.
	internal bool
	// lockedRetry says a 403 "You can not change this group" is TimeCamp's transient lock on group
	// changes (SPEC §1.8), not a refusal: nothing was done, so the call is retried, paced by
	// RetryPolicy.LockedDelay (for PUT /group, which creates).
	lockedRetry bool
}

// response is a finished call: the status and the whole body.
type response struct {
	status     int
	body       []byte
	retryAfter string // the Retry-After header, if any
	// repeated says the call was sent more than once and an earlier attempt may have been carried
	// out by TimeCamp (its reply was lost, unreadable or a 5xx): an idempotent write then answers
	// "already done" for what it did itself.
	repeated bool
}

// do sends req with retries and returns the response when the status is 2xx; otherwise an *APIError.
func (c *Client) do(ctx context.Context, req request) (*response, error) {
	ctx = tflog.NewSubsystem(ctx, logSubsystem, tflog.WithLevelFromEnv(logLevelEnv))
	ctx = tflog.SubsystemMaskAllFieldValuesStrings(ctx, logSubsystem, c.token)
	ctx = tflog.SubsystemMaskMessageStrings(ctx, logSubsystem, c.token)

	var waited time.Duration
	var repeated bool
	for attempt := 1; ; attempt++ {
		resp, err := c.send(ctx, req, attempt)
		if err == nil && resp.status >= 200 && resp.status < 300 {
			problem := unreadableReply(req, resp.body)
			if problem == nil {
				resp.repeated = repeated
				return resp, nil
			}
			err = &DecodeError{Method: req.method, Path: req.path, Body: abbreviate(resp.body), Err: problem}
		}
		if err == nil {
			err = &APIError{Method: req.method, Path: req.path, StatusCode: resp.status, Message: c.redact(errorMessage(resp.body))}
		}
		wait, retry := c.retry.next(req, resp, err, attempt, waited)
		if !retry {
			return nil, err
		}
		if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
			return nil, fmt.Errorf("%w (not retried: the next attempt would come after the operation's deadline)", err)
		}
		tflog.SubsystemWarn(ctx, logSubsystem, "retrying TimeCamp request", map[string]any{
			"method": req.method, "path": req.path, "attempt": attempt, "wait_ms": wait.Milliseconds(), "error": err.Error(),
		})
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return nil, fmt.Errorf("%w (gave up waiting to retry: %w)", err, ctx.Err())
		case <-timer.C:
		}
		waited += wait
		repeated = repeated || mayHaveActed(resp, err)
	}
}

// redact removes the token from text that may reach a diagnostic (an API that echoes the
// request in its error, say).
func (c *Client) redact(text string) string {
	if len(c.token) < minRedactedTokenLen {
		return text
	}
	return strings.ReplaceAll(text, c.token, redactedToken)
}

const redactedToken = "[redacted token]"

// minRedactedTokenLen is the shortest token searched for in replies. A shorter one (a test token
// such as "t") would match ordinary JSON ("true", a key) and corrupt the reply, while a real
// TimeCamp token (32 hex characters) can only be in a reply that echoes it.
const minRedactedTokenLen = 8

// redactBody removes the token from a reply before it is decoded or shown anywhere.
func (c *Client) redactBody(body []byte) []byte {
	if len(c.token) < minRedactedTokenLen {
		return body
	}
	return bytes.ReplaceAll(body, []byte(c.token), []byte(redactedToken))
}

// Why a 2xx reply is no answer at all, whatever the call expected.
var (
	errHTMLPage  = errors.New("an HTML page instead of JSON: a proxy, a maintenance or a login page answered, not the API")
	errEmptyBody = errors.New("an empty body where JSON was expected")
)

// unreadableReply spots a 2xx reply that cannot be the API's answer: an HTML page (JSON never
// starts with "<"), or an empty body to a GET (every read answers JSON, `[]` when there is
// nothing; SPEC reports empty bodies only for writes). Such a reply must never read as "nothing
// there": a refresh would drop the objects from state and the next apply would create them again.
// It becomes a *DecodeError, retried when the call is replayable.
func unreadableReply(req request, body []byte) error {
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf")))
	switch {
	case len(trimmed) > 0 && trimmed[0] == '<':
		return errHTMLPage
	case len(trimmed) == 0 && req.method == http.MethodGet:
		return errEmptyBody
	}
	return nil
}

// send makes one HTTP attempt. A transport error comes back as err; any HTTP status as resp.
func (c *Client) send(ctx context.Context, req request, attempt int) (*response, error) {
	httpReq, err := c.newHTTPRequest(ctx, req)
	if err != nil {
		return nil, err
	}
	select {
	case c.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-c.slots }()

	start := time.Now()
	httpResp, err := c.http.Do(httpReq)
	if err != nil {
		tflog.SubsystemDebug(ctx, logSubsystem, "TimeCamp request failed", map[string]any{
			"method": req.method, "path": req.path, "attempt": attempt, "duration_ms": time.Since(start).Milliseconds(), "error": err.Error(),
		})
		return nil, &TransportError{Method: req.method, Path: req.path, Err: err}
	}
	defer httpResp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(httpResp.Body, maxBodyBytes))
	if err != nil {
		return nil, &TransportError{Method: req.method, Path: req.path, Err: fmt.Errorf("reading the response: %w", err)}
	}
	tflog.SubsystemDebug(ctx, logSubsystem, "TimeCamp request", map[string]any{
		"method": req.method, "path": req.path, "status": httpResp.StatusCode, "attempt": attempt,
		"duration_ms": time.Since(start).Milliseconds(), "response_bytes": len(body),
	})
	// The token never goes further than this: not into a decoded value, an error or a diagnostic
	// (an API or a proxy page that echoes the request, say).
	body = c.redactBody(body)
	resp := &response{status: httpResp.StatusCode, body: body}
	if httpResp.StatusCode >= 300 && httpResp.StatusCode < 400 {
		// TimeCamp redirects a refused token to its login page.
		resp.status = http.StatusUnauthorized
		resp.body = []byte(`{"message":"the API redirected to a login page: the token was refused"}`)
	}
	resp.retryAfter = httpResp.Header.Get("Retry-After")
	return resp, nil
}

// maxBodyBytes bounds a response body (the whole task tree of a large account fits easily).
const maxBodyBytes = 256 << 20

func (c *Client) newHTTPRequest(ctx context.Context, req request) (*http.Request, error) {
	base := c.base
	if req.internal {
		base = c.internal
	}
	u := *base
	u.Path = strings.TrimRight(base.Path, "/") + "/" + strings.TrimLeft(req.path, "/")
	query := url.Values{}
	for k, vs := range req.query {
		query[k] = append([]string(nil), vs...)
	}
	if req.method == http.MethodGet && !strings.Contains(req.path, "/v3/") {
		query.Set("format", "json") // v1 answers XML without it (SPEC §1.3)
	}
	u.RawQuery = query.Encode()

	var body io.Reader
	contentType := ""
	switch {
	case req.json != nil:
		data, err := json.Marshal(req.json)
		if err != nil {
			return nil, fmt.Errorf("encoding the request body: %w", err)
		}
		body = bytes.NewReader(data)
		contentType = "application/json"
	case req.form != nil:
		body = strings.NewReader(req.form.Encode())
		contentType = "application/x-www-form-urlencoded"
	}
	httpReq, err := http.NewRequestWithContext(ctx, req.method, u.String(), body)
	if err != nil {
		return nil, err
	}
	httpReq.Header.Set("Authorization", "Bearer "+c.token)
	httpReq.Header.Set("Accept", "application/json")
	httpReq.Header.Set("User-Agent", c.userAgent)
	if contentType != "" {
		httpReq.Header.Set("Content-Type", contentType)
	}
	return httpReq, nil
}

// TransportError is a failure below HTTP: connection refused or reset, timeout, TLS.
type TransportError struct {
	Method, Path string
	Err          error
}

func (e *TransportError) Error() string {
	return fmt.Sprintf("TimeCamp API %s %s: %v", e.Method, e.Path, e.Err)
}
func (e *TransportError) Unwrap() error { return e.Err }

// decodeJSON reads a response body into out, naming the call on failure.
func decodeJSON(req request, body []byte, out any) error {
	if err := json.Unmarshal(body, out); err != nil {
		return &DecodeError{Method: req.method, Path: req.path, Body: abbreviate(body), Err: err}
	}
	return nil
}

// DecodeError is a 2xx reply whose body has a shape the client does not understand.
type DecodeError struct {
	Method, Path, Body string
	Err                error
}

func (e *DecodeError) Error() string {
	return fmt.Sprintf("TimeCamp API %s %s sent a reply the provider cannot read (%v); body: %s", e.Method, e.Path, e.Err, e.Body)
}
func (e *DecodeError) Unwrap() error { return e.Err }
