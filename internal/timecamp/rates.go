package timecamp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
)

// Billing rates (SPEC §11). A rate has a rate type (billable rate, cost rate, ...) and belongs to
// one target: a task, a user, a group, or one user on one task (an override). Lists send the value
// as a string with two decimals ("21.00"), POST replies as a number (333): Rate.Value is a Decimal
// and never passes through a float. TimeCamp has no call that deletes a rate.

// Rate target kinds, as TimeCamp names them in refType.
const (
	RateTargetTask     = "task"
	RateTargetUser     = "user"
	RateTargetGroup    = "group"
	RateTargetTaskUser = "task_user"
)

// RateTarget names what a rate belongs to: TaskID alone, UserID alone, GroupID alone, or TaskID
// with UserID (that user's rate on that task).
type RateTarget struct {
	TaskID, UserID, GroupID int64
}

// Kind is the target's refType, or "" for a combination TimeCamp has no endpoint for.
func (t RateTarget) Kind() string {
	switch {
	case t.GroupID > 0 && t.TaskID == 0 && t.UserID == 0:
		return RateTargetGroup
	case t.GroupID != 0:
		return ""
	case t.TaskID > 0 && t.UserID > 0:
		return RateTargetTaskUser
	case t.TaskID > 0 && t.UserID == 0:
		return RateTargetTask
	case t.UserID > 0 && t.TaskID == 0:
		return RateTargetUser
	}
	return ""
}

// String describes the target for messages: "task 12", "user 7 on task 12".
func (t RateTarget) String() string {
	switch t.Kind() {
	case RateTargetTask:
		return fmt.Sprintf("task %d", t.TaskID)
	case RateTargetUser:
		return fmt.Sprintf("user %d", t.UserID)
	case RateTargetGroup:
		return fmt.Sprintf("group %d", t.GroupID)
	case RateTargetTaskUser:
		return fmt.Sprintf("user %d on task %d", t.UserID, t.TaskID)
	}
	return fmt.Sprintf("invalid rate target (task %d, user %d, group %d)", t.TaskID, t.UserID, t.GroupID)
}

// path is the rate endpoint of the target.
func (t RateTarget) path() (string, error) {
	switch t.Kind() {
	case RateTargetTask:
		return fmt.Sprintf("/task/%d/rate", t.TaskID), nil
	case RateTargetUser:
		return fmt.Sprintf("/user/%d/rate", t.UserID), nil
	case RateTargetGroup:
		return fmt.Sprintf("/group/%d/rate", t.GroupID), nil
	case RateTargetTaskUser:
		return fmt.Sprintf("/task/%d/user/%d/rate", t.TaskID, t.UserID), nil
	}
	return "", errors.New("a billing rate belongs to a task, a user, a group, or a user on a task; got " + t.String())
}

// Rate is one billing rate. Value is the decimal text TimeCamp sent ("21.00" in lists, "333" in
// POST replies). AddDate is "YYYY-MM-DD" ("2000-01-01" for a rate given no date). RefID is the
// target's id, "<task>_<user>" for task-user rates.
type Rate struct {
	RateID     Int     `json:"rateId"`
	RateTypeID Int     `json:"rateTypeId"`
	Value      Decimal `json:"value"`
	RefType    String  `json:"refType"`
	AddDate    String  `json:"addDate"`
	RefID      String  `json:"refId"`
}

// RateInput is a rate to set. Value is decimal text such as "12.30"; it is sent as a JSON number
// written exactly so. AddDate (YYYY-MM-DD) is optional.
type RateInput struct {
	RateTypeID int64
	Value      string
	AddDate    Field[string]
}

// RateType is a kind of rate of the account: a billable rate, or a cost rate (IsCost).
type RateType struct {
	ID     int64
	Name   string
	IsCost bool
}

// RatesService reads and sets billing rates.
//
// With Config.SnapshotReads a refresh reads the rates of every task in a few requests (GET
// /task/{ids}/rate, rateBatch ids at a time), likewise every user's, and the rates of one group,
// or of every user on one task, once per group or task: TimeCamp takes a list of ids for tasks
// and users only (SPEC §11.2). Every rate set drops them (see snapshot.go).
type RatesService struct {
	c         *Client
	snapshots bool
	tasks     snapshot[rateSet]
	users     snapshot[rateSet]
	groups    snapshotMap[int64, []Rate]
	taskUsers snapshotMap[int64, []Rate] // by task: every user's rates on it
}

// rateSet is the rates of many targets of one kind, by target id; loaded says which ids were asked.
type rateSet struct {
	loaded map[int64]bool
	rates  map[int64][]Rate
}

// rateBatch is how many ids go in one GET /task/{ids}/rate or /user/{ids}/rate.
const rateBatch = 100

