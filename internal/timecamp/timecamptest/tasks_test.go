package timecamptest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"
)

// flatTaskFields are the keys of create/update/delete replies (SPEC §5.3).
var flatTaskFields = []string{
	"task_id", "parent_id", "name", "external_task_id", "external_parent_id", "level", "add_date",
	"archived", "color", "tags", "budgeted", "checked_date", "root_group_id", "assigned_to",
	"assigned_by", "due_date", "note", "context", "folder", "repeat", "billable", "budget_unit",
	"public_hash", "modify_time", "keywords",
}

// listTaskFields are the keys of a GET /tasks task.
var listTaskFields = []string{
	"task_id", "parent_id", "assigned_by", "name", "external_task_id", "external_parent_id", "level",
	"archived", "tags", "keywords", "budgeted", "budget_unit", "root_group_id", "billable", "note",
	"public_hash", "add_date", "modify_time", "color", "users", "perms", "user_access_type",
}

var numericListFields = []string{"task_id", "parent_id", "assigned_by", "level", "archived", "budgeted", "root_group_id", "billable"}

func TestTaskCreateShape(t *testing.T) {
	clock := &fixedClock{now: mustTime("2026-01-08 13:51:21")}
	a := newAPI(t, Options{Now: clock.Now})
	r := a.json(http.MethodPost, "/tasks", map[string]any{"name": "API TEST"}).expect(t, http.StatusCreated, "")
	keyed := decodeObject(t, r.body)
	if len(keyed) != 1 {
		t.Fatalf("create reply not keyed by one id: %s", r.body)
	}
	var id string
	var o map[string]any
	for k, v := range keyed {
		id, o = k, v.(map[string]any)
	}
	if n, _ := strconv.ParseInt(id, 10, 64); n < firstTaskID {
		t.Fatalf("task id %s not from the high range", id)
	}
	requireKeys(t, o, flatTaskFields...)
	requireStrings(t, o, "task_id", "parent_id", "name", "level", "add_date", "archived", "color", "tags",
		"budgeted", "root_group_id", "assigned_by", "billable", "budget_unit", "keywords")
	requireNulls(t, o, "external_task_id", "external_parent_id", "checked_date", "assigned_to", "due_date",
		"note", "context", "folder", "repeat", "public_hash", "modify_time")
	want := map[string]any{
		"task_id": id, "parent_id": "0", "name": "API TEST", "level": "1", "add_date": "2026-01-08 13:51:21",
		"archived": "0", "color": "#34C644", "tags": "", "budgeted": "0", "billable": "1", "budget_unit": "hours",
		"keywords": "", "root_group_id": strconv.FormatInt(a.srv.RootGroupID(), 10),
		"assigned_by": strconv.FormatInt(a.srv.AdminUserID(), 10),
	}
	for k, v := range want {
		if o[k] != v {
			t.Errorf("%s = %#v, want %#v", k, o[k], v)
		}
	}
}

func TestTaskCreateValidation(t *testing.T) {
	a := newAPI(t, Options{})
	const nameMsg = "You must provide a name for the task with post field: name"
	a.json(http.MethodPost, "/tasks", map[string]any{}).expectMessage(t, http.StatusBadRequest, nameMsg)
	a.json(http.MethodPost, "/tasks", map[string]any{"name": nil}).expectMessage(t, http.StatusBadRequest, nameMsg)
	a.json(http.MethodPost, "/tasks", map[string]any{"name": " \t|→ "}).expectMessage(t, http.StatusBadRequest, nameMsg)
	a.json(http.MethodPost, "/tasks", map[string]any{"name": "x", "parent_id": 123}).
		expectMessage(t, http.StatusNotFound, "Task 123 not found")
	a.json(http.MethodPost, "/tasks", map[string]any{"name": "x", "budget_unit": "days"}).
		expectMessage(t, http.StatusBadRequest, msgTaskBudgetUnit)
	a.json(http.MethodPost, "/tasks", map[string]any{"name": "x", "billable": 2}).expect(t, http.StatusBadRequest, "")
	a.json(http.MethodPost, "/tasks", map[string]any{"name": "x", "user_ids": "1"}).
		expectMessage(t, http.StatusBadRequest, "User 1 does not exist")
	a.send(http.MethodPost, "/tasks", "application/json", `{"name": "x"`).expectMessage(t, http.StatusBadRequest, "Invalid JSON body")
	a.get("/tasks?status=all").expect(t, http.StatusOK, "[]")
}

