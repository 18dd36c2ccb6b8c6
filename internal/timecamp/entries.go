package timecamp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
)

// Time entries (SPEC §8). TimeCamp has no read of one entry: an entry is found by listing its day
// for its user (GET /entries?from=D&to=D&user_ids=U) and picking its id. Lists send the id as a
// number and most other values as strings ("duration": "2700", "billable": 1); the update reply
// uses older names (entry_id, time_span, start_time_hour, ...). Every field decodes either way.

// Entry is one time entry as GET /entries sends it.
type Entry struct {
	ID               Int        `json:"id"`
	Duration         Int        `json:"duration"` // seconds; "0" while a timer runs
	UserID           Int        `json:"user_id"`
	UserName         String     `json:"user_name"`
	TaskID           Int        `json:"task_id"` // 0: no task
	TaskNote         String     `json:"task_note"`
	LastModify       String     `json:"last_modify"` // "YYYY-MM-DD HH:MM:SS", account time
	Date             String     `json:"date"`        // "YYYY-MM-DD"
	StartTime        NullString `json:"start_time"`  // "HH:MM:SS"; null (or absent) when the entry has no time frame
	EndTime          NullString `json:"end_time"`
	Locked           Bool       `json:"locked"`
	TaskName         String     `json:"name"` // the task's name, not the note
	AddonsExternalID String     `json:"addons_external_id"`
	Billable         Bool       `json:"billable"`
	InvoiceID        Int        `json:"invoiceId"` // 0: not invoiced
	Color            String     `json:"color"`
	Description      String     `json:"description"` // the note ("note" on write)
	// Tags are sent only with opt_fields=tags, and left out when the entry has none.
	Tags Keyed[EntryTag] `json:"tags"`
	// Rates are sent only with include_rates=true, as numbers or numeric strings; "" when absent.
	TotalCost   Decimal `json:"total_cost"`
	TotalIncome Decimal `json:"total_income"`
	RateIncome  Decimal `json:"rate_income"`
}

