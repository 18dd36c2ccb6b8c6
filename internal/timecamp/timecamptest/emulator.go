// Package timecamptest is an in-memory TimeCamp account that speaks the real
// wire format of TimeCamp's API (see SPEC.md in the shared API notes, section
// 15 for the canonical choices), served over HTTP.
//
// It exists for the provider's tests and for people who want to dry-run a
// configuration without an account. It reproduces the unpleasant parts of the
// API on purpose: numbers as strings, objects keyed by id, `[]` for empty
// objects, bare integers as bodies, empty bodies, and "not found" signalled
// with 404, 400, 403 or 200 `[]` depending on the endpoint. Tests can inject
// faults (429 with Retry-After, 5xx, latency, lost replies, malformed bodies)
// and count requests.
//
// The emulator deliberately does not import the API client package: it is an
// independent implementation of the wire format the client has to cope with.
package timecamptest

import (
	"crypto/subtle"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"time"
)

// DefaultToken is the API token an emulator accepts when Options.Token is empty.
const DefaultToken = "emulator-token"

// BasePath is the path prefix of TimeCamp's public API (v1 and v3).
const BasePath = "/third_party/api"

// Options configure an Emulator.
type Options struct {
	// Token is the API token required as "Authorization: Bearer <token>"
	// (the bare token as the header value is accepted too). Default DefaultToken.
	Token string
	// LegacyStrings switches GET /tasks lists to the 2018 "all strings" style
	// (SPEC §1.6, §14): numeric task fields are rendered as JSON strings.
	LegacyStrings bool
	// LegacyClientShapes switches GET /client to OLD's array and the reply of
	// PUT /client to an array holding the new client (SPEC §13.2, §14); by
	// default the list is keyed by clientId and create answers the object (TS).
	LegacyClientShapes bool
	// InviteDelay is how long an invited user stays invisible after the
	// invite (TimeCamp shows them after 2-4 s, SPEC §1.8); 0 shows them at once.
	InviteDelay time.Duration
	// Latency is added to every request.
	Latency time.Duration
	// DataFile, if set, is loaded at start (when it exists) and rewritten
	// atomically after every successful mutation.
	DataFile string
	// Now is the clock used for add_date, modify_time and register_time.
	// Default time.Now. Times are rendered in the location of the returned value.
	Now func() time.Time
}

// Emulator is one TimeCamp account. It is safe for concurrent use.
type Emulator struct {
	opts  Options
	token string
	now   func() time.Time

	// mu guards acct and dirty. Every API call runs with mu held, so each
	// call is atomic and a save always sees a consistent account.
	mu    sync.Mutex
	acct  *account
	dirty bool
	store *fileStore // nil without Options.DataFile

	logMu sync.Mutex
	log   []Request

	faultMu sync.Mutex
	faults  []*pendingFault
}

// New returns an emulator holding a fresh account (a root group
// "Organisation" and an admin user), or the account stored in
// Options.DataFile when that file exists.
func New(opts Options) (*Emulator, error) {
	e := &Emulator{opts: opts, token: opts.Token, now: opts.Now}
	if e.token == "" {
		e.token = DefaultToken
	}
	if e.now == nil {
		e.now = time.Now
	}
	if opts.DataFile != "" {
		e.store = newFileStore(opts.DataFile)
		snap, err := e.store.load()
		if err != nil {
			return nil, err
		}
		if snap != nil {
			acct, err := accountFromSnapshot(snap)
			if err != nil {
				return nil, fmt.Errorf("timecamptest: data file %s: %w", opts.DataFile, err)
			}
			e.acct = acct
			return e, nil
		}
	}
	e.acct = newAccount(e.now())
	if e.store != nil {
		if err := e.store.save(e.acct.snapshot()); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// RootGroupID is the id of the account's root group.
func (e *Emulator) RootGroupID() int64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.acct.rootGroupID
}

// AdminUserID is the id of the user the token belongs to.
func (e *Emulator) AdminUserID() int64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.acct.adminUserID
}

