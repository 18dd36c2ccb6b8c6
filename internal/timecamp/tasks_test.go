package timecamp

import (
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

var taskReq = request{method: http.MethodGet, path: "/tasks"}

// The current GET /tasks list: keyed by id, numbers as numbers (SPEC §5.2).
const tasksListNumbers = `{
 "80000002": {"task_id": 80000002, "parent_id": 80000001, "assigned_by": 1200000, "name": "Backend",
   "external_task_id": null, "external_parent_id": null, "level": 2, "archived": 1, "tags": "", "keywords": "IT, R&D",
   "budgeted": 7200, "budget_unit": "hours", "root_group_id": 500000, "billable": 0, "note": "the API",
   "public_hash": null, "add_date": "2026-01-08 13:51:21", "modify_time": null, "color": "#34C644",
   "users": {"1200000": {"user_id": 1200000, "role_id": 1}}, "perms": {"1": 1, "2": 1}, "user_access_type": 4},
 "80000001": {"task_id": 80000001, "parent_id": 0, "name": "Website", "level": 1, "archived": 0,
   "billable": 1, "note": null, "external_task_id": "ext-1", "users": [], "user_access_type": 4}
}`

// The 2018 recording of the same list: every value a string except user_access_type (SPEC §1.6.2).
const tasksListStrings2018 = `{
 "18174490": {"task_id": "18174490", "parent_id": "0", "name": "cooler task", "external_task_id": null,
   "level": "1", "archived": "0", "budgeted": "0", "budget_unit": "hours", "billable": "1", "root_group_id": "123",
   "note": null, "color": "#34C644", "add_date": "2018-01-13 10:00:00",
   "users": {"122223": {"user_id": "122223", "role_id": "1"}}, "user_access_type": 4},
 "18174491": {"task_id": "18174491", "parent_id": "18174490", "name": "sub", "level": "2", "archived": "1",
   "budgeted": "", "billable": "0", "root_group_id": "123", "users": [], "user_access_type": 4}
}`

// The 201 reply of POST /tasks: keyed by the new id, all strings (SPEC §5.3, VCR).
const taskCreateReply = `{"81272870": {"task_id": "81272870", "parent_id": "0", "name": "API TEST", "external_task_id": null,
  "external_parent_id": null, "level": "1", "add_date": "2026-01-08 13:51:21", "archived": "0",
  "color": "#34C644", "tags": "", "budgeted": "0", "checked_date": null, "root_group_id": "123",
  "assigned_to": null, "assigned_by": "640", "due_date": null, "note": null, "context": null,
  "folder": null, "repeat": null, "billable": "1", "budget_unit": "hours", "public_hash": null,
  "modify_time": null, "keywords": ""}}`

// A flat task, as PUT /tasks and GET /tasks?task_id=<one> send it: strings and many nulls (SPEC §5.4).
const taskFlatReply = `{"task_id": "81272870", "parent_id": "0", "name": "API TEST", "external_task_id": null,
  "external_parent_id": null, "level": "1", "add_date": "2026-01-08 13:51:21", "archived": "1",
  "color": "#34C644", "tags": "", "budgeted": "3600", "checked_date": null, "root_group_id": "123",
  "assigned_to": null, "assigned_by": "640", "due_date": null, "note": "n", "context": null,
  "folder": null, "repeat": null, "billable": "0", "budget_unit": "fee", "public_hash": null,
  "modify_time": "2026-01-09 10:00:00", "keywords": "a,b"}`

func TestDecodeTasksKeyedNumbers(t *testing.T) {
	tasks, err := decodeTasks(taskReq, []byte(tasksListNumbers))
	if err != nil {
		t.Fatal(err)
	}
	if len(tasks) != 2 {
		t.Fatalf("got %d tasks, want 2", len(tasks))
	}
	// Ordered by id, whatever the key order of the body.
	project, backend := tasks[0], tasks[1]
	if project.TaskID != 80000001 || backend.TaskID != 80000002 {
		t.Fatalf("ids = %d, %d; want 80000001, 80000002", project.TaskID, backend.TaskID)
	}
	if backend.ParentID != 80000001 || backend.Level != 2 || !bool(backend.Archived) || bool(backend.Billable) ||
		backend.Budgeted != 7200 || backend.BudgetUnit != "hours" || backend.RootGroupID != 500000 ||
		backend.Name != "Backend" || backend.Color != "#34C644" || backend.UserAccessType != 4 {
		t.Errorf("backend decoded as %+v", backend)
	}
	if backend.Keywords != (NullString{"IT, R&D", true}) || backend.Note != (NullString{"the API", true}) ||
		backend.ExternalTaskID.Valid || backend.ModifyTime.Valid {
		t.Errorf("backend nullable fields: %+v", backend)
	}
	if want := (Keyed[TaskUserRole]{"1200000": {UserID: 1200000, RoleID: 1}}); !reflect.DeepEqual(backend.Users, want) {
		t.Errorf("backend users = %+v, want %+v", backend.Users, want)
	}
	if project.ParentID != 0 || project.Level != 1 || bool(project.Archived) || !bool(project.Billable) ||
		project.Note.Valid || project.ExternalTaskID != (NullString{"ext-1", true}) || len(project.Users) != 0 {
		t.Errorf("project decoded as %+v", project)
	}
}

func TestDecodeTasksLegacyAllStrings(t *testing.T) {
	tasks, err := decodeTasks(taskReq, []byte(tasksListStrings2018))
	if err != nil {
		t.Fatal(err)
	}
	if len(tasks) != 2 {
		t.Fatalf("got %d tasks, want 2", len(tasks))
	}
	a, b := tasks[0], tasks[1]
	if a.TaskID != 18174490 || a.ParentID != 0 || a.Level != 1 || bool(a.Archived) || !bool(a.Billable) ||
		a.RootGroupID != 123 || a.Name != "cooler task" || a.Users["122223"] != (TaskUserRole{122223, 1}) {
		t.Errorf("first task decoded as %+v", a)
	}
	if b.TaskID != 18174491 || b.ParentID != 18174490 || b.Level != 2 || !bool(b.Archived) || bool(b.Billable) || b.Budgeted != 0 {
		t.Errorf("second task decoded as %+v", b)
	}
}

func TestDecodeTasksCreateReply(t *testing.T) {
	tasks, err := decodeTasks(request{method: http.MethodPost, path: "/tasks"}, []byte(taskCreateReply))
	if err != nil {
		t.Fatal(err)
	}
	if len(tasks) != 1 {
		t.Fatalf("got %d tasks, want 1: %+v", len(tasks), tasks)
	}
	got := tasks[0]
	if got.TaskID != 81272870 || got.Name != "API TEST" || got.Level != 1 || got.RootGroupID != 123 ||
		!bool(got.Billable) || bool(got.Archived) || got.BudgetUnit != "hours" || got.Color != "#34C644" ||
		got.Note.Valid || got.Keywords != (NullString{"", true}) || got.AddDate != "2026-01-08 13:51:21" {
		t.Errorf("decoded as %+v", got)
	}
}

func TestDecodeTasksFlatSingle(t *testing.T) {
	tasks, err := decodeTasks(request{method: http.MethodPut, path: "/tasks"}, []byte(taskFlatReply))
	if err != nil {
		t.Fatal(err)
	}
	// Exactly one task: the null members (checked_date, assigned_to, context, ...) must not be
	// read as tasks of a keyed map (the crash TimeCamp's own TS client had to patch).
	if len(tasks) != 1 {
		t.Fatalf("got %d tasks, want exactly 1: %+v", len(tasks), tasks)
	}
	got := tasks[0]
	if got.TaskID != 81272870 || !bool(got.Archived) || bool(got.Billable) || got.Budgeted != 3600 ||
		got.BudgetUnit != "fee" || got.Note != (NullString{"n", true}) || got.Keywords != (NullString{"a,b", true}) ||
		got.ModifyTime != (NullString{"2026-01-09 10:00:00", true}) {
		t.Errorf("decoded as %+v", got)
	}
}

func TestDecodeTasksKeyedWithNullMember(t *testing.T) {
	// A keyed body with a null member (what a flat object looks like when read as keyed) yields only real tasks.
	tasks, err := decodeTasks(taskReq, []byte(`{"5": {"task_id": "5", "name": "x"}, "6": null}`))
	if err != nil {
		t.Fatal(err)
	}
	if len(tasks) != 1 || tasks[0].TaskID != 5 {
		t.Errorf("got %+v, want only task 5", tasks)
	}
}

func TestDecodeTasksEmpty(t *testing.T) {
	for _, body := range []string{`[]`, `{}`, ``, `null`} {
		tasks, err := decodeTasks(taskReq, []byte(body))
		if err != nil || len(tasks) != 0 {
			t.Errorf("decodeTasks(%q) = %+v, %v; want no tasks and no error", body, tasks, err)
		}
	}
}

func TestDecodeTasksGarbage(t *testing.T) {
	for _, body := range []string{`<html>oops</html>`, `"ok"`, `{"5": "not a task"}`, `{"task_id": "x"}`} {
		_, err := decodeTasks(taskReq, []byte(body))
		var de *DecodeError
		if !errors.As(err, &de) {
			t.Errorf("decodeTasks(%q): err = %v, want a *DecodeError", body, err)
			continue
		}
		if de.Method != http.MethodGet || de.Path != "/tasks" {
			t.Errorf("DecodeError names %s %s, want GET /tasks", de.Method, de.Path)
		}
	}
}

func TestTasksGetFlatAndKeyed(t *testing.T) {
	for name, body := range map[string]string{
		"flat":  taskFlatReply,
		"keyed": `{"81272870":` + taskFlatReply + `}`,
	} {
		t.Run(name, func(t *testing.T) {
			c, s := stubClient(t, http.StatusOK, body)
			task, err := c.Tasks.Get(ctxT(t), 81272870)
			if err != nil {
				t.Fatal(err)
			}
			if task.TaskID != 81272870 || task.Name != "API TEST" {
				t.Errorf("got %+v", task)
			}
			q := s.requests()[0].Query
			if !strings.Contains(q, "task_id=81272870") || !strings.Contains(q, "status=all") {
				t.Errorf("query %q: want task_id=81272870 and status=all (archived tasks must be found)", q)
			}
		})
	}
}

func TestTasksGetOtherTaskInReplyIsNotFound(t *testing.T) {
	c, _ := stubClient(t, http.StatusOK, `{"1": {"task_id": 1, "name": "another"}}`)
	_, err := c.Tasks.Get(ctxT(t), 2)
	if !IsNotFound(err) {
		t.Errorf("err = %v, want not found", err)
	}
}

func TestTasksGet404IsNotFound(t *testing.T) {
	c, _ := stubClient(t, http.StatusNotFound, `{"message":"Task 23 not found"}`)
	_, err := c.Tasks.Get(ctxT(t), 23)
	if !IsNotFound(err) {
		t.Fatalf("err = %v, want IsNotFound", err)
	}
	if StatusCode(err) != http.StatusNotFound {
		t.Errorf("StatusCode = %d, want the 404 kept in the chain", StatusCode(err))
	}
	if !strings.Contains(err.Error(), "Task 23 not found") {
		t.Errorf("err %q lost the API's message", err)
	}
}

func TestTasksGet403IsNotNotFound(t *testing.T) {
	c, s := stubClient(t, http.StatusForbidden, `{"message":"You do not have permissions"}`)
	_, err := c.Tasks.Get(ctxT(t), 23)
	if err == nil || IsNotFound(err) {
		t.Fatalf("err = %v, want an error that is NOT not-found (dropping it from state would recreate the task)", err)
	}
	if StatusCode(err) != http.StatusForbidden {
		t.Errorf("StatusCode = %d, want 403", StatusCode(err))
	}
	if s.count() != 1 {
		t.Errorf("403 sent %d times, want 1 (not retried)", s.count())
	}
}

func TestTasksUpdate404EmptyBodyIsNotFound(t *testing.T) {
	c, s := stubClient(t, http.StatusNotFound, ``)
	_, err := c.Tasks.Update(ctxT(t), 99, TaskInput{Name: Set("x")})
	if !IsNotFound(err) {
		t.Fatalf("err = %v, want IsNotFound", err)
	}
	reqs := s.requests()
	if len(reqs) != 1 || reqs[0].Method != http.MethodPut || reqs[0].Path != "/api/tasks" {
		t.Fatalf("requests = %+v, want one PUT /api/tasks", reqs)
	}
	var b map[string]any
	if err := json.Unmarshal([]byte(reqs[0].Body), &b); err != nil {
		t.Fatal(err)
	}
	if b["task_id"] != float64(99) || b["name"] != "x" || len(b) != 2 {
		t.Errorf("body = %v, want exactly task_id 99 and name", b)
	}
}

func TestTasksUpdate403StaysAnError(t *testing.T) {
	c, _ := stubClient(t, http.StatusForbidden, `{"message":"You do not have permissions to modify this task or it does not exist"}`)
	_, err := c.Tasks.Update(ctxT(t), 99, TaskInput{Name: Set("x")})
	if StatusCode(err) != http.StatusForbidden || IsNotFound(err) {
		t.Errorf("err = %v (status %d), want a 403 that is not not-found", err, StatusCode(err))
	}
}

func TestTasksCreateBody(t *testing.T) {
	c, s := stubClient(t, http.StatusCreated, taskCreateReply)
	task, err := c.Tasks.Create(ctxT(t), TaskInput{
		Name: Set("API TEST"), ParentID: Set(int64(0)), Note: Null[string](), Billable: Set(false),
		Archived: Set(true), UserIDs: Set([]int64{22, 521}), Role: Set(int64(3)),
	})
	if err != nil {
		t.Fatal(err)
	}
	if task.TaskID != 81272870 {
		t.Errorf("task id = %d", task.TaskID)
	}
	r := s.requests()[0]
	if r.Method != http.MethodPost || r.Path != "/api/tasks" {
		t.Errorf("sent %s %s", r.Method, r.Path)
	}
	var b map[string]any
	if err := json.Unmarshal([]byte(r.Body), &b); err != nil {
		t.Fatal(err)
	}
	want := map[string]any{
		"name": "API TEST", "parent_id": float64(0), "note": nil, "billable": float64(0),
		"archived": float64(1), "user_ids": "22,521", "role": float64(3),
	}
	if !reflect.DeepEqual(b, want) {
		t.Errorf("body = %v, want %v (unset fields left out, null kept, flags as 0/1)", b, want)
	}
}

func TestTasksCreateWithoutIDIsDecodeError(t *testing.T) {
	for _, body := range []string{`[]`, `{"message":"ok"}`} {
		c, _ := stubClient(t, http.StatusCreated, body)
		_, err := c.Tasks.Create(ctxT(t), TaskInput{Name: Set("x")})
		var de *DecodeError
		if !errors.As(err, &de) {
			t.Errorf("body %s: err = %v, want a *DecodeError", body, err)
		}
	}
}

func TestTasksListLookupMissIsEmpty(t *testing.T) {
	c, _ := stubClient(t, http.StatusNotFound, `{"message":"Task with external_task_id x not found"}`)
	tasks, err := c.Tasks.List(ctxT(t), TaskListOptions{ExternalTaskID: "x"})
	if err != nil || len(tasks) != 0 {
		t.Errorf("List = %v, %v; want nothing and no error", tasks, err)
	}
	// A 404 for the plain list is an error, not an empty account.
	c2, _ := stubClient(t, http.StatusNotFound, `{"message":"Not found"}`)
	if _, err := c2.Tasks.List(ctxT(t), TaskListOptions{}); StatusCode(err) != http.StatusNotFound {
		t.Errorf("plain list 404: err = %v, want the 404", err)
	}
}

// Created knows the tasks this client made, and only those: not one another client made, nor one
// whose create failed.
func TestTasksCreatedRemembersOwnCreates(t *testing.T) {
	c, srv := emulatorClient(t, timecamptest.Options{})
	ctx := ctxT(t)
	mine, err := c.Tasks.Create(ctx, TaskInput{Name: Set("Mine")})
	if err != nil {
		t.Fatal(err)
	}
	other := newTestClient(t, srv.URL, srv.Token, nil)
	theirs, err := other.Tasks.Create(ctx, TaskInput{Name: Set("Theirs")})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Tasks.Create(ctx, TaskInput{Name: Set("Orphan"), ParentID: Set(int64(987654321))}); err == nil {
		t.Fatal("creating a task under a missing parent succeeded")
	}
	if !c.Tasks.Created(int64(mine.TaskID)) {
		t.Errorf("Created(%d) = false for the task this client created", mine.TaskID)
	}
	if c.Tasks.Created(int64(theirs.TaskID)) {
		t.Errorf("Created(%d) = true for a task another client created", theirs.TaskID)
	}
	if c.Tasks.Created(0) || c.Tasks.Created(987654321) {
		t.Error("Created is true for an id no create returned")
	}
}