// TagIDs returns the ids of the entry's tags, ascending.
func (e *Entry) TagIDs() []int64 {
	ids := make([]int64, 0, len(e.Tags))
	for _, t := range e.Tags {
		ids = append(ids, int64(t.TagID))
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

// TagList returns the entry's tags ordered by tag id.
func (e *Entry) TagList() []EntryTag {
	tags := make([]EntryTag, 0, len(e.Tags))
	for _, t := range e.Tags {
		tags = append(tags, t)
	}
	sort.Slice(tags, func(i, j int) bool { return tags[i].TagID < tags[j].TagID })
	return tags
}

// EntryTag is a tag on an entry (all strings on the wire).
type EntryTag struct {
	TagID       Int    `json:"tagId"`
	TagListID   Int    `json:"tagListId"`
	Name        String `json:"name"`
	TagListName String `json:"tagListName"`
	Mandatory   Bool   `json:"mandatory"`
}

// EntryListOptions selects entries. From and To ("YYYY-MM-DD", inclusive) are required.
type EntryListOptions struct {
	From, To string
	// UserIDs limits the list to these users; empty leaves user_ids out (TimeCamp then decides
	// whose entries it shows, SPEC §17.20).
	UserIDs []int64
	TaskIDs []int64
	// Tags asks for each entry's tags (opt_fields=tags); Rates for its cost and income
	// (include_rates=true).
	Tags, Rates bool
}

// EntryRef is what finds one entry: its id, its day and its user (there is no read by id).
type EntryRef struct {
	ID     int64
	Date   string
	UserID int64 // 0: the token's user (user_ids=me)
}

func (r EntryRef) String() string {
	if r.UserID == 0 {
		return fmt.Sprintf("entry %d on %s", r.ID, r.Date)
	}
	return fmt.Sprintf("entry %d of user %d on %s", r.ID, r.UserID, r.Date)
}

// EntryInput holds the fields of a create or an update; unset fields are not sent. Times are
// "HH:MM:SS" of the entry's date, in the account's time zone.
type EntryInput struct {
	Date      Field[string]
	StartTime Field[string]
	EndTime   Field[string]
	Duration  Field[int64] // seconds
	Note      Field[string]
	TaskID    Field[int64] // 0: no task
	Billable  Field[bool]
	UserID    Field[int64] // create only: the entry's user (an administrator may create for others)
	TagIDs    []int64      // create only: tags on the new entry; later changes go through AddTags/RemoveTags
}

func (in EntryInput) body() body {
	b := body{}
	putField(b, "date", in.Date, nil)
	putField(b, "start_time", in.StartTime, nil)
	putField(b, "end_time", in.EndTime, nil)
	putField(b, "duration", in.Duration, nil)
	putField(b, "note", in.Note, nil)
	putField(b, "task_id", in.TaskID, nil)
	putField(b, "billable", in.Billable, bit)
	putField(b, "user_id", in.UserID, nil)
	if len(in.TagIDs) > 0 {
		tags := make([]map[string]int64, len(in.TagIDs))
		for i, id := range in.TagIDs {
			tags[i] = map[string]int64{"tagId": id}
		}
		b["tags"] = tags
	}
	return b
}

// EntriesService reads and writes time entries and their tags.
type EntriesService struct{ c *Client }

// List returns the entries of a date range, ordered by date, start time and id. TimeCamp sends
// one array for the whole range (no pagination). OAS documents a single object instead; an object
// (one entry, or entries keyed by id) is read too.
func (s *EntriesService) List(ctx context.Context, opts EntryListOptions) ([]Entry, error) {
	if opts.From == "" || opts.To == "" {
		return nil, errors.New("listing time entries needs a from and a to date")
	}
	q := url.Values{"from": {opts.From}, "to": {opts.To}}
	if len(opts.UserIDs) > 0 {
		q.Set("user_ids", joinIDs(opts.UserIDs).(string))
	}
	if len(opts.TaskIDs) > 0 {
		q.Set("task_ids", joinIDs(opts.TaskIDs).(string))
	}
	if opts.Tags {
		q.Set("opt_fields", "tags")
	}
	if opts.Rates {
		q.Set("include_rates", "true")
	}
	req := request{method: http.MethodGet, path: "/entries", query: q, replayable: true}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	entries, err := decodeEntries(resp.body)
	if err != nil {
		return nil, &DecodeError{Method: req.method, Path: req.path, Body: abbreviate(resp.body), Err: err}
	}
	if err := requireIDs(req, resp.body, entries, func(e *Entry) Int { return e.ID }); err != nil {
		return nil, err
	}
	sort.SliceStable(entries, func(i, j int) bool {
		a, b := entries[i], entries[j]
		if a.Date != b.Date {
			return a.Date < b.Date
		}
		if a.StartTime.Value != b.StartTime.Value {
			return a.StartTime.Value < b.StartTime.Value
		}
		return a.ID < b.ID
	})
	return entries, nil
}

// decodeEntries reads a list body: an array, [] or "[]", one entry object, or entries keyed by id.
func decodeEntries(data []byte) ([]Entry, error) {
	if isEmptyCollection(data) {
		return []Entry{}, nil
	}
	trimmed := bytes.TrimSpace(data)
	if trimmed[0] == '[' {
		var items []Entry
		if err := json.Unmarshal(trimmed, &items); err != nil {
			return nil, err
		}
		return items, nil
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(trimmed, &probe); err != nil {
		return nil, err
	}
	if _, flat := probe["id"]; flat {
		var e Entry
		if err := json.Unmarshal(trimmed, &e); err != nil {
			return nil, err
		}
		return []Entry{e}, nil
	}
	var keyed Keyed[Entry]
	if err := json.Unmarshal(trimmed, &keyed); err != nil {
		return nil, err
	}
	out := make([]Entry, 0, len(keyed))
	for key, e := range keyed {
		if e.ID == 0 {
			if id, err := strconv.ParseInt(key, 10, 64); err == nil {
				e.ID = Int(id)
			}
		}
		out = append(out, e)
	}
	return out, nil
}

// Day lists one user's entries of one day with their tags: what Get searches, and what a create
// compares against to find an entry whose reply was lost.
func (s *EntriesService) Day(ctx context.Context, date string, userID int64) ([]Entry, error) {
	opts := EntryListOptions{From: date, To: date, Tags: true}
	if userID != 0 {
		opts.UserIDs = []int64{userID}
	}
	return s.List(ctx, opts)
}

// Get finds an entry in its day's list. An entry not in the list is ErrNotFound (deleted, or moved
// to another day or user outside the caller's knowledge).
func (s *EntriesService) Get(ctx context.Context, ref EntryRef) (*Entry, error) {
	entries, err := s.Day(ctx, ref.Date, ref.UserID)
	if err != nil {
		return nil, err
	}
	for i := range entries {
		if int64(entries[i].ID) == ref.ID {
			return &entries[i], nil
		}
	}
	return nil, notFound("time entry", ref.ID, nil)
}

// Create adds an entry and returns its id. TimeCamp answers 200 (OAS) or 201 (VCR) with
// {"entry_id": n}; TimeCamp's own client also looks for "id". It is never replayed: when it fails
// with CreateOutcomeUnknown(err), the entry may exist, and only the caller can tell which one it is.
func (s *EntriesService) Create(ctx context.Context, in EntryInput) (int64, error) {
	req := request{method: http.MethodPost, path: "/entries", json: in.body()}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		return 0, err
	}
	var reply struct {
		EntryID Int `json:"entry_id"`
		ID      Int `json:"id"`
	}
	if err := json.Unmarshal(resp.body, &reply); err != nil || (reply.EntryID == 0 && reply.ID == 0) {
		if err == nil {
			err = errMissingID
		}
		return 0, &DecodeError{Method: req.method, Path: req.path, Body: abbreviate(resp.body), Err: err}
	}
	if reply.EntryID != 0 {
		return int64(reply.EntryID), nil
	}
	return int64(reply.ID), nil
}

// CreateOutcomeUnknown reports a failed create that TimeCamp may nevertheless have carried out:
// the request may have reached the server and the reply was lost (a transport error after the
// connection was made), was a server error, or could not be read. A refusal (4xx) and a request
// that never left are known not to have created anything.
func CreateOutcomeUnknown(err error) bool {
	if err == nil {
		return false
	}
	var decodeErr *DecodeError
	if errors.As(err, &decodeErr) {
		return true
	}
	if status := StatusCode(err); status != 0 {
		return status >= 500
	}
	var transportErr *TransportError
	if errors.As(err, &transportErr) {
		return !neverSent(err)
	}
	return false
}

// Update changes the set fields of an entry (PUT /entries) and returns the entry as the reply
// describes it (legacy names: entry_id, time_span, start_time_hour, ...; tags are not in it).
// TimeCamp answers an entry that does not exist with the 403 of a permission refusal; the entry's
// day is consulted to tell the two apart, and a missing entry is ErrNotFound.
func (s *EntriesService) Update(ctx context.Context, ref EntryRef, in EntryInput) (*Entry, error) {
	b := in.body()
	delete(b, "user_id") // cannot be changed
	delete(b, "tags")
	b["id"] = ref.ID
	req := request{method: http.MethodPut, path: "/entries", json: b, replayable: true}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		return nil, s.explainRefusal(ctx, ref, err)
	}
	e, err := decodeUpdatedEntry(resp.body)
	if err != nil {
		return nil, &DecodeError{Method: req.method, Path: req.path, Body: abbreviate(resp.body), Err: err}
	}
	if e.ID == 0 {
		e.ID = Int(ref.ID)
	}
	return e, nil
}

// updatedEntry is the reply of PUT /entries: legacy names (VCR, OAS), with the list's names read
// as well in case a version answers with those.
type updatedEntry struct {
	Entry
	EntryID       Int        `json:"entry_id"`
	TimeSpan      *Int       `json:"time_span"`
	Note          NullString `json:"note"`
	StartTimeHour NullString `json:"start_time_hour"`
	EndTimeHour   NullString `json:"end_time_hour"`
}

func decodeUpdatedEntry(data []byte) (*Entry, error) {
	if isEmptyCollection(data) {
		return &Entry{}, nil
	}
	var u updatedEntry
	if err := json.Unmarshal(data, &u); err != nil {
		return nil, err
	}
	e := u.Entry
	if u.EntryID != 0 {
		e.ID = u.EntryID
	}
	if u.TimeSpan != nil {
		e.Duration = *u.TimeSpan
	}
	if u.Note.Valid {
		e.Description = String(u.Note.Value)
	}
	if u.StartTimeHour.Valid {
		e.StartTime = u.StartTimeHour
	}
	if u.EndTimeHour.Valid {
		e.EndTime = u.EndTimeHour
	}
	return &e, nil
}

// Delete removes an entry. TimeCamp answers 200 {"message":"removed"}, 204 with no body, or 204
// {"message":"No such entry"} for an entry already gone: all mean the entry is not there any more.
func (s *EntriesService) Delete(ctx context.Context, id int64) error {
	_, err := s.c.do(ctx, request{method: http.MethodDelete, path: "/entries", json: body{"id": id}, replayable: true})
	return err
}

// Tags reads the tags of an entry (GET /entries/{id}/tags): {"<id>": [tags]}, or [] when it has none.
func (s *EntriesService) Tags(ctx context.Context, id int64) ([]EntryTag, error) {
	req := request{method: http.MethodGet, path: entryTagsPath(id), replayable: true}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	if isEmptyCollection(resp.body) {
		return []EntryTag{}, nil
	}
	var keyed Keyed[Keyed[EntryTag]]
	if err := decodeJSON(req, resp.body, &keyed); err != nil {
		return nil, err
	}
	e := Entry{Tags: keyed[strconv.FormatInt(id, 10)]}
	return e.TagList(), nil
}

// AddTags puts tags on an entry (PUT /entries/{id}/tags, ids as one comma-separated text) and
// returns the ids TimeCamp reports (it leaves out ids it does not know). No ids: nothing is sent.
func (s *EntriesService) AddTags(ctx context.Context, ref EntryRef, tagIDs []int64) ([]int64, error) {
	return s.changeTags(ctx, http.MethodPut, ref, tagIDs)
}

// RemoveTags takes tags off an entry (DELETE /entries/{id}/tags); removing a tag the entry does
// not carry is harmless.
func (s *EntriesService) RemoveTags(ctx context.Context, ref EntryRef, tagIDs []int64) ([]int64, error) {
	return s.changeTags(ctx, http.MethodDelete, ref, tagIDs)
}

func (s *EntriesService) changeTags(ctx context.Context, method string, ref EntryRef, tagIDs []int64) ([]int64, error) {
	if len(tagIDs) == 0 {
		return nil, nil // TimeCamp answers 400 "Empty tags"
	}
	req := request{method: method, path: entryTagsPath(ref.ID), json: body{"tags": joinIDs(tagIDs)}, replayable: true}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		return nil, s.explainRefusal(ctx, ref, err)
	}
	var ids []Int
	if isEmptyCollection(resp.body) {
		return []int64{}, nil
	}
	if err := decodeJSON(req, resp.body, &ids); err != nil {
		return nil, err
	}
	out := make([]int64, len(ids))
	for i, id := range ids {
		out[i] = int64(id)
	}
	return out, nil
}

func entryTagsPath(id int64) string { return "/entries/" + strconv.FormatInt(id, 10) + "/tags" }

// explainRefusal turns a 4xx about an entry that is not in its day's list into ErrNotFound:
// TimeCamp says "You do not have permissions to edit this entry" for both.
func (s *EntriesService) explainRefusal(ctx context.Context, ref EntryRef, err error) error {
	status := StatusCode(err)
	if status < 400 || status >= 500 || status == http.StatusUnauthorized || status == http.StatusTooManyRequests || ref.Date == "" {
		return err
	}
	if _, getErr := s.Get(ctx, ref); IsNotFound(getErr) {
		return notFound("time entry", ref.ID, err)
	}
	return err
}