// Handler serves the API under /third_party/api/... and the few endpoints
// of the internal API under /internal/api/... (rate types). Anything else
// answers 404 {"message":"Not found"}.
func (e *Emulator) Handler() http.Handler { return http.HandlerFunc(e.serveHTTP) }

// reply is what an API handler produces; the HTTP layer writes it (or drops
// it, for a LoseReply fault).
type reply struct {
	status int
	body   []byte // nil = empty body
	header http.Header
}

// handlerFunc handles one API call with e.mu held.
type handlerFunc func(e *Emulator, r *apiRequest) reply

func (e *Emulator) serveHTTP(w http.ResponseWriter, r *http.Request) {
	sub, underBase := apiPath(r.URL.Path)
	logPath := r.URL.Path
	if underBase {
		logPath = sub
	}
	entry := Request{Method: r.Method, Path: logPath, Query: r.URL.RawQuery, Start: time.Now()}

	// Read the body first: only then does net/http watch the connection and
	// cancel the request context if the client goes away during a sleep.
	body, bodyErr := readBody(r)

	if !sleepCtx(r, e.opts.Latency) {
		e.record(entry) // client gave up: no reply, no state change
		return
	}
	var fault *Fault
	if e.authorized(r) { // a request without the token gets its 401 and uses up no fault
		fault = e.takeFault(r.Method, logPath)
	}
	if fault != nil && !sleepCtx(r, fault.Latency) {
		e.record(entry)
		return
	}
	if fault != nil && fault.CloseConnection {
		e.record(entry) // status 0: nothing was handled
		loseReply(w)
		return
	}
	if fault != nil && fault.Status != 0 {
		rep := faultReply(fault)
		entry.Status = rep.status
		e.record(entry)
		writeReply(w, rep)
		return
	}

	rep := e.handle(r, sub, underBase, body, bodyErr)
	if fault != nil && fault.Transform != nil {
		rep.status, rep.body = fault.Transform(rep.status, rep.body)
	}
	entry.Status = rep.status
	e.record(entry)
	if fault != nil && fault.LoseReply {
		loseReply(w)
		return
	}
	writeReply(w, rep)
}

// handle authenticates, parses and routes one request.
func (e *Emulator) handle(r *http.Request, sub string, underBase bool, body []byte, bodyErr error) reply {
	if !e.authorized(r) {
		return messageReply(http.StatusUnauthorized, "authentication required - api token not found")
	}
	var h handlerFunc
	if underBase {
		h = route(r.Method, sub)
	} else if rest, ok := strings.CutPrefix(r.URL.Path, InternalBasePath+"/"); ok {
		sub = "/" + strings.TrimRight(rest, "/") // the internal API (rates.go)
		h = internalRoute(r.Method, sub)
	}
	if h == nil {
		return notFound()
	}
	if bodyErr != nil {
		return badRequest(bodyErr)
	}
	req, err := parseRequest(r, sub, body)
	if err != nil {
		return messageReply(http.StatusBadRequest, err.Error())
	}

	e.mu.Lock()
	defer e.mu.Unlock()
	rep := h(e, req)
	if e.dirty {
		e.dirty = false
		if e.store != nil {
			if err := e.store.save(e.acct.snapshot()); err != nil {
				return messageReply(http.StatusInternalServerError, "emulator: saving data file: "+err.Error())
			}
		}
	}
	return rep
}

// changed marks the account as modified; the change is saved when the
// current call returns. Call with e.mu held.
func (e *Emulator) changed() { e.dirty = true }

// timestamp renders the clock in TimeCamp's datetime format.
func (e *Emulator) timestamp() string { return e.now().Format(dateTimeLayout) }

const dateTimeLayout = "2006-01-02 15:04:05"

