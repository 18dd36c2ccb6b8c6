package timecamptest

import (
	"fmt"
	"math/big"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Time entries (SPEC §8) and their tags (§8.6). The wire format follows §8.1 and the §14/§15
// recommendations: list ids are numbers, every other id and count a string, billable an int,
// tags only with opt_fields=tags and absent when an entry has none; POST answers 201
// {"entry_id": n}; PUT answers the legacy flat object; DELETE answers 200 {"message":"removed"}.
//
// Choices where SPEC leaves things open, written here once:
//   - GET /entries without user_ids lists the token owner's entries only (§17.20); "me" names the
//     token owner. Any unknown id in user_ids is 403 with the JSON string "[]" as the body (OAS).
//     from and to are required (400, the /entries_changes message); there is no range limit.
//   - A new entry is not billable unless the request says so (§17.7; VCR shows "0").
//   - An entry made with a duration only has no time frame: start_time and end_time are null
//     (OLD). With start and end the duration is end - start (start/end win over a duration that
//     disagrees); with start and a duration the end is start + duration. An entry must end on its
//     own day (400 otherwise); a start after the end is 403 with TimeCamp's message.
//   - Times are accepted as HH:MM:SS, H:MM:SS, HH:MM or a full "YYYY-MM-DD HH:MM:SS" (OAS, MCP;
//     start/end win over start_time/end_time) and always answered as HH:MM:SS.
//   - A task that does not exist is 404 {"message":"Task N not found"}; an archived task is 403
//     with TimeCamp's message. A user that does not exist (user_id) is 403.
//   - PUT of an entry that does not exist is 403 "You do not have permissions to edit this entry"
//     (OAS: the message covers both). DELETE of a missing entry is 204; HTTP allows no body with
//     204, so OAS's {"message":"No such entry"} cannot be sent and the reply is empty.
//   - Locked entries (approval) refuse PUT, DELETE and tag changes with 403. Only SeedEntries
//     locks entries.
//   - Tags: unknown or archived tag ids are skipped without an error, on create and on
//     PUT /entries/{id}/tags, whose reply lists the ids actually attached (strings); DELETE lists
//     the ids it took off. An entry that does not exist is 403 there too.
//   - include_rates: total_income is hours x the billable rate (type 1) of a billable entry, and
//     total_cost hours x the cost rate (type 2), both as strings with two decimals; rate_income
//     is the billable rate as a number. A rate is looked up for the user on the task, then the
//     task and its parents, then the user (see rates.go); none is 0.
const (
	firstEntryID int64 = 260000000

	msgEntryDateMissing     = "You must provide a date for the time entry"
	msgEntryDurationMissing = "you must provide a duration in seconds for time entry"
	msgEntryRangeMissing    = "you must provide \"from\" and \"to\" date like 2013-03-20 "
	msgEntryIDMissing       = "Missing entry ID"
	msgEntryNoPermission    = "You do not have permissions to edit this entry"
	msgEntryLocked          = "You can't edit time entry, because it is in approved or pending timesheet approval."
	msgEntryArchivedTask    = "Tracking time for archived tasks is not available. Please select another task."
	msgEntryUnknownUser     = "You do not have permissions to track time for this user"
	msgEntryPastMidnight    = "The time entry must end on the day it starts"
	msgEntryRemoved         = "removed"
	msgEntryEmptyTags       = "Empty tags"
	secondsPerDay           = 24 * 3600
	rateTypeBillable        = 1
	rateTypeCost            = 2
)

// EntryRecord is a time entry. StartTime and EndTime are "HH:MM:SS", nil for an entry without a
// time frame.
type EntryRecord struct {
	ID         int64   `json:"id"`
	UserID     int64   `json:"user_id"`
	TaskID     int64   `json:"task_id"`
	Date       string  `json:"date"`
	StartTime  *string `json:"start_time"`
	EndTime    *string `json:"end_time"`
	Duration   int64   `json:"duration"`
	Note       string  `json:"note"`
	Billable   bool    `json:"billable"`
	Locked     bool    `json:"locked,omitempty"`
	InvoiceID  int64   `json:"invoice_id,omitempty"`
	LastModify string  `json:"last_modify"`
	TagIDs     []int64 `json:"tag_ids,omitempty"` // ascending
}

func (r *EntryRecord) clone() EntryRecord {
	c := *r
	c.StartTime, c.EndTime = cloneStr(r.StartTime), cloneStr(r.EndTime)
	c.TagIDs = append([]int64(nil), r.TagIDs...)
	return c
}

// entryStore is the time-entry part of an account.
type entryStore struct {
	byID map[int64]*EntryRecord
}

func newEntryStore() entryStore { return entryStore{byID: map[int64]*EntryRecord{}} }

// insertEntry stores a new entry under the next id and returns it. Call with e.mu held; the
// caller has validated rec (other emulator endpoints that create entries, such as a timer start,
// go through here too).
func (e *Emulator) insertEntry(rec EntryRecord) *EntryRecord {
	a := e.acct
	a.next.Entry = max(a.next.Entry, firstEntryID)
	rec.ID = a.newID(&a.next.Entry)
	if rec.LastModify == "" {
		rec.LastModify = e.timestamp()
	}
	rec.TagIDs = normalizeIDs(rec.TagIDs)
	stored := rec.clone()
	a.entries.byID[stored.ID] = &stored
	e.changed()
	return &stored
}

// entryObject renders an entry as GET /entries sends it (SPEC §8.1).
func (e *Emulator) entryObject(r *EntryRecord, withTags, withRates bool) object {
	a := e.acct
	userName := ""
	if u, ok := a.users[r.UserID]; ok {
		userName = u.Email
		if u.DisplayName != nil && *u.DisplayName != "" {
			userName = *u.DisplayName
		}
	}
	taskName, color, taskNote := "", "", ""
	if t, ok := a.tasks[r.TaskID]; ok {
		taskName, color = t.Name, t.Color
		if t.Note != nil {
			taskNote = *t.Note
		}
	}
	o := object{
		{"id", r.ID},
		{"duration", str(r.Duration)},
		{"user_id", str(r.UserID)},
		{"user_name", userName},
		{"task_id", str(r.TaskID)},
		{"task_note", taskNote},
		{"last_modify", r.LastModify},
		{"date", r.Date},
		{"start_time", nullable(r.StartTime)},
		{"end_time", nullable(r.EndTime)},
		{"locked", flag(r.Locked)},
		{"name", taskName},
		{"addons_external_id", ""},
		{"billable", flagInt(r.Billable)},
		{"invoiceId", str(r.InvoiceID)},
		{"color", color},
		{"description", r.Note},
	}
	if withTags && len(r.TagIDs) > 0 {
		o = append(o, member{"tags", e.entryTags(r)})
	}
	o = append(o, member{"hasEntryLocationHistory", false})
	if withRates {
		cost, income, rate := e.entryRates(r)
		o = append(o, member{"total_cost", cost}, member{"total_income", income}, member{"rate_income", rate})
	}
	return o
}

// entryTags renders the tags of an entry: every value a string.
func (e *Emulator) entryTags(r *EntryRecord) []any {
	a := e.acct
	out := make([]any, 0, len(r.TagIDs))
	for _, id := range r.TagIDs {
		t, ok := a.tags[id]
		if !ok {
			continue
		}
		listName := ""
		if l, ok := a.tagLists[t.TagListID]; ok {
			listName = l.Name
		}
		out = append(out, object{
			{"tagListName", listName},
			{"tagListId", str(t.TagListID)},
			{"tagId", str(t.ID)},
			{"name", t.Name},
			{"mandatory", "0"},
		})
	}
	return out
}

// entryRates computes the include_rates fields: total_cost and total_income as strings with two
// decimals, rate_income as a number.
func (e *Emulator) entryRates(r *EntryRecord) (cost, income string, rate any) {
	hours := new(big.Rat).SetFrac64(r.Duration, 3600)
	billable := e.entryRate(r, rateTypeBillable)
	costRate := e.entryRate(r, rateTypeCost)
	in := new(big.Rat)
	if r.Billable {
		in.Mul(hours, billable)
	}
	out := new(big.Rat).Mul(hours, costRate)
	rateNumber, _ := billable.Float64()
	return out.FloatString(2), in.FloatString(2), rateNumber
}

// entryRate finds the rate of a type for an entry: the user on the task (or a parent task), the
// task or a parent, then the user. None is 0.
func (e *Emulator) entryRate(r *EntryRecord, rateType int64) *big.Rat {
	a := e.acct
	value := func(refType, refID string) (*big.Rat, bool) {
		rec := a.rates.find(refType, refID, rateType)
		if rec == nil {
			return nil, false
		}
		v, ok := new(big.Rat).SetString(rec.Value)
		return v, ok
	}
	user := str(r.UserID)
	for id, steps := r.TaskID, 0; id != 0 && steps <= len(a.tasks); steps++ {
		if v, ok := value("task_user", str(id)+"_"+user); ok {
			return v
		}
		if v, ok := value("task", str(id)); ok {
			return v
		}
		t, ok := a.tasks[id]
		if !ok {
			break
		}
		id = t.ParentID
	}
	if v, ok := value("user", user); ok {
		return v
	}
	return new(big.Rat)
}

var (
	entryDateRE = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	clockRE     = regexp.MustCompile(`^(\d{1,2}):(\d{2})(?::(\d{2}))?$`)
	dateClockRE = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2})[ T](\d{1,2}:\d{2}(?::\d{2})?)$`)
)

// validDate reports a real calendar date written YYYY-MM-DD.
func validDate(s string) bool {
	if !entryDateRE.MatchString(s) {
		return false
	}
	_, err := time.Parse(time.DateOnly, s)
	return err == nil
}

// parseClock reads a time of day as seconds after midnight: HH:MM:SS, H:MM:SS, HH:MM, or a full
// "YYYY-MM-DD HH:MM:SS" (the date part is dropped).
func parseClock(s string) (int64, bool) {
	s = strings.TrimSpace(s)
	if m := dateClockRE.FindStringSubmatch(s); m != nil {
		s = m[2]
	}
	m := clockRE.FindStringSubmatch(s)
	if m == nil {
		return 0, false
	}
	h, _ := strconv.ParseInt(m[1], 10, 64)
	min, _ := strconv.ParseInt(m[2], 10, 64)
	sec := int64(0)
	if m[3] != "" {
		sec, _ = strconv.ParseInt(m[3], 10, 64)
	}
	if h > 23 || min > 59 || sec > 59 {
		return 0, false
	}
	return h*3600 + min*60 + sec, true
}

func clockText(secs int64) string {
	return fmt.Sprintf("%02d:%02d:%02d", secs/3600, secs/60%60, secs%60)
}

func clockPtr(secs int64) *string {
	s := clockText(secs)
	return &s
}

// clockParam reads the first present parameter of names (start before start_time: OAS gives
// start/end priority) as seconds after midnight.
func clockParam(r *apiRequest, names ...string) (int64, bool, reply) {
	for _, name := range names {
		p := r.get(name)
		if p.isEmpty() {
			continue
		}
		text, err := p.text()
		if err != nil {
			return 0, false, badRequest(err)
		}
		secs, ok := parseClock(text)
		if !ok {
			return 0, false, messageReply(http.StatusBadRequest, fmt.Sprintf("unrecognized %s format", name))
		}
		return secs, true, reply{}
	}
	return 0, false, reply{}
}

// entryChange is what a create or an update asks for; nil fields were not sent.
type entryChange struct {
	date                 *string
	start, end, duration *int64
	note                 *string
	taskID               *int64
	billable             *bool
	invoiceID            *int64
}

// readEntryChange reads the writable fields of POST and PUT /entries.
func readEntryChange(r *apiRequest) (entryChange, reply, bool) {
	var c entryChange
	if p := r.get("date"); !p.isEmpty() {
		d, err := p.text()
		if err != nil {
			return c, badRequest(err), false
		}
		if !validDate(d) {
			return c, messageReply(http.StatusBadRequest, "unrecognized date format"), false
		}
		c.date = &d
	}
	if secs, ok, rep := clockParam(r, "start", "start_time"); rep.status != 0 {
		return c, rep, false
	} else if ok {
		c.start = &secs
	}
	if secs, ok, rep := clockParam(r, "end", "end_time"); rep.status != 0 {
		return c, rep, false
	} else if ok {
		c.end = &secs
	}
	for _, f := range []struct {
		name string
		dst  **int64
	}{{"duration", &c.duration}, {"task_id", &c.taskID}, {"invoiceId", &c.invoiceID}} {
		p := r.get(f.name)
		if p.isEmpty() {
			continue
		}
		n, err := p.int()
		if err != nil || n < 0 {
			return c, messageReply(http.StatusBadRequest, fmt.Sprintf("Invalid value for %s", f.name)), false
		}
		*f.dst = &n
	}
	for _, name := range []string{"note", "description"} {
		if p := r.get(name); p.present {
			s, err := p.text()
			if err != nil {
				return c, badRequest(err), false
			}
			c.note = &s
			break
		}
	}
	if p := r.get("billable"); !p.isEmpty() {
		b, err := p.flag()
		if err != nil {
			return c, badRequest(err), false
		}
		c.billable = &b
	}
	return c, reply{}, true
}

// applyEntryChange computes the entry's time frame and checks the task. rec holds the entry as
// it is (zero for a create) and is changed in place.
func (e *Emulator) applyEntryChange(rec *EntryRecord, c entryChange, create bool) (reply, bool) {
	if c.date != nil {
		rec.Date = *c.date
	}
	if c.taskID != nil && *c.taskID != 0 {
		t, ok := e.acct.tasks[*c.taskID]
		if !ok {
			return taskNotFound(str(*c.taskID)), false
		}
		if t.Archived {
			return messageReply(http.StatusForbidden, msgEntryArchivedTask), false
		}
	}
	if c.taskID != nil {
		rec.TaskID = *c.taskID
	}
	if c.note != nil {
		rec.Note = *c.note
	}
	if c.billable != nil {
		rec.Billable = *c.billable
	}
	if c.invoiceID != nil {
		rec.InvoiceID = *c.invoiceID
	}

	at := func(v int64) *int64 { return &v }
	var start, end *int64
	if rec.StartTime != nil {
		s, _ := parseClock(*rec.StartTime)
		start = &s
	}
	if rec.EndTime != nil {
		s, _ := parseClock(*rec.EndTime)
		end = &s
	}
	duration := rec.Duration
	switch {
	case c.start != nil && c.end != nil:
		start, end = c.start, c.end
	case c.start != nil && c.duration != nil:
		start, end = c.start, at(*c.start+*c.duration)
	case c.end != nil && c.duration != nil:
		start, end = at(*c.end-*c.duration), c.end
	case c.start != nil: // an update moving the start keeps the duration and moves the end
		if create {
			return messageReply(http.StatusBadRequest, msgEntryDurationMissing), false
		}
		start, end = c.start, at(*c.start+duration)
	case c.end != nil: // an update moving the end keeps the start (or gains one from the duration)
		if create {
			return messageReply(http.StatusBadRequest, msgEntryDurationMissing), false
		}
		if start == nil {
			start = at(*c.end - duration)
		}
		end = c.end
	case c.duration != nil:
		if start != nil {
			end = at(*start + *c.duration)
		}
		duration = *c.duration
	case create:
		return messageReply(http.StatusBadRequest, msgEntryDurationMissing), false
	}
	if start != nil && end != nil {
		if *start < 0 || *end < *start {
			s, en := *start, *end
			if s < 0 {
				s = 0
			}
			return messageReply(http.StatusForbidden, fmt.Sprintf("Start time (%s %s) can not be after end time (%s %s).",
				rec.Date, clockText(s), rec.Date, clockText(max(en, 0)))), false
		}
		if *end >= secondsPerDay {
			return messageReply(http.StatusBadRequest, msgEntryPastMidnight), false
		}
		rec.StartTime, rec.EndTime = clockPtr(*start), clockPtr(*end)
		duration = *end - *start
	}
	rec.Duration = duration
	return reply{}, true
}

// GET /entries (SPEC §8.2): a JSON array, `[]` for nothing.
func handleEntryList(e *Emulator, r *apiRequest) reply {
	a := e.acct
	from, to, rep, ok := entryRange(r)
	if !ok {
		return rep
	}
	users := map[int64]bool{a.adminUserID: true}
	if p := r.get("user_ids"); !p.isEmpty() {
		text, err := p.text()
		if err != nil {
			return badRequest(err)
		}
		users = map[int64]bool{}
		for _, part := range strings.Split(text, ",") {
			part = strings.TrimSpace(part)
			if part == "" {
				continue
			}
			if strings.EqualFold(part, "me") {
				users[a.adminUserID] = true
				continue
			}
			id, err := strconv.ParseInt(part, 10, 64)
			if _, visible := e.user(id); err != nil || !visible {
				return jsonReply(http.StatusForbidden, "[]")
			}
			users[id] = true
		}
	}
	var tasks map[int64]bool
	if p := r.get("task_ids"); !p.isEmpty() {
		ids, err := p.ints()
		if err != nil {
			return badRequest(err)
		}
		tasks = map[int64]bool{}
		for _, id := range ids {
			tasks[id] = true
		}
	}
	withTags := false
	if p := r.get("opt_fields"); !p.isEmpty() {
		text, _ := p.text()
		for _, f := range strings.Split(text, ",") {
			withTags = withTags || strings.TrimSpace(f) == "tags"
		}
	}
	withRates, err := flagParam(r, "include_rates", false)
	if err != nil {
		return badRequest(err)
	}

	var list []*EntryRecord
	for _, rec := range a.entries.byID {
		if rec.Date < from || rec.Date > to || !users[rec.UserID] || (tasks != nil && !tasks[rec.TaskID]) {
			continue
		}
		list = append(list, rec)
	}
	sort.Slice(list, func(i, j int) bool {
		x, y := list[i], list[j]
		if x.Date != y.Date {
			return x.Date < y.Date
		}
		if sx, sy := textOf(x.StartTime), textOf(y.StartTime); sx != sy {
			return sx < sy
		}
		return x.ID < y.ID
	})
	items := make([]any, 0, len(list))
	for _, rec := range list {
		items = append(items, e.entryObject(rec, withTags, withRates))
	}
	return jsonReply(http.StatusOK, items)
}

// textOf is *s, or "" for nil.
func textOf(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// entryRange reads the required from/to dates.
func entryRange(r *apiRequest) (string, string, reply, bool) {
	var dates [2]string
	for i, name := range []string{"from", "to"} {
		p := r.get(name)
		text, err := p.text()
		if p.isEmpty() || err != nil || !validDate(strings.TrimSpace(text)) {
			return "", "", messageReply(http.StatusBadRequest, msgEntryRangeMissing), false
		}
		dates[i] = strings.TrimSpace(text)
	}
	return dates[0], dates[1], reply{}, true
}

// POST /entries (SPEC §8.3): 201 {"entry_id": n}.
func handleEntryCreate(e *Emulator, r *apiRequest) reply {
	a := e.acct
	if r.get("date").isEmpty() {
		return messageReply(http.StatusBadRequest, msgEntryDateMissing)
	}
	c, rep, ok := readEntryChange(r)
	if !ok {
		return rep
	}
	if get, _ := flagParam(r, "get_entries", false); get {
		return handleEntryList(e, r)
	}
	rec := EntryRecord{UserID: a.adminUserID}
	if p := r.get("user_id"); !p.isEmpty() {
		id, err := p.int()
		if err != nil {
			return badRequest(err)
		}
		if _, ok := e.user(id); !ok {
			return messageReply(http.StatusForbidden, msgEntryUnknownUser)
		}
		rec.UserID = id
	}
	if rep, ok := e.applyEntryChange(&rec, c, true); !ok {
		return rep
	}
	tags, err := r.get("tags").entryTagIDs()
	if err != nil {
		return badRequest(err)
	}
	rec.TagIDs = e.usableTags(tags)
	stored := e.insertEntry(rec)
	return jsonReply(http.StatusCreated, object{{"entry_id", stored.ID}})
}

// entryTagIDs reads tags sent as [{"tagId": n}, ...], [n, ...] or "13,14".
func (p param) entryTagIDs() ([]int64, error) {
	list, ok := p.raw.([]any)
	if !ok {
		return p.ints()
	}
	var ids []int64
	for _, item := range list {
		if m, ok := item.(map[string]any); ok {
			n, err := param{name: "tagId", present: true, raw: m["tagId"]}.int()
			if err != nil {
				return nil, err
			}
			ids = append(ids, n)
			continue
		}
		n, err := param{name: p.name, present: true, raw: item}.int()
		if err != nil {
			return nil, err
		}
		ids = append(ids, n)
	}
	return ids, nil
}

// usableTags keeps the ids of tags that exist and are not archived, ascending and once each.
func (e *Emulator) usableTags(ids []int64) []int64 {
	var out []int64
	for _, id := range ids {
		if t, ok := e.acct.tags[id]; ok && !t.Archived {
			out = append(out, id)
		}
	}
	return normalizeIDs(out)
}

func normalizeIDs(ids []int64) []int64 {
	if len(ids) == 0 {
		return nil
	}
	out := append([]int64(nil), ids...)
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	n := 0
	for i, id := range out {
		if i == 0 || id != out[n-1] {
			out[n] = id
			n++
		}
	}
	return out[:n]
}

// entryParam finds the entry named by the "id" parameter for a change: 400 without it, 403 when
// it does not exist or is locked.
func (e *Emulator) entryParam(r *apiRequest) (*EntryRecord, reply, bool) {
	p := r.get("id")
	if p.isEmpty() {
		return nil, messageReply(http.StatusBadRequest, msgEntryIDMissing), false
	}
	id, err := p.int()
	if err != nil {
		return nil, badRequest(err), false
	}
	rec, ok := e.acct.entries.byID[id]
	if !ok {
		return nil, messageReply(http.StatusForbidden, msgEntryNoPermission), false
	}
	if rec.Locked {
		return nil, messageReply(http.StatusForbidden, msgEntryLocked), false
	}
	return rec, reply{}, true
}

// PUT /entries (SPEC §8.4): the legacy flat object.
func handleEntryUpdate(e *Emulator, r *apiRequest) reply {
	cur, rep, ok := e.entryParam(r)
	if !ok {
		return rep
	}
	c, rep, ok := readEntryChange(r)
	if !ok {
		return rep
	}
	next := cur.clone()
	if rep, ok := e.applyEntryChange(&next, c, false); !ok {
		return rep
	}
	next.LastModify = cur.LastModify
	if !entriesEqual(&next, cur) {
		next.LastModify = e.timestamp()
		*cur = next
		e.changed()
	}
	return jsonReply(http.StatusOK, object{
		{"entry_id", str(cur.ID)},
		{"user_id", str(cur.UserID)},
		{"date", cur.Date},
		{"task_id", str(cur.TaskID)},
		{"time_span", cur.Duration},
		{"locked", flag(cur.Locked)},
		{"last_modify", cur.LastModify},
		{"note", cur.Note},
		{"start_time_hour", nullable(cur.StartTime)},
		{"end_time_hour", nullable(cur.EndTime)},
		{"invoiceId", str(cur.InvoiceID)},
		{"billable", flag(cur.Billable)},
	})
}

func entriesEqual(a, b *EntryRecord) bool {
	return a.Date == b.Date && textOf(a.StartTime) == textOf(b.StartTime) && textOf(a.EndTime) == textOf(b.EndTime) &&
		(a.StartTime == nil) == (b.StartTime == nil) && a.Duration == b.Duration && a.Note == b.Note &&
		a.TaskID == b.TaskID && a.Billable == b.Billable && a.InvoiceID == b.InvoiceID
}

// DELETE /entries (SPEC §8.5): 200 {"message":"removed"}; a missing entry is 204 (idempotent).
func handleEntryDelete(e *Emulator, r *apiRequest) reply {
	p := r.get("id")
	if p.isEmpty() {
		return messageReply(http.StatusBadRequest, msgEntryIDMissing)
	}
	id, err := p.int()
	if err != nil {
		return badRequest(err)
	}
	rec, ok := e.acct.entries.byID[id]
	if !ok {
		return emptyReply(http.StatusNoContent)
	}
	if rec.Locked {
		return messageReply(http.StatusForbidden, msgEntryLocked)
	}
	delete(e.acct.entries.byID, id)
	e.dropInvoicedEntry(id)
	e.changed()
	return messageReply(http.StatusOK, msgEntryRemoved)
}

// GET /entries/{ids}/tags (SPEC §8.6): {"<entry id>": [tags]} for the entries (a CSV of ids) that
// have tags; `[]` when none has any (or none exists).
func handleEntryTagsGet(e *Emulator, r *apiRequest) reply {
	ids, err := param{name: "entry_id", present: true, raw: r.segs[1]}.ints()
	if err != nil {
		return badRequest(err)
	}
	var keys []int64
	for _, id := range ids {
		if rec, ok := e.acct.entries.byID[id]; ok && len(rec.TagIDs) > 0 {
			keys = append(keys, id)
		}
	}
	return jsonReply(http.StatusOK, keyedByID(normalizeIDs(keys), func(id int64) []any {
		return e.entryTags(e.acct.entries.byID[id])
	}))
}

// PUT and DELETE /entries/{id}/tags {"tags": "13,14"}: the ids attached or taken off, as strings.
func handleEntryTagsChange(e *Emulator, r *apiRequest) reply {
	id, ok := r.pathID(1)
	rec := e.acct.entries.byID[id]
	p := r.get("tags")
	if p.isEmpty() {
		return jsonReply(http.StatusBadRequest, msgEntryEmptyTags)
	}
	asked, err := p.entryTagIDs()
	if err != nil || len(asked) == 0 {
		return jsonReply(http.StatusBadRequest, msgEntryEmptyTags)
	}
	if !ok || rec == nil {
		return messageReply(http.StatusForbidden, msgEntryNoPermission)
	}
	if rec.Locked {
		return messageReply(http.StatusForbidden, msgEntryLocked)
	}
	done := []string{}
	before := len(rec.TagIDs)
	if r.method == http.MethodPut {
		usable := e.usableTags(asked)
		rec.TagIDs = normalizeIDs(append(rec.TagIDs, usable...))
		for _, t := range usable {
			done = append(done, str(t))
		}
	} else {
		drop := map[int64]bool{}
		for _, t := range asked {
			drop[t] = true
		}
		kept := rec.TagIDs[:0:0]
		for _, t := range rec.TagIDs {
			if drop[t] {
				done = append(done, str(t))
				continue
			}
			kept = append(kept, t)
		}
		rec.TagIDs = normalizeIDs(kept)
	}
	if len(rec.TagIDs) != before || r.method == http.MethodPut && len(done) > 0 {
		rec.LastModify = e.timestamp()
		e.changed()
	}
	return jsonReply(http.StatusOK, done)
}

// SeedEntry is a time entry put straight into the account, for tests and demos.
type SeedEntry struct {
	UserID   int64  // 0: the admin (the token owner)
	TaskID   int64  // 0: no task
	Date     string // YYYY-MM-DD
	Start    string // "HH:MM:SS" (or HH:MM); "" with End "" makes an entry without a time frame
	End      string // "" with Start set: Start + Duration
	Duration int64  // seconds; ignored when Start and End are both set
	Note     string
	Billable bool
	Locked   bool // approved: TimeCamp refuses to change it
	TagIDs   []int64
}

// SeedEntries adds entries as they are, without the API's checks beyond sanity (a real date, a
// known user and task, an end after the start on the same day), and returns their ids. The
// account is saved to Options.DataFile afterwards.
func (e *Emulator) SeedEntries(entries ...SeedEntry) ([]int64, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	ids, err := e.seedEntries(entries)
	if err != nil {
		return nil, err
	}
	return ids, e.saveNow()
}

// seedEntries is SeedEntries with e.mu held and no save.
func (e *Emulator) seedEntries(entries []SeedEntry) ([]int64, error) {
	a := e.acct
	recs := make([]EntryRecord, 0, len(entries))
	for i, s := range entries {
		rec := EntryRecord{UserID: s.UserID, TaskID: s.TaskID, Date: s.Date, Note: s.Note, Billable: s.Billable,
			Locked: s.Locked, Duration: s.Duration, TagIDs: append([]int64(nil), s.TagIDs...)}
		if rec.UserID == 0 {
			rec.UserID = a.adminUserID
		}
		if err := e.checkSeedEntry(&rec, s); err != nil {
			return nil, fmt.Errorf("seed entry %d: %w", i, err)
		}
		recs = append(recs, rec)
	}
	ids := make([]int64, len(recs))
	for i, rec := range recs {
		ids[i] = e.insertEntry(rec).ID
	}
	return ids, nil
}

func (e *Emulator) checkSeedEntry(rec *EntryRecord, s SeedEntry) error {
	a := e.acct
	if !validDate(rec.Date) {
		return fmt.Errorf("date %q is not YYYY-MM-DD", rec.Date)
	}
	if _, ok := a.users[rec.UserID]; !ok {
		return fmt.Errorf("user %d does not exist", rec.UserID)
	}
	if _, ok := a.tasks[rec.TaskID]; rec.TaskID != 0 && !ok {
		return fmt.Errorf("task %d does not exist", rec.TaskID)
	}
	for _, t := range rec.TagIDs {
		if _, ok := a.tags[t]; !ok {
			return fmt.Errorf("tag %d does not exist", t)
		}
	}
	if s.Start == "" && s.End == "" {
		if rec.Duration < 0 {
			return fmt.Errorf("negative duration")
		}
		return nil
	}
	start, ok := parseClock(s.Start)
	if !ok {
		return fmt.Errorf("start %q is not HH:MM:SS", s.Start)
	}
	end := start + s.Duration
	if s.End != "" {
		if end, ok = parseClock(s.End); !ok {
			return fmt.Errorf("end %q is not HH:MM:SS", s.End)
		}
	}
	if end < start || end >= secondsPerDay {
		return fmt.Errorf("%s-%s is not a time frame within one day", s.Start, clockText(end))
	}
	rec.StartTime, rec.EndTime, rec.Duration = clockPtr(start), clockPtr(end), end-start
	return nil
}

// EntryRecords returns a copy of every entry, ordered by id (for tests).
func (e *Emulator) EntryRecords() []EntryRecord {
	e.mu.Lock()
	defer e.mu.Unlock()
	out := make([]EntryRecord, 0, len(e.acct.entries.byID))
	for _, rec := range e.acct.entries.byID {
		out = append(out, rec.clone())
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// saveNow writes the account to the data file, if there is one. Call with e.mu held, outside a
// request (requests save when they return).
func (e *Emulator) saveNow() error {
	e.dirty = false
	if e.store == nil {
		return nil
	}
	return e.store.save(e.acct.snapshot())
}

// loadEntries restores the entries of a snapshot and checks each one.
func (a *account) loadEntries(s *Snapshot) error {
	a.entries = newEntryStore()
	for _, rec := range s.Entries {
		rec := rec.clone()
		if _, dup := a.entries.byID[rec.ID]; dup {
			return fmt.Errorf("duplicate time entry %d", rec.ID)
		}
		if !validDate(rec.Date) || rec.Duration < 0 {
			return fmt.Errorf("time entry %d: invalid date %q or duration %d", rec.ID, rec.Date, rec.Duration)
		}
		if _, ok := a.users[rec.UserID]; !ok {
			return fmt.Errorf("time entry %d: user %d does not exist", rec.ID, rec.UserID)
		}
		if (rec.StartTime == nil) != (rec.EndTime == nil) {
			return fmt.Errorf("time entry %d: start_time and end_time must both be set or both be null", rec.ID)
		}
		if rec.StartTime != nil {
			start, okS := parseClock(*rec.StartTime)
			end, okE := parseClock(*rec.EndTime)
			if !okS || !okE || end < start || end-start != rec.Duration {
				return fmt.Errorf("time entry %d: time frame %s-%s does not match duration %d", rec.ID, *rec.StartTime, *rec.EndTime, rec.Duration)
			}
		}
		for _, t := range rec.TagIDs {
			if _, ok := a.tags[t]; !ok {
				return fmt.Errorf("time entry %d: tag %d does not exist", rec.ID, t)
			}
		}
		rec.TagIDs = normalizeIDs(rec.TagIDs)
		a.entries.byID[rec.ID] = &rec
		a.next.Entry = max(a.next.Entry, rec.ID+1)
	}
	return nil
}

// snapshotEntries adds the entries to s, sorted by id.
func (a *account) snapshotEntries(s *Snapshot) {
	for _, rec := range a.entries.byID {
		s.Entries = append(s.Entries, rec.clone())
	}
	sort.Slice(s.Entries, func(i, j int) bool { return s.Entries[i].ID < s.Entries[j].ID })
}
