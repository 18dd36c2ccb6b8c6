package timecamptest

import (
	"encoding/json"
	"fmt"
	"math/big"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Billing rates (SPEC §11) and rate types (§11.3).
//
// Choices where SPEC leaves things open (§17.14, §17.15), written here once:
//   - One rate per target and rate type: POST overwrites its value (and its addDate when one is
//     sent; a new rate sent without addDate gets "2000-01-01", TimeCamp's date for undated rates).
//     The rate keeps its rateId. No call deletes a rate.
//   - Values are stored with two decimals, rounded half away from zero ("12.345" -> "12.35"), and
//     lists send them as strings ("21.00"); POST replies send the value as a number written as it
//     was sent (12.30 stays 12.30).
//   - Lists are keyed by the scope id (the task id for task-user rates) and are `[]` when no rate
//     matches. Tasks and groups that do not exist are 404 {"message": "Task N not found"}; users
//     that do not exist just have no rates (200 `[]`).
//   - POST to a missing user is 404 with the bare JSON string "User N not found", as the user
//     endpoint words its rate-type 404 ("RateType 1 not found", a bare string too); the other
//     scopes use {"message": ...}.
//   - Rate types are served at /internal/api/rate_type as [{rateTypeId, name, isCost}] (the type
//     TimeCamp's own client declares) and, for the legacy public GET /rate, as
//     [{rate_id, name, is_cost}]. The account starts with "Billable rate" (1) and "Cost rate" (2).

// InternalBasePath is the path prefix of TimeCamp's undocumented internal API (SPEC §1.1).
const InternalBasePath = "/internal/api"

// RateRecord is one billing rate. RefID is the target's id, "<task>_<user>" for task-user rates.
type RateRecord struct {
	ID         int64  `json:"id"`
	RateTypeID int64  `json:"rate_type_id"`
	RefType    string `json:"ref_type"` // task, user, group, task_user
	RefID      string `json:"ref_id"`
	Value      string `json:"value"` // two decimals: "21.00"
	AddDate    string `json:"add_date"`
}

// RateTypeRecord is a kind of rate (billable or cost).
type RateTypeRecord struct {
	ID     int64  `json:"id"`
	Name   string `json:"name"`
	IsCost bool   `json:"is_cost"`
}

// rateStore is the billing-rate part of an account.
type rateStore struct {
	rates map[int64]*RateRecord
	types map[int64]*RateTypeRecord
}

// defaultRateTypes seed a new account (and an older data file that has none).
var defaultRateTypes = []RateTypeRecord{{ID: 1, Name: "Billable rate"}, {ID: 2, Name: "Cost rate", IsCost: true}}

const undatedRate = "2000-01-01"

// firstRateID is the first rateId (see account.go: far from the other kinds' ids).
const firstRateID int64 = 145990

func newRateStore() rateStore {
	s := rateStore{rates: map[int64]*RateRecord{}, types: map[int64]*RateTypeRecord{}}
	for _, t := range defaultRateTypes {
		t := t
		s.types[t.ID] = &t
	}
	return s
}

// find returns the rate of a target and rate type, or nil.
func (s *rateStore) find(refType, refID string, rateTypeID int64) *RateRecord {
	for _, r := range s.rates {
		if r.RefType == refType && r.RefID == refID && r.RateTypeID == rateTypeID {
			return r
		}
	}
	return nil
}

func (s *rateStore) typeIDs() []int64 {
	ids := make([]int64, 0, len(s.types))
	for id := range s.types {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

// snapshotRates adds rate types and rates to s, sorted by id.
func (a *account) snapshotRates(s *Snapshot) {
	for _, id := range a.rates.typeIDs() {
		s.RateTypes = append(s.RateTypes, *a.rates.types[id])
	}
	for _, r := range a.rates.rates {
		s.Rates = append(s.Rates, *r)
	}
	sort.Slice(s.Rates, func(i, j int) bool { return s.Rates[i].ID < s.Rates[j].ID })
}

// loadRates restores rate types and rates. A data file without rate types (written before they
// existed) gets the default ones.
func (a *account) loadRates(s *Snapshot) error {
	a.rates = newRateStore()
	if len(s.RateTypes) > 0 {
		a.rates.types = map[int64]*RateTypeRecord{}
	}
	for _, t := range s.RateTypes {
		t := t
		if _, dup := a.rates.types[t.ID]; dup || t.ID <= 0 {
			return fmt.Errorf("rate type %d: duplicate or not a positive id", t.ID)
		}
		a.rates.types[t.ID] = &t
	}
	seen := map[string]bool{}
	for _, r := range s.Rates {
		r := r
		key := fmt.Sprintf("%s/%s/%d", r.RefType, r.RefID, r.RateTypeID)
		if _, ok := a.rates.types[r.RateTypeID]; !ok {
			return fmt.Errorf("rate %d: rate type %d does not exist", r.ID, r.RateTypeID)
		}
		if _, dup := a.rates.rates[r.ID]; dup || seen[key] {
			return fmt.Errorf("rate %d: duplicate id, or a second rate of type %d on %s %s", r.ID, r.RateTypeID, r.RefType, r.RefID)
		}
		if _, err := twoDecimals(r.Value); err != nil {
			return fmt.Errorf("rate %d: value %q is not a decimal number", r.ID, r.Value)
		}
		seen[key] = true
		a.rates.rates[r.ID] = &r
		a.next.Rate = max(a.next.Rate, r.ID+1)
	}
	return nil
}

// twoDecimals renders a decimal text with two decimals, rounded half away from zero.
func twoDecimals(text string) (string, error) {
	if !numberText.MatchString(text) {
		return "", fmt.Errorf("not a decimal number")
	}
	r, ok := new(big.Rat).SetString(text)
	if !ok {
		return "", fmt.Errorf("not a decimal number")
	}
	return r.FloatString(2), nil
}

// userExists reports a user of the account that has not been removed.
func (a *account) userExists(id int64) bool {
	u, ok := a.users[id]
	return ok && !u.Removed
}

// rateScope is the target named by a rate path: its kind and the ids in the path (CSV lists for
// GET; "all" users for task-user lists).
type rateScope struct {
	kind     string
	ids      []int64 // task, user or group ids (task ids for task_user)
	userIDs  []int64 // task_user only
	allUsers bool    // task_user only: "all"
}

func parseRateScope(segs []string) (rateScope, bool) {
	s := rateScope{kind: segs[0]}
	ids, ok := csvIDs(segs[1])
	if !ok {
		return s, false
	}
	s.ids = ids
	if len(segs) == 5 {
		s.kind = "task_user"
		if segs[3] == "all" {
			s.allUsers = true
		} else if s.userIDs, ok = csvIDs(segs[3]); !ok {
			return s, false
		}
	}
	return s, true
}

func csvIDs(text string) ([]int64, bool) {
	var out []int64
	for _, part := range strings.Split(text, ",") {
		n, err := strconv.ParseInt(strings.TrimSpace(part), 10, 64)
		if err != nil || n <= 0 {
			return nil, false
		}
		out = append(out, n)
	}
	return out, len(out) > 0
}

// missingTarget returns the 404 for the first id of the scope that does not exist (users never
// count as missing in lists: TimeCamp answers 200 `[]`).
func (e *Emulator) missingTarget(s rateScope, forPOST bool) *reply {
	a := e.acct
	switch s.kind {
	case "task", "task_user":
		for _, id := range s.ids {
			if _, ok := a.tasks[id]; !ok {
				rep := messageReply(http.StatusNotFound, fmt.Sprintf("Task %d not found", id))
				return &rep
			}
		}
	case "group":
		for _, id := range s.ids {
			if _, ok := a.groups[id]; !ok {
				rep := messageReply(http.StatusNotFound, fmt.Sprintf("Group %d not found", id))
				return &rep
			}
		}
	}
	if !forPOST {
		return nil
	}
	users := s.userIDs
	if s.kind == "user" {
		users = s.ids
	}
	for _, id := range users {
		if !a.userExists(id) {
			msg := fmt.Sprintf("User %d not found", id)
			rep := messageReply(http.StatusNotFound, msg)
			if s.kind == "user" {
				rep = jsonReply(http.StatusNotFound, msg)
			}
			return &rep
		}
	}
	return nil
}

func rateObject(r *RateRecord, value any) object {
	return object{
		{"rateId", r.ID},
		{"rateTypeId", r.RateTypeID},
		{"value", value},
		{"refType", r.RefType},
		{"addDate", r.AddDate},
		{"refId", r.RefID},
	}
}

// GET /{task|user|group}/{ids}/rate and /task/{ids}/user/{ids|all}/rate, ?rate_id= (empty, "all"
// or a CSV of rate type ids): the rates keyed by scope id, or `[]`.
func handleRateList(e *Emulator, r *apiRequest) reply {
	scope, ok := parseRateScope(r.segs)
	if !ok {
		return notFound()
	}
	if missing := e.missingTarget(scope, false); missing != nil {
		return *missing
	}
	var types map[int64]bool
	if p := r.get("rate_id"); !p.isEmpty() {
		if text, _ := p.text(); !strings.EqualFold(strings.TrimSpace(text), "all") {
			ids, err := p.ints()
			if err != nil {
				return badRequest(err)
			}
			types = map[int64]bool{}
			for _, id := range ids {
				types[id] = true
			}
		}
	}
	wanted := map[string]int64{} // refId -> scope id (the key of the reply)
	for _, id := range scope.ids {
		switch {
		case scope.kind != "task_user":
			wanted[str(id)] = id
		case scope.allUsers:
			for uid := range e.acct.users {
				wanted[fmt.Sprintf("%d_%d", id, uid)] = id
			}
		default:
			for _, uid := range scope.userIDs {
				wanted[fmt.Sprintf("%d_%d", id, uid)] = id
			}
		}
	}
	if scope.kind == "user" || scope.kind == "task_user" {
		for refID := range wanted { // a removed user has no rates any more (their records stay)
			user := refID
			if _, u, ok := strings.Cut(refID, "_"); ok {
				user = u
			}
			if uid, _ := strconv.ParseInt(user, 10, 64); !e.acct.userExists(uid) {
				delete(wanted, refID)
			}
		}
	}
	rows := map[int64][]*RateRecord{}
	for _, rate := range e.acct.rates.rates {
		key, ok := wanted[rate.RefID]
		if !ok || rate.RefType != scope.kind || (types != nil && !types[rate.RateTypeID]) {
			continue
		}
		rows[key] = append(rows[key], rate)
	}
	keys := make([]int64, 0, len(rows))
	for k := range rows {
		sort.Slice(rows[k], func(i, j int) bool {
			a, b := rows[k][i], rows[k][j]
			if a.RateTypeID != b.RateTypeID {
				return a.RateTypeID < b.RateTypeID
			}
			return a.RefID < b.RefID
		})
		keys = append(keys, k)
	}
	return jsonReply(http.StatusOK, keyedByID(keys, func(k int64) any {
		list := make([]any, len(rows[k]))
		for i, rate := range rows[k] {
			list[i] = rateObject(rate, rate.Value) // lists: the value as a string
		}
		return list
	}))
}

// POST /{task|user|group}/{id}/rate and /task/{id}/user/{id}/rate {"rateTypeId", "value",
// "addDate"?}: creates or updates the target's rate of that type; 201 with the rate, its value a
// number as sent.
func handleRateSet(e *Emulator, r *apiRequest) reply {
	scope, ok := parseRateScope(r.segs)
	if !ok || len(scope.ids) != 1 || scope.allUsers || (scope.kind == "task_user" && len(scope.userIDs) != 1) {
		return messageReply(http.StatusBadRequest, "Rates are set for one target at a time")
	}
	if missing := e.missingTarget(scope, true); missing != nil {
		return *missing
	}
	typeParam := r.get("rateTypeId")
	if typeParam.isEmpty() {
		return messageReply(http.StatusBadRequest, "Missing rateTypeId")
	}
	typeID, err := typeParam.int()
	if err != nil {
		return badRequest(err)
	}
	if _, ok := e.acct.rates.types[typeID]; !ok {
		msg := fmt.Sprintf("RateType %d not found", typeID)
		if scope.kind == "user" {
			return jsonReply(http.StatusNotFound, msg) // the user endpoint's bare string (SPEC §11.2)
		}
		return messageReply(http.StatusNotFound, msg)
	}
	valueParam := r.get("value")
	if valueParam.isEmpty() {
		return messageReply(http.StatusBadRequest, "Missing value")
	}
	sent, err := valueParam.text()
	if err != nil {
		return badRequest(err)
	}
	sent = strings.TrimSpace(sent)
	stored, err := twoDecimals(sent)
	if err != nil {
		return messageReply(http.StatusBadRequest, "Invalid value for value")
	}
	addDate := ""
	if p := r.get("addDate"); !p.isEmpty() {
		if addDate, err = p.text(); err != nil {
			return badRequest(err)
		}
		if _, err := time.Parse("2006-01-02", addDate); err != nil {
			return messageReply(http.StatusBadRequest, "Invalid addDate, expected YYYY-MM-DD")
		}
	}
	refID := str(scope.ids[0])
	if scope.kind == "task_user" {
		refID = fmt.Sprintf("%d_%d", scope.ids[0], scope.userIDs[0])
	}
	rate := e.acct.rates.find(scope.kind, refID, typeID)
	if rate == nil {
		rate = &RateRecord{ID: e.acct.newID(&e.acct.next.Rate), RateTypeID: typeID, RefType: scope.kind, RefID: refID, AddDate: undatedRate}
		e.acct.rates.rates[rate.ID] = rate
	}
	rate.Value = stored
	if addDate != "" {
		rate.AddDate = addDate
	}
	e.changed()
	return jsonReply(http.StatusCreated, rateObject(rate, json.Number(sent)))
}

// GET /internal/api/rate_type: [{rateTypeId, name, isCost}], ordered by id.
func handleRateTypes(e *Emulator, _ *apiRequest) reply {
	out := []any{}
	for _, id := range e.acct.rates.typeIDs() {
		t := e.acct.rates.types[id]
		out = append(out, object{{"rateTypeId", t.ID}, {"name", t.Name}, {"isCost", t.IsCost}})
	}
	return jsonReply(http.StatusOK, out)
}

// GET /rate (legacy, without parameters): [{rate_id, name, is_cost}], ordered by id. The legacy
// form with rate_id/task_ids/user_ids (nested maps of values) is not emulated.
func handleLegacyRateTypes(e *Emulator, _ *apiRequest) reply {
	out := []any{}
	for _, id := range e.acct.rates.typeIDs() {
		t := e.acct.rates.types[id]
		out = append(out, object{{"rate_id", t.ID}, {"name", t.Name}, {"is_cost", t.IsCost}})
	}
	return jsonReply(http.StatusOK, out)
}

// rateRoute maps the rate paths: /{task|user|group}/{ids}/rate and /task/{ids}/user/{ids}/rate.
func rateRoute(method string, segs []string) handlerFunc {
	scoped := (len(segs) == 3 && segs[2] == "rate" && (segs[0] == "task" || segs[0] == "user" || segs[0] == "group")) ||
		(len(segs) == 5 && segs[0] == "task" && segs[2] == "user" && segs[4] == "rate")
	if !scoped {
		return nil
	}
	switch method {
	case http.MethodGet:
		return handleRateList
	case http.MethodPost:
		return handleRateSet
	}
	return nil
}

// internalRoute maps paths below InternalBasePath.
func internalRoute(method, p string) handlerFunc {
	if p == "/rate_type" {
		return only(method, http.MethodGet, handleRateTypes)
	}
	return nil
}