func TestTaskNameNormalisation(t *testing.T) {
	a := newAPI(t, Options{})
	long := strings.Repeat("ż", 200) // multi-byte: the limit counts characters
	for _, tc := range []struct{ in, want string }{
		{"plain", "plain"},
		{"\tTabs\tinside\t", "Tabs inside"},
		{"  a | b → c  ", "a  b  c"},
		{"|→x→|", "x"},
		{long, strings.Repeat("ż", 190)},
		{" " + strings.Repeat("a", 189) + "  bcd", strings.Repeat("a", 189) + " "},
	} {
		id := a.createTask(map[string]any{"name": tc.in})
		if got := a.task(id)["name"]; got != tc.want {
			t.Errorf("name %q stored as %q, want %q", tc.in, got, tc.want)
		}
		// Update normalises the same way.
		r := a.json(http.MethodPut, "/tasks", map[string]any{"task_id": id, "name": "u|" + tc.in}).expect(t, http.StatusOK, "")
		if got := decodeObject(t, r.body)["name"]; got != normalizeTaskName("u"+tc.in) {
			t.Errorf("updated name %q stored as %q", "u|"+tc.in, got)
		}
	}
}

func TestTaskListNumbersAndEmpty(t *testing.T) {
	a := newAPI(t, Options{})
	a.get("/tasks").expect(t, http.StatusOK, "[]")

	p := a.createTask(map[string]any{"name": "Project", "user_ids": strconv.FormatInt(a.srv.AdminUserID(), 10), "role": 3})
	c := a.createTask(map[string]any{"name": "Child", "parent_id": p, "external_task_id": "ext-1", "note": ""})
	r := a.get("/tasks").expect(t, http.StatusOK, "")
	list := decodeObject(t, r.body)
	requireKeys(t, list, p, c)
	child := list[c].(map[string]any)
	requireKeys(t, child, listTaskFields...)
	requireNumbers(t, child, numericListFields...)
	requireNumbers(t, child, "user_access_type")
	if child["level"] != json.Number("2") || child["parent_id"] != json.Number(p) || child["task_id"] != json.Number(c) {
		t.Fatalf("child = %v", child)
	}
	if child["external_task_id"] != "ext-1" || child["note"] != "" || child["user_access_type"] != json.Number("4") {
		t.Fatalf("child = %v", child)
	}
	// No direct assignment: users is a PHP empty array.
	if u, ok := child["users"].([]any); !ok || len(u) != 0 {
		t.Fatalf("child users = %#v, want []", child["users"])
	}
	perms := child["perms"].(map[string]any)
	requireKeys(t, perms, "1", "2", "3", "5", "6", "7")
	requireNumbers(t, perms, "1", "2", "3", "5", "6", "7")

	admin := strconv.FormatInt(a.srv.AdminUserID(), 10)
	users := list[p].(map[string]any)["users"].(map[string]any)
	requireKeys(t, users, admin)
	u := users[admin].(map[string]any)
	requireNumbers(t, u, "user_id", "role_id")
	if u["user_id"] != json.Number(admin) || u["role_id"] != json.Number("3") {
		t.Fatalf("assignment = %v", u)
	}
}

func TestTaskListLegacyStrings(t *testing.T) {
	a := newAPI(t, Options{LegacyStrings: true})
	p := a.createTask(map[string]any{"name": "Project", "user_ids": a.srv.AdminUserID()})
	list := decodeObject(t, a.get("/tasks").expect(t, http.StatusOK, "").body)
	item := list[p].(map[string]any)
	requireStrings(t, item, numericListFields...)
	requireNumbers(t, item, "user_access_type") // a number even in 2018
	admin := strconv.FormatInt(a.srv.AdminUserID(), 10)
	u := item["users"].(map[string]any)[admin].(map[string]any)
	requireStrings(t, u, "user_id", "role_id")
	if u["role_id"] != "1" {
		t.Fatalf("role without role param = %v, want the default 1", u["role_id"])
	}
}

func TestTaskGetSingleAndSeveral(t *testing.T) {
	a := newAPI(t, Options{})
	p := a.createTask(map[string]any{"name": "P"})
	c := a.createTask(map[string]any{"name": "C", "parent_id": p})

	// One id: a flat object with string-valued fields.
	r := a.get("/tasks?task_id="+c).expect(t, http.StatusOK, "")
	o := decodeObject(t, r.body)
	requireKeys(t, o, listTaskFields...)
	requireStrings(t, o, numericListFields...)
	if o["task_id"] != c || o["parent_id"] != p || o["level"] != "2" || o["name"] != "C" {
		t.Fatalf("single task = %v", o)
	}

	// Several: keyed like the list, numbers.
	r = a.get("/tasks?task_id="+p+","+c+",1").expect(t, http.StatusOK, "")
	keyed := decodeObject(t, r.body)
	requireKeys(t, keyed, p, c)
	requireNumbers(t, keyed[p].(map[string]any), "task_id")

	// Not found.
	a.get("/tasks?task_id=123").expectMessage(t, http.StatusNotFound, "Task 123 not found")
	a.get("/tasks?task_id=123,456").expectMessage(t, http.StatusNotFound, "Task 123 not found")
	a.get("/tasks?task_id=abc").expect(t, http.StatusBadRequest, "")
}