// authorized accepts "Authorization: Bearer <token>" and the bare token.
func (e *Emulator) authorized(r *http.Request) bool {
	h := strings.TrimSpace(r.Header.Get("Authorization"))
	if h == "" {
		return false
	}
	if scheme, rest, ok := strings.Cut(h, " "); ok && strings.EqualFold(scheme, "Bearer") {
		h = strings.TrimSpace(rest)
	}
	return subtle.ConstantTimeCompare([]byte(h), []byte(e.token)) == 1
}

// apiPath strips BasePath: "/third_party/api/tasks/" -> ("/tasks", true).
func apiPath(p string) (string, bool) {
	rest, ok := strings.CutPrefix(p, BasePath)
	if !ok || (rest != "" && rest[0] != '/') {
		return "", false
	}
	if len(rest) > 1 {
		rest = strings.TrimRight(rest, "/")
	}
	if rest == "" {
		rest = "/"
	}
	return rest, true
}

// route maps a method and a path below BasePath to its handler.
func route(method, p string) handlerFunc {
	segs := strings.Split(strings.Trim(p, "/"), "/")
	switch {
	case len(segs) > 2 && segs[0] == "v3" && segs[1] == "custom-fields":
		return customFieldsRoute(method, segs)
	case rateRoute(method, segs) != nil:
		return rateRoute(method, segs)
	case p == "/rate":
		return only(method, http.MethodGet, handleLegacyRateTypes)
	case p == "/entries":
		switch method {
		case http.MethodGet:
			return handleEntryList
		case http.MethodPost:
			return handleEntryCreate
		case http.MethodPut:
			return handleEntryUpdate
		case http.MethodDelete:
			return handleEntryDelete
		}
	case len(segs) == 3 && segs[0] == "entries" && segs[2] == "tags":
		switch method {
		case http.MethodGet:
			return handleEntryTagsGet
		case http.MethodPut, http.MethodDelete:
			return handleEntryTagsChange
		}
	case p == "/me":
		return only(method, http.MethodGet, handleMe)
	case p == "/group":
		switch method {
		case http.MethodGet:
			return handleGroupList
		case http.MethodPut:
			return handleGroupCreate
		case http.MethodPost:
			return handleGroupUpdate
		case http.MethodDelete:
			return handleGroupDelete
		}
	case p == "/tasks":
		switch method {
		case http.MethodGet:
			return handleTaskGet
		case http.MethodPost:
			return handleTaskCreate
		case http.MethodPut:
			return handleTaskUpdate
		case http.MethodDelete:
			return handleTaskDelete
		}
	case p == "/v3/task/remove":
		return only(method, http.MethodPost, handleTaskRemoveV3)
	case p == "/tag_list":
		switch method {
		case http.MethodGet:
			return handleTagListList
		case http.MethodPost:
			return handleTagListCreate
		}
	case len(segs) == 2 && segs[0] == "tag_list":
		switch method {
		case http.MethodGet:
			return handleTagListGet
		case http.MethodPut:
			return handleTagListUpdate
		}
	case len(segs) == 3 && segs[0] == "tag_list" && segs[2] == "tags":
		return only(method, http.MethodGet, handleTagListTags)
	case p == "/client":
		switch method {
		case http.MethodGet:
			return handleClientList
		case http.MethodPut:
			return handleClientCreate
		case http.MethodPost:
			return handleClientUpdate
		case http.MethodDelete:
			return handleClientDelete
		}
	case p == "/invoice":
		switch method {
		case http.MethodGet:
			return handleInvoiceList
		case http.MethodPut:
			return handleInvoiceCreate
		case http.MethodPost:
			return handleInvoiceUpdate
		case http.MethodDelete:
			return handleInvoiceDelete
		}
	case p == "/v3/taskPicker/favourites":
		return only(method, http.MethodGet, handleFavouritesList)
	case len(segs) == 5 && p == "/v3/taskPicker/favourites/add/"+segs[4]:
		return only(method, http.MethodPost, handleFavouriteAdd)
	case len(segs) == 5 && p == "/v3/taskPicker/favourites/delete/"+segs[4]:
		return only(method, http.MethodDelete, handleFavouriteRemove)
	case p == "/users":
		return only(method, http.MethodGet, handleUsersList)
	case len(segs) == 3 && segs[0] == "group" && segs[2] == "user":
		switch method {
		case http.MethodGet:
			return handleGroupUsers
		case http.MethodPost:
			return handleGroupUserInvite
		case http.MethodPut:
			return handleGroupUserChange
		case http.MethodDelete:
			return handleGroupUserRemove
		}
	case p == "/user":
		return only(method, http.MethodPost, handleUserUpdate)
	case len(segs) == 3 && segs[0] == "user" && segs[2] == "setting":
		switch method {
		case http.MethodGet:
			return handleUserSettingGet
		case http.MethodPut, http.MethodDelete:
			return handleUserSettingWrite
		}
	case p == "/tt_role":
		return only(method, http.MethodGet, handleTaskRoles)
	case len(segs) == 4 && segs[0] == "v3" && segs[1] == "projects" && segs[3] == "assigned-users":
		return only(method, http.MethodGet, handleAssignedUsers)
	case len(segs) == 4 && segs[0] == "v3" && segs[1] == "projects" && segs[3] == "assign":
		return only(method, http.MethodPut, handleAssign)
	case len(segs) == 4 && segs[0] == "v3" && segs[1] == "projects" && segs[3] == "unassign":
		return only(method, http.MethodPut, handleUnassign)
	case p == "/timer":
		switch method {
		case http.MethodPost:
			return handleTimer
		case http.MethodDelete:
			return handleTimerDiscard
		}
	case p == "/timer_running":
		return only(method, http.MethodGet, handleTimerRunning)
	case p == "/activity":
		return only(method, http.MethodGet, handleActivityList)
	case p == "/application":
		return only(method, http.MethodGet, handleApplicationList)
	case p == "/tag":
		return only(method, http.MethodPost, handleTagCreate)
	case len(segs) == 2 && segs[0] == "tag":
		switch method {
		case http.MethodGet:
			return handleTagGet
		case http.MethodPut:
			return handleTagUpdate
		case http.MethodPost:
			return handleTagCreateWithID
		}
	}
	return nil
}

