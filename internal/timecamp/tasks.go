package timecamp

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
)

// Task is a project (a root task) or a task below one (SPEC §5.1). Lists send numbers; create,
// update and single reads send strings; the field types here read both.
type Task struct {
	TaskID           Int                 `json:"task_id"`
	ParentID         Int                 `json:"parent_id"`
	Name             String              `json:"name"`
	ExternalTaskID   NullString          `json:"external_task_id"`
	ExternalParentID NullString          `json:"external_parent_id"`
	Level            Int                 `json:"level"`
	Archived         Bool                `json:"archived"`
	Keywords         NullString          `json:"keywords"`
	Budgeted         Int                 `json:"budgeted"` // seconds when BudgetUnit is "hours"
	BudgetUnit       String              `json:"budget_unit"`
	Billable         Bool                `json:"billable"`
	RootGroupID      Int                 `json:"root_group_id"`
	Note             NullString          `json:"note"`
	Color            String              `json:"color"`
	AddDate          String              `json:"add_date"`
	ModifyTime       NullString          `json:"modify_time"`
	Users            Keyed[TaskUserRole] `json:"users"`
	UserAccessType   Int                 `json:"user_access_type"`
}

// TaskUserRole is one direct assignment in a task's users map.
type TaskUserRole struct {
	UserID Int `json:"user_id"`
	RoleID Int `json:"role_id"`
}

// Budget units TimeCamp accepts.
const (
	BudgetUnitHours = "hours"
	BudgetUnitFee   = "fee"
)

// TaskInput holds the fields of a create or an update; unset fields are not sent.
type TaskInput struct {
	Name             Field[string]
	ParentID         Field[int64]
	ExternalTaskID   Field[string]
	ExternalParentID Field[string]
	Note             Field[string]
	Keywords         Field[string]
	Budgeted         Field[int64]
	BudgetUnit       Field[string]
	Billable         Field[bool]
	Archived         Field[bool]
	UserIDs          Field[[]int64] // with Role: assigns these users (SPEC §5.3)
	Role             Field[int64]
}

func (in TaskInput) body() body {
	b := body{}
	putField(b, "name", in.Name, nil)
	putField(b, "parent_id", in.ParentID, nil)
	putField(b, "external_task_id", in.ExternalTaskID, nil)
	putField(b, "external_parent_id", in.ExternalParentID, nil)
	putField(b, "note", in.Note, nil)
	putField(b, "keywords", in.Keywords, nil)
	putField(b, "budgeted", in.Budgeted, nil)
	putField(b, "budget_unit", in.BudgetUnit, nil)
	putField(b, "billable", in.Billable, bit)
	putField(b, "archived", in.Archived, bit)
	putField(b, "user_ids", in.UserIDs, joinIDs)
	putField(b, "role", in.Role, nil)
	return b
}

// joinIDs renders ids the way TimeCamp takes lists in one field: "22,521,2".
func joinIDs(ids []int64) any {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

// TaskStatus filters lists: TimeCamp's default is active only, so the client always says which.
type TaskStatus string

const (
	TaskStatusActive   TaskStatus = "active"
	TaskStatusArchived TaskStatus = "archived"
	TaskStatusAll      TaskStatus = "all"
)

// TaskListOptions narrows a list. The zero value lists every task, archived ones included.
type TaskListOptions struct {
	Status         TaskStatus
	TaskIDs        []int64
	ExternalTaskID string
}

// TasksService manages the task tree.
type TasksService struct {
	c     *Client
	cache snapshot[[]Task] // every task, archived ones included

	createdMu sync.Mutex
	created   map[int64]bool // tasks this client created (see Created)
}

// Created reports whether this client created task id. The provider makes a client per Terraform
// operation, so this tells, without a request, that a task made earlier in the same apply exists:
// the apply repeats the plan-time check of a new subtask's parent once the parent's id is known,
// and would otherwise read the whole task list for every subtask (each create drops the cached one).
func (s *TasksService) Created(id int64) bool {
	s.createdMu.Lock()
	defer s.createdMu.Unlock()
	return s.created[id]
}

func (s *TasksService) remember(id int64) {
	s.createdMu.Lock()
	defer s.createdMu.Unlock()
	if s.created == nil {
		s.created = map[int64]bool{}
	}
	s.created[id] = true
}

// List returns the matching tasks, ordered by id.
func (s *TasksService) List(ctx context.Context, opts TaskListOptions) ([]Task, error) {
	status := opts.Status
	if status == "" {
		status = TaskStatusAll
	}
	if s.cache.enabled && len(opts.TaskIDs) == 0 && opts.ExternalTaskID == "" {
		all, err := s.cache.get(ctx, s.loadAll)
		if err != nil {
			return nil, err
		}
		tasks := make([]Task, 0, len(all))
		for _, t := range all {
			if status == TaskStatusAll || (status == TaskStatusArchived) == bool(t.Archived) {
				tasks = append(tasks, t)
			}
		}
		return tasks, nil
	}
	q := url.Values{"status": {string(status)}}
	if len(opts.TaskIDs) > 0 {
		q.Set("task_id", joinIDs(opts.TaskIDs).(string))
	}
	if opts.ExternalTaskID != "" {
		q.Set("external_task_id", opts.ExternalTaskID)
	}
	req := request{method: http.MethodGet, path: "/tasks", query: q, replayable: true}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		if StatusCode(err) == http.StatusNotFound && (len(opts.TaskIDs) > 0 || opts.ExternalTaskID != "") {
			return nil, nil // a lookup that matches nothing
		}
		return nil, err
	}
	return decodeTasks(req, resp.body)
}