func TestTaskStatusFilter(t *testing.T) {
	a := newAPI(t, Options{})
	live := a.createTask(map[string]any{"name": "live"})
	old := a.createTask(map[string]any{"name": "old", "archived": 1})

	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"", []string{live}},
		{"?status=active", []string{live}},
		{"?status=archived", []string{old}},
		{"?status=all", []string{live, old}},
		{"?exclude_archived=0", []string{old}},
		{"?exclude_archived=1", []string{live, old}},
	} {
		requireKeys(t, decodeObject(t, a.get("/tasks"+tc.query).expect(t, http.StatusOK, "").body), tc.want...)
	}
	a.get("/tasks?status=bogus").expectMessage(t, http.StatusBadRequest, msgTaskStatus)
	// The status filter applies to lookups by id: an archived task needs status=all.
	a.get("/tasks?task_id="+old).expectMessage(t, http.StatusNotFound, "Task "+old+" not found")
	if got := a.get("/tasks?status=all&task_id="+old).expect(t, http.StatusOK, ""); decodeObject(t, got.body)["archived"] != "1" {
		t.Fatalf("archived task = %s", got.body)
	}
	a.get("/tasks?status=archived&task_id="+live).expect(t, http.StatusNotFound, "")
}

func TestTaskExternalIDLookup(t *testing.T) {
	a := newAPI(t, Options{})
	x1 := a.createTask(map[string]any{"name": "a", "external_task_id": "jira-1"})
	x2 := a.createTask(map[string]any{"name": "b", "external_task_id": "jira-1"}) // not unique
	a.createTask(map[string]any{"name": "c", "external_task_id": "jira-2"})
	r := a.get("/tasks?external_task_id=jira-1").expect(t, http.StatusOK, "")
	requireKeys(t, decodeObject(t, r.body), x1, x2)
	a.get("/tasks?external_task_id=nope").expectMessage(t, http.StatusNotFound, "Task with external_task_id nope not found")
}

func TestTaskUpdate(t *testing.T) {
	clock := &fixedClock{now: mustTime("2026-01-01 10:00:00")}
	a := newAPI(t, Options{Now: clock.Now})
	id := a.createTask(map[string]any{"name": "T", "note": "n", "keywords": "k"})

	clock.now = mustTime("2026-01-02 11:00:00")
	r := a.json(http.MethodPut, "/tasks", map[string]any{
		"task_id": id, "budgeted": "7200", "budget_unit": "fee", "billable": "0", "archived": 1,
		"external_task_id": 42, "external_parent_id": "", "note": nil, "tags": "IT, R&D",
	}).expect(t, http.StatusOK, "")
	o := decodeObject(t, r.body)
	requireKeys(t, o, flatTaskFields...) // flat, not keyed
	requireStrings(t, o, "task_id", "budgeted", "billable", "archived", "level", "external_task_id", "external_parent_id", "modify_time")
	want := map[string]any{
		"task_id": id, "budgeted": "7200", "budget_unit": "fee", "billable": "0", "archived": "1",
		"external_task_id": "42", "external_parent_id": "", "note": nil, "tags": "IT, R&D", "keywords": "IT, R&D",
		"add_date": "2026-01-01 10:00:00", "modify_time": "2026-01-02 11:00:00", "name": "T",
	}
	for k, v := range want {
		if o[k] != v {
			t.Errorf("%s = %#v, want %#v", k, o[k], v)
		}
	}
	// null and "" stay apart, in both directions, and on re-read.
	clock.now = mustTime("2026-01-03 12:00:00")
	a.form(http.MethodPut, "/tasks", url.Values{"task_id": {id}, "note": {""}, "budget_unit": {""}}).expect(t, http.StatusOK, "")
	got := a.task(id)
	if got["note"] != "" || got["external_parent_id"] != "" || got["budget_unit"] != "" || got["modify_time"] != "2026-01-03 12:00:00" {
		t.Fatalf("after form update: %v", got)
	}

	// A PUT that changes nothing leaves modify_time alone.
	clock.now = mustTime("2026-01-04 00:00:00")
	a.json(http.MethodPut, "/tasks", map[string]any{"task_id": id, "note": ""}).expect(t, http.StatusOK, "")
	if got := a.task(id)["modify_time"]; got != "2026-01-03 12:00:00" {
		t.Fatalf("no-op update moved modify_time to %v", got)
	}

	// Errors: a missing task is a 404 with an EMPTY body; nothing else changes on a 400.
	a.json(http.MethodPut, "/tasks", map[string]any{"task_id": 1, "name": "x"}).expectEmpty(t, http.StatusNotFound)
	a.json(http.MethodPut, "/tasks", map[string]any{"name": "x"}).expectMessage(t, http.StatusBadRequest, msgTaskIDRequired)
	a.json(http.MethodPut, "/tasks", map[string]any{"task_id": id, "name": "", "note": "changed"}).
		expectMessage(t, http.StatusBadRequest, msgTaskNameRequired)
	a.json(http.MethodPut, "/tasks", map[string]any{"task_id": id, "budget_unit": "minutes", "note": "changed"}).
		expectMessage(t, http.StatusBadRequest, msgTaskBudgetUnit)
	if got := a.task(id); got["note"] != "" || got["name"] != "T" {
		t.Fatalf("rejected updates changed the task: %v", got)
	}
}