func newRatesService(c *Client, snapshots bool) *RatesService {
	return &RatesService{c: c, snapshots: snapshots,
		tasks: snapshot[rateSet]{enabled: snapshots}, users: snapshot[rateSet]{enabled: snapshots},
		groups:    snapshotMap[int64, []Rate]{enabled: snapshots},
		taskUsers: snapshotMap[int64, []Rate]{enabled: snapshots},
	}
}

func (s *RatesService) invalidate() {
	s.tasks.invalidate()
	s.users.invalidate()
	s.groups.invalidate()
	s.taskUsers.invalidate()
}

// List returns the target's rates, of the given rate types only when any are given. A target that
// does not exist is ErrNotFound (404 for tasks and groups); TimeCamp answers an unknown user with
// 200 and `[]`, which reads as no rates.
func (s *RatesService) List(ctx context.Context, target RateTarget, rateTypeIDs ...int64) ([]Rate, error) {
	if s.snapshots {
		rates, ok, err := s.cached(ctx, target)
		if err != nil {
			return nil, err
		}
		if ok {
			return filterRates(rates, target.Kind(), rateTypeIDs), nil
		}
	}
	return s.list(ctx, target, rateTypeIDs...)
}

// list reads one target's rates.
func (s *RatesService) list(ctx context.Context, target RateTarget, rateTypeIDs ...int64) ([]Rate, error) {
	p, err := target.path()
	if err != nil {
		return nil, err
	}
	byRef, err := s.get(ctx, p, rateTypeIDs, target)
	if err != nil {
		return nil, err
	}
	var out []Rate
	for _, rows := range byRef.Values() {
		out = append(out, rows...)
	}
	return filterRates(out, target.Kind(), nil), nil
}

func (s *RatesService) get(ctx context.Context, p string, rateTypeIDs []int64, target RateTarget) (Keyed[[]Rate], error) {
	q := url.Values{}
	if len(rateTypeIDs) > 0 {
		q.Set("rate_id", joinIDs(rateTypeIDs).(string))
	}
	req := request{method: http.MethodGet, path: p, query: q, replayable: true}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		return nil, rateNotFound(err, target, 0)
	}
	var byRef Keyed[[]Rate]
	if err := decodeJSON(req, resp.body, &byRef); err != nil {
		return nil, err
	}
	return byRef, nil
}

// filterRates keeps the rates of kind (a refType of another kind would be an inherited rate, not
// the target's own) and, when any are given, of the rate types.
func filterRates(rates []Rate, kind string, rateTypeIDs []int64) []Rate {
	var out []Rate
	for _, r := range rates {
		if r.RefType != "" && string(r.RefType) != kind {
			continue
		}
		if len(rateTypeIDs) > 0 && !slices.Contains(rateTypeIDs, int64(r.RateTypeID)) {
			continue
		}
		out = append(out, r)
	}
	return out
}

// cached answers List from the snapshots. ok is false when they cannot answer (a target created
// after the batch was read, a batch that failed, a reply that does not say which user a task-user
// rate is for): List then asks for the one target.
func (s *RatesService) cached(ctx context.Context, t RateTarget) (rates []Rate, ok bool, err error) {
	switch t.Kind() {
	case RateTargetTask, RateTargetTaskUser:
		// A task deleted since the rates were read must not keep them (TimeCamp answers 404).
		if _, err := s.c.Tasks.Get(ctx, t.TaskID); err != nil {
			return nil, true, err
		}
	case RateTargetGroup:
		if _, err := s.c.Groups.Get(ctx, t.GroupID); err != nil {
			return nil, true, err
		}
	}
	switch t.Kind() {
	case RateTargetTask:
		return s.fromSet(ctx, &s.tasks, "task", t.TaskID, func(ctx context.Context) ([]int64, error) {
			tasks, err := s.c.Tasks.List(ctx, TaskListOptions{})
			ids := make([]int64, len(tasks))
			for i, task := range tasks {
				ids[i] = int64(task.TaskID)
			}
			return ids, err
		})
	case RateTargetUser:
		users, err := s.c.Users.List(ctx)
		if err != nil {
			return nil, true, err
		}
		if !slices.ContainsFunc(users, func(u User) bool { return int64(u.UserID) == t.UserID }) {
			return nil, true, nil // not in the account: no rates, as TimeCamp answers
		}
		return s.fromSet(ctx, &s.users, "user", t.UserID, func(context.Context) ([]int64, error) {
			ids := make([]int64, len(users))
			for i, u := range users {
				ids[i] = int64(u.UserID)
			}
			return ids, nil
		})
	case RateTargetGroup:
		rates, err := s.groups.get(ctx, t.GroupID, func(ctx context.Context) ([]Rate, error) {
			return s.list(ctx, t)
		})
		return rates, err == nil, nil
	case RateTargetTaskUser:
		all, err := s.taskUsers.get(ctx, t.TaskID, func(ctx context.Context) ([]Rate, error) {
			byRef, err := s.get(ctx, fmt.Sprintf("/task/%d/user/all/rate", t.TaskID), nil, RateTarget{TaskID: t.TaskID})
			var out []Rate
			for _, rows := range byRef.Values() {
				out = append(out, rows...)
			}
			return out, err
		})
		if err != nil {
			return nil, false, nil //nolint:nilerr // not cached: the caller falls back to the single read, which reports any error
		}
		want := fmt.Sprintf("%d_%d", t.TaskID, t.UserID)
		for _, r := range all {
			if string(r.RefType) != RateTargetTaskUser {
				continue
			}
			if !strings.Contains(string(r.RefID), "_") {
				return nil, false, nil // the row does not name its user
			}
			if string(r.RefID) == want {
				rates = append(rates, r)
			}
		}
		return rates, true, nil
	}
	return nil, false, nil
}