func only(method, want string, h handlerFunc) handlerFunc {
	if method == want {
		return h
	}
	return nil
}

func notFound() reply { return messageReply(http.StatusNotFound, "Not found") }

func writeReply(w http.ResponseWriter, rep reply) {
	for k, vs := range rep.header {
		for _, v := range vs {
			w.Header().Add(k, v)
		}
	}
	if w.Header().Get("Content-Type") == "" {
		w.Header().Set("Content-Type", "application/json")
	}
	if rep.body == nil {
		w.Header().Set("Content-Length", "0")
	}
	w.WriteHeader(rep.status)
	if rep.body != nil {
		_, _ = w.Write(rep.body)
	}
}

// loseReply closes the connection without sending any response, like a
// proxy or network failure after the server has done the work.
func loseReply(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err == nil {
		_ = conn.Close()
		return
	}
	// HTTP/2 or a wrapper that cannot hijack: abort the response instead.
	panic(http.ErrAbortHandler)
}

// sleepCtx waits d unless the client goes away first; it reports whether
// the request should go on.
func sleepCtx(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

// errBadRequest is returned by parsing helpers; its text becomes a 400 message.
type errBadRequest string

func (e errBadRequest) Error() string { return string(e) }

func badRequest(err error) reply {
	var br errBadRequest
	if errors.As(err, &br) {
		return messageReply(http.StatusBadRequest, string(br))
	}
	return messageReply(http.StatusBadRequest, err.Error())
}