func TestTaskReparentRecomputesLevels(t *testing.T) {
	a := newAPI(t, Options{})
	p1 := a.createTask(map[string]any{"name": "P1"})
	p2 := a.createTask(map[string]any{"name": "P2"})
	c := a.createTask(map[string]any{"name": "C", "parent_id": p1})
	g := a.createTask(map[string]any{"name": "G", "parent_id": c})
	if lv := a.task(g)["level"]; lv != "3" {
		t.Fatalf("grandchild level %v, want 3", lv)
	}
	// Move P1 (with its subtree) under P2: every level goes up by one.
	a.json(http.MethodPut, "/tasks", map[string]any{"task_id": p1, "parent_id": p2}).expect(t, http.StatusOK, "")
	for id, want := range map[string]string{p1: "2", c: "3", g: "4"} {
		if lv := a.task(id)["level"]; lv != want {
			t.Errorf("task %s level %v, want %s", id, lv, want)
		}
	}
	// Cycles are refused.
	a.json(http.MethodPut, "/tasks", map[string]any{"task_id": p1, "parent_id": g}).
		expectMessage(t, http.StatusForbidden, msgTaskMoveIntoOwn)
	a.json(http.MethodPut, "/tasks", map[string]any{"task_id": p1, "parent_id": p1}).
		expectMessage(t, http.StatusForbidden, msgTaskMoveIntoOwn)
	a.json(http.MethodPut, "/tasks", map[string]any{"task_id": p1, "parent_id": 5}).
		expectMessage(t, http.StatusNotFound, "Task 5 not found")
	// Back to the root.
	a.json(http.MethodPut, "/tasks", map[string]any{"task_id": c, "parent_id": "0"}).expect(t, http.StatusOK, "")
	if o := a.task(g); o["level"] != "2" {
		t.Fatalf("after moving C to the root, G = %v", o)
	}
}

func TestTaskUsersAddNotReplace(t *testing.T) {
	a := newAPI(t, Options{})
	admin := strconv.FormatInt(a.srv.AdminUserID(), 10)
	id := a.createTask(map[string]any{"name": "T"})
	a.json(http.MethodPut, "/tasks", map[string]any{"task_id": id, "user_ids": []any{admin}, "role": "5325"}).expect(t, http.StatusOK, "")
	u := a.task(id)["users"].(map[string]any)[admin].(map[string]any)
	if u["user_id"] != admin || u["role_id"] != "5325" {
		t.Fatalf("users = %v", u)
	}
	// A PUT without user_ids keeps the assignment; user_ids without role keeps its role.
	a.json(http.MethodPut, "/tasks", map[string]any{"task_id": id, "name": "T2"}).expect(t, http.StatusOK, "")
	a.json(http.MethodPut, "/tasks", map[string]any{"task_id": id, "user_ids": admin}).expect(t, http.StatusOK, "")
	if u, ok := a.task(id)["users"].(map[string]any)[admin].(map[string]any); !ok || u["role_id"] != "5325" {
		t.Fatalf("assignment after unrelated updates = %v", a.task(id)["users"])
	}
	a.json(http.MethodPut, "/tasks", map[string]any{"task_id": id, "user_ids": "999"}).
		expectMessage(t, http.StatusBadRequest, "User 999 does not exist")
	a.json(http.MethodPut, "/tasks", map[string]any{"task_id": id, "user_ids": admin, "role": -1}).
		expect(t, http.StatusBadRequest, "")
}