// fromSet finds id's rates in the batch snapshot of one kind ("task" or "user"), which reads the
// rates of every id that ids lists.
func (s *RatesService) fromSet(ctx context.Context, snap *snapshot[rateSet], kind string, id int64,
	ids func(context.Context) ([]int64, error)) ([]Rate, bool, error) {
	set, err := snap.get(ctx, func(ctx context.Context) (rateSet, error) {
		all, err := ids(ctx)
		if err != nil {
			return rateSet{}, err
		}
		return s.loadSet(ctx, kind, all)
	})
	if err != nil || !set.loaded[id] {
		return nil, false, nil //nolint:nilerr // not cached: the caller falls back to the single read, which reports any error
	}
	return set.rates[id], true, nil
}

// loadSet reads the rates of every id, rateBatch ids per request, the batches at once (the
// client bounds how many are in flight). TimeCamp keys the reply by target id.
func (s *RatesService) loadSet(ctx context.Context, kind string, ids []int64) (rateSet, error) {
	var batches [][]int64
	for start := 0; start < len(ids); start += rateBatch {
		batches = append(batches, ids[start:min(start+rateBatch, len(ids))])
	}
	replies := make([]Keyed[[]Rate], len(batches))
	errs := make([]error, len(batches))
	var wg sync.WaitGroup
	for i, batch := range batches {
		wg.Add(1)
		go func() {
			defer wg.Done()
			replies[i], errs[i] = s.get(ctx, fmt.Sprintf("/%s/%s/rate", kind, joinIDs(batch)), nil, RateTarget{})
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return rateSet{}, err
	}
	set := rateSet{loaded: map[int64]bool{}, rates: map[int64][]Rate{}}
	for i, batch := range batches {
		for key, rows := range replies[i] {
			for _, r := range rows {
				owner, err := strconv.ParseInt(string(r.RefID), 10, 64)
				if err != nil || !slices.Contains(batch, owner) {
					if owner, err = strconv.ParseInt(key, 10, 64); err != nil || !slices.Contains(batch, owner) {
						return rateSet{}, fmt.Errorf("GET /%s/{ids}/rate: a rate of %q (key %q) is not one of the ids asked", kind, r.RefID, key)
					}
				}
				set.rates[owner] = append(set.rates[owner], r)
			}
		}
		for _, id := range batch {
			set.loaded[id] = true
		}
	}
	return set, nil
}

// Get returns the target's rate of one rate type. TimeCamp may keep one row per date (SPEC §17.15):
// the row dated preferDate is returned when there is one (preferDate may be ""), else the latest.
// No rate of the type is ErrNotFound.
func (s *RatesService) Get(ctx context.Context, target RateTarget, rateTypeID int64, preferDate string) (*Rate, error) {
	rates, err := s.List(ctx, target, rateTypeID)
	if err != nil {
		return nil, err
	}
	var match []Rate
	for _, r := range rates {
		if int64(r.RateTypeID) == rateTypeID {
			match = append(match, r)
		}
	}
	if len(match) == 0 {
		return nil, notFound("billing rate", fmt.Sprintf("of rate type %d on %s", rateTypeID, target), nil)
	}
	sort.SliceStable(match, func(i, j int) bool {
		if match[i].AddDate != match[j].AddDate {
			return match[i].AddDate < match[j].AddDate // YYYY-MM-DD sorts as text
		}
		return match[i].RateID < match[j].RateID
	})
	for i := len(match) - 1; i >= 0; i-- {
		if preferDate != "" && string(match[i].AddDate) == preferDate {
			return &match[i], nil
		}
	}
	return &match[len(match)-1], nil
}

// Set creates or updates the target's rate of in.RateTypeID (POST is an upsert) and returns the
// rate as the reply gives it (its value as sent). Sending the same rate twice leaves the same rate,
// so it may be replayed. A missing target or rate type is ErrNotFound (a *NotFoundError whose Kind
// says which: "task", "user", "group" or "rate type").
func (s *RatesService) Set(ctx context.Context, target RateTarget, in RateInput) (*Rate, error) {
	defer s.invalidate()
	p, err := target.path()
	if err != nil {
		return nil, err
	}
	value := strings.TrimSpace(in.Value)
	if !jsonNumber.MatchString(value) {
		return nil, fmt.Errorf("billing rate value %q is not a decimal number", in.Value)
	}
	b := body{"rateTypeId": in.RateTypeID, "value": json.Number(value)}
	putField(b, "addDate", in.AddDate, nil)
	req := request{method: http.MethodPost, path: p, json: b, replayable: true}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		return nil, rateNotFound(err, target, in.RateTypeID)
	}
	var r Rate
	if err := decodeJSON(req, resp.body, &r); err != nil {
		return nil, err
	}
	return &r, nil
}