// Get reads one task, archived or not. A task that does not exist is ErrNotFound. A 403 (the task
// exists but the token may not see it) stays an error: dropping it from state would recreate it.
func (s *TasksService) Get(ctx context.Context, id int64) (*Task, error) {
	if s.cache.enabled {
		all, err := s.cache.get(ctx, s.loadAll)
		if err != nil {
			return nil, err
		}
		for i := range all {
			if int64(all[i].TaskID) == id {
				t := all[i]
				return &t, nil
			}
		}
		return nil, notFound("task", id, nil)
	}
	q := url.Values{"task_id": {strconv.FormatInt(id, 10)}, "status": {string(TaskStatusAll)}}
	req := request{method: http.MethodGet, path: "/tasks", query: q, replayable: true}
	resp, err := s.c.do(ctx, req)
	if StatusCode(err) == http.StatusNotFound {
		return nil, notFound("task", id, err)
	}
	if err != nil {
		return nil, err
	}
	tasks, err := decodeTasks(req, resp.body)
	if err != nil {
		return nil, err
	}
	for i := range tasks {
		if int64(tasks[i].TaskID) == id {
			return &tasks[i], nil
		}
	}
	return nil, notFound("task", id, nil)
}

// loadAll reads every task of the account, archived ones included, for the snapshot.
func (s *TasksService) loadAll(ctx context.Context) ([]Task, error) {
	req := request{method: http.MethodGet, path: "/tasks", query: url.Values{"status": {string(TaskStatusAll)}}, replayable: true}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	return decodeTasks(req, resp.body)
}

// Create makes a task (201, keyed by the new id). It is never replayed.
func (s *TasksService) Create(ctx context.Context, in TaskInput) (*Task, error) {
	defer s.cache.invalidate()
	req := request{method: http.MethodPost, path: "/tasks", json: in.body()}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	tasks, err := decodeTasks(req, resp.body)
	if err != nil {
		return nil, err
	}
	if len(tasks) != 1 || tasks[0].TaskID == 0 {
		return nil, &DecodeError{Method: req.method, Path: req.path, Body: abbreviate(resp.body), Err: errMissingID}
	}
	s.remember(int64(tasks[0].TaskID))
	return &tasks[0], nil
}

// Update changes the fields set in in and returns the task as TimeCamp now has it.
// TimeCamp answers a missing task with 404 and an empty body: that is ErrNotFound.
func (s *TasksService) Update(ctx context.Context, id int64, in TaskInput) (*Task, error) {
	defer s.cache.invalidate()
	b := in.body()
	b["task_id"] = id
	req := request{method: http.MethodPut, path: "/tasks", json: b, replayable: true}
	resp, err := s.c.do(ctx, req)
	if StatusCode(err) == http.StatusNotFound && !namesOtherTask(err, id) {
		return nil, notFound("task", id, err)
	}
	if err != nil {
		return nil, err
	}
	tasks, err := decodeTasks(req, resp.body)
	if err != nil {
		return nil, err
	}
	for i := range tasks {
		if int64(tasks[i].TaskID) == id {
			return &tasks[i], nil
		}
	}
	// Some versions answer without the task; read it back (fresh) rather than guess.
	s.cache.invalidate()
	return s.Get(ctx, id)
}

// Archive hides a task and keeps its tracked time (the provider's default destroy).
func (s *TasksService) Archive(ctx context.Context, id int64) error {
	_, err := s.Update(ctx, id, TaskInput{Archived: Set(true)})
	return err
}

// Remove deletes tasks and their subtasks for good, tracked time included (POST /v3/task/remove;
// TimeCamp queues the removal).
func (s *TasksService) Remove(ctx context.Context, ids ...int64) error {
	defer s.cache.invalidate()
	req := request{method: http.MethodPost, path: "/v3/task/remove", json: body{"taskIds": ids}, replayable: true}
	_, err := s.c.do(ctx, req)
	return err
}

// namesOtherTask reports a 404 whose message is about another task ("Task 42 not found" for a
// missing new parent): that is not "the task being updated is gone", which TimeCamp says with an
// empty body.
func namesOtherTask(err error, id int64) bool {
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Message == "" {
		return false
	}
	return !strings.Contains(apiErr.Message, strconv.FormatInt(id, 10))
}

// decodeTasks reads the three task shapes: an object keyed by id, a flat task object, or [].
func decodeTasks(req request, data []byte) ([]Task, error) {
	if isEmptyCollection(data) {
		return nil, nil
	}
	var probe map[string]json.RawMessage
	if err := json.Unmarshal(data, &probe); err == nil {
		if _, flat := probe["task_id"]; flat {
			var t Task
			if err := decodeJSON(req, data, &t); err != nil {
				return nil, err
			}
			tasks := []Task{t}
			return tasks, requireIDs(req, data, tasks, func(t *Task) Int { return t.TaskID })
		}
	}
	var keyed Keyed[*Task]
	if err := decodeJSON(req, data, &keyed); err != nil {
		return nil, err
	}
	tasks := make([]Task, 0, len(keyed))
	for _, t := range keyed.Values() {
		if t != nil { // a flat object misread as keyed has null members; skip them
			tasks = append(tasks, *t)
		}
	}
	if err := requireIDs(req, data, tasks, func(t *Task) Int { return t.TaskID }); err != nil {
		return nil, err
	}
	return tasks, nil
}