func TestTaskDeleteDeprecated(t *testing.T) {
	a := newAPI(t, Options{})
	p := a.createTask(map[string]any{"name": "P"})
	c := a.createTask(map[string]any{"name": "C", "parent_id": p})
	other := a.createTask(map[string]any{"name": "Other"})

	r := a.send(http.MethodDelete, "/tasks?task_id="+p, "", "").expect(t, http.StatusOK, "")
	o := decodeObject(t, r.body)
	requireKeys(t, o, flatTaskFields...)
	if o["task_id"] != p || o["name"] != "P" || o["level"] != "1" {
		t.Fatalf("deleted task reply = %v", o)
	}
	a.get("/tasks?status=all&task_id="+c).expectMessage(t, http.StatusNotFound, "Task "+c+" not found")
	requireKeys(t, decodeObject(t, a.get("/tasks?status=all").body), other)
	a.send(http.MethodDelete, "/tasks?task_id="+p, "", "").expectMessage(t, http.StatusNotFound, "Task "+p+" not found")
	// task_id in a DELETE body works too.
	a.json(http.MethodDelete, "/tasks", map[string]any{"task_id": other}).expect(t, http.StatusOK, "")
	a.get("/tasks?status=all").expect(t, http.StatusOK, "[]")
}

func TestTaskRemoveV3(t *testing.T) {
	a := newAPI(t, Options{})
	p := a.createTask(map[string]any{"name": "P"})
	c := a.createTask(map[string]any{"name": "C", "parent_id": p})
	keep := a.createTask(map[string]any{"name": "Keep"})
	pid, _ := strconv.ParseInt(p, 10, 64)

	a.json(http.MethodPost, "/v3/task/remove", map[string]any{"taskIds": []any{pid, 1}}).
		expect(t, http.StatusOK, `{"message":"Tasks have been queued for removal"}`)
	list := decodeObject(t, a.get("/tasks?status=all").body)
	requireKeys(t, list, keep) // P and its subtask C are gone
	a.get("/tasks?status=all&task_id="+c).expect(t, http.StatusNotFound, "")
	a.json(http.MethodPost, "/v3/task/remove", map[string]any{"taskIds": []any{pid}}).
		expectMessage(t, http.StatusForbidden, "Can't remove task")
	a.json(http.MethodPost, "/v3/task/remove", map[string]any{"taskIds": []any{}}).
		expectMessage(t, http.StatusForbidden, "Can't remove task")
}

func TestTaskValueEncodings(t *testing.T) {
	a := newAPI(t, Options{})
	p := a.createTask(map[string]any{"name": "P"})
	pid, _ := strconv.ParseInt(p, 10, 64)
	// parent_id as a JSON number, a JSON string and a form string.
	for i, body := range []func() result{
		func() result {
			return a.json(http.MethodPost, "/tasks", map[string]any{"name": "n", "parent_id": pid, "budgeted": 3600.0})
		},
		func() result {
			return a.json(http.MethodPost, "/tasks", map[string]any{"name": "s", "parent_id": p, "budgeted": "3600"})
		},
		func() result {
			return a.form(http.MethodPost, "/tasks", url.Values{"name": {"f"}, "parent_id": {p}, "budgeted": {"3600"}})
		},
		func() result {
			// Query parameters are merged with the body.
			return a.send(http.MethodPost, "/tasks?parent_id="+p, "application/json", `{"name":"q","budgeted":3600}`)
		},
	} {
		r := body().expect(t, http.StatusCreated, "")
		for _, v := range decodeObject(t, r.body) {
			o := v.(map[string]any)
			if o["parent_id"] != p || o["budgeted"] != "3600" || o["level"] != "2" {
				t.Errorf("encoding %d: %v", i, o)
			}
		}
	}
}

func TestTaskClockDefaultsToNow(t *testing.T) {
	a := newAPI(t, Options{})
	before := time.Now().Add(-time.Second)
	id := a.createTask(map[string]any{"name": "T"})
	added, err := time.ParseInLocation(dateTimeLayout, a.task(id)["add_date"].(string), time.Local)
	if err != nil || added.Before(before.Truncate(time.Second)) || added.After(time.Now().Add(time.Second)) {
		t.Fatalf("add_date %v (err %v) is not about now", added, err)
	}
}