// jsonNumber is the syntax of a JSON number, which the value is sent as.
var jsonNumber = regexp.MustCompile(`^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?$`)

// rateNotFound reads the 404s of the rate endpoints: "RateType 123 not found" (a bare JSON string
// for users), or "Task 3 not found" / "Group 23 not found" / "User 7 not found" for the target.
func rateNotFound(err error, target RateTarget, rateTypeID int64) error {
	if StatusCode(err) != http.StatusNotFound {
		return err
	}
	if apiMessageContains(err, "ratetype") || apiMessageContains(err, "rate type") {
		return notFound("rate type", rateTypeID, err)
	}
	switch {
	case apiMessageContains(err, "group"):
		return notFound("group", target.GroupID, err)
	case apiMessageContains(err, "user") && target.UserID != 0:
		return notFound("user", target.UserID, err)
	case apiMessageContains(err, "task") && target.TaskID != 0:
		return notFound("task", target.TaskID, err)
	}
	return notFound("rate target", target.String(), err)
}

// Types lists the account's rate types. They come from TimeCamp's undocumented internal API
// (GET /internal/api/rate_type, see InternalBaseURL); when that refuses the call (401, 403, 404),
// from the legacy public GET /rate. Each shape reported is read: {rateTypeId, name, isCost},
// {id, name}, or {rate_id, name, is_cost}, as an array or keyed by id. Ordered by id.
func (s *RatesService) Types(ctx context.Context) ([]RateType, error) {
	req := request{method: http.MethodGet, path: "/rate_type", internal: true, replayable: true}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		switch StatusCode(err) {
		case http.StatusUnauthorized, http.StatusForbidden, http.StatusNotFound:
			legacy := request{method: http.MethodGet, path: "/rate", replayable: true}
			resp, lerr := s.c.do(ctx, legacy)
			if lerr != nil {
				return nil, fmt.Errorf("listing rate types: the internal API refused (%w), and so did the public one: %w", err, lerr)
			}
			return decodeRateTypes(legacy, resp.body)
		}
		return nil, fmt.Errorf("listing rate types (internal API): %w", err)
	}
	return decodeRateTypes(req, resp.body)
}

// rateTypeWire is every field name a rate type has been seen with.
type rateTypeWire struct {
	RateTypeID   Int    `json:"rateTypeId"`
	ID           Int    `json:"id"`
	RateID       Int    `json:"rate_id"`
	Name         String `json:"name"`
	IsCost       Bool   `json:"isCost"`
	IsCostLegacy Bool   `json:"is_cost"`
}

func decodeRateTypes(req request, raw []byte) ([]RateType, error) {
	data := bytes.TrimSpace(v3Data(raw))
	wire := map[string]rateTypeWire{}
	if len(data) > 0 && data[0] == '[' {
		var list []rateTypeWire
		if err := decodeJSON(req, data, &list); err != nil {
			return nil, err
		}
		for i, w := range list {
			wire["#"+strconv.Itoa(i)] = w // not an id: see below
		}
	} else {
		var keyed Keyed[rateTypeWire]
		if err := decodeJSON(req, data, &keyed); err != nil {
			return nil, err
		}
		wire = keyed
	}
	out := []RateType{}
	for key, w := range wire {
		id := int64(w.RateTypeID)
		if id == 0 {
			id = int64(w.ID)
		}
		if id == 0 {
			id = int64(w.RateID)
		}
		if id == 0 { // an object keyed by id, with no id inside
			id, _ = strconv.ParseInt(key, 10, 64)
		}
		if id == 0 {
			return nil, &DecodeError{Method: req.method, Path: req.path, Body: abbreviate(raw), Err: errMissingID}
		}
		out = append(out, RateType{ID: id, Name: string(w.Name), IsCost: bool(w.IsCost || w.IsCostLegacy)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, nil
}
