package timecamptest

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"unicode/utf8"
)

// Task messages (SPEC §5). The cycle text is ours: no source shows one.
const (
	msgTaskNameRequired   = "You must provide a name for the task with post field: name"
	msgTaskIDRequired     = "You must provide a task_id"
	msgTaskCannotRemove   = "Can't remove task"
	msgTaskRemoveQueued   = "Tasks have been queued for removal"
	msgTaskMoveIntoOwn    = "You can not move a task under itself or one of its subtasks"
	msgTaskBudgetUnit     = "budget_unit must be one of: hours, fee or empty"
	msgTaskStatus         = "status must be one of: active, archived, all"
	maxTaskNameRunes      = 190
	defaultTaskRoleID     = 1 // project manager, the OLD default for user_ids without role
	defaultTaskBudgetUnit = "hours"
)

func taskNotFound(id string) reply {
	return messageReply(http.StatusNotFound, fmt.Sprintf("Task %s not found", id))
}

// normalizeTaskName stores a name the way TimeCamp does (SPEC §5.1): tabs
// become spaces, '|' and '→' are removed, the result is trimmed and cut to
// 190 characters.
func normalizeTaskName(s string) string {
	s = strings.ReplaceAll(s, "\t", " ")
	s = strings.ReplaceAll(s, "|", "")
	s = strings.ReplaceAll(s, "→", "")
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > maxTaskNameRunes {
		s = string([]rune(s)[:maxTaskNameRunes])
	}
	return s
}

// taskFlat renders the object of create, update and delete replies: a flat
// object, every value a string or null, with the legacy to-do fields
// (SPEC §5.3 example).
func (e *Emulator) taskFlat(t *TaskRecord) object {
	a := e.acct
	return object{
		{"task_id", str(t.ID)},
		{"parent_id", str(t.ParentID)},
		{"name", t.Name},
		{"external_task_id", nullable(t.ExternalTaskID)},
		{"external_parent_id", nullable(t.ExternalParentID)},
		{"level", str(int64(a.taskLevel(t.ID)))},
		{"add_date", t.AddDate},
		{"archived", flag(t.Archived)},
		{"color", t.Color},
		{"tags", t.Keywords},
		{"budgeted", str(t.Budgeted)},
		{"checked_date", nil},
		{"root_group_id", str(a.rootGroupID)},
		{"assigned_to", nil},
		{"assigned_by", str(t.AssignedBy)},
		{"due_date", nil},
		{"note", nullable(t.Note)},
		{"context", nil},
		{"folder", nil},
		{"repeat", nil},
		{"billable", flag(t.Billable)},
		{"budget_unit", t.BudgetUnit},
		{"public_hash", nil},
		{"modify_time", nullable(t.ModifyTime)},
		{"keywords", t.Keywords},
	}
}

// taskItem renders a GET /tasks task. In a list, numeric fields are JSON
// numbers (current API) unless strs is set (legacy 2018 style, and the flat
// single-task lookup). user_access_type is a number either way (SPEC §5.1).
// users is `[]` when the task has no direct assignments (PHP empty array).
func (e *Emulator) taskItem(t *TaskRecord, strs bool) object {
	a := e.acct
	n := func(v int64) any {
		if strs {
			return str(v)
		}
		return v
	}
	userIDs := make([]int64, 0, len(t.Users))
	for uid := range t.Users {
		userIDs = append(userIDs, uid)
	}
	users := keyedByID(userIDs, func(uid int64) object {
		return object{{"user_id", n(uid)}, {"role_id", n(t.Users[uid])}}
	})
	// The admin holds every task permission (ids per /tt_role, SPEC §5.1).
	perms := object{{"1", n(1)}, {"2", n(1)}, {"3", n(1)}, {"5", n(1)}, {"6", n(1)}, {"7", n(1)}}
	return object{
		{"task_id", n(t.ID)},
		{"parent_id", n(t.ParentID)},
		{"assigned_by", n(t.AssignedBy)},
		{"name", t.Name},
		{"external_task_id", nullable(t.ExternalTaskID)},
		{"external_parent_id", nullable(t.ExternalParentID)},
		{"level", n(int64(a.taskLevel(t.ID)))},
		{"archived", n(flagInt(t.Archived))},
		{"tags", t.Keywords},
		{"keywords", t.Keywords},
		{"budgeted", n(t.Budgeted)},
		{"budget_unit", t.BudgetUnit},
		{"root_group_id", n(a.rootGroupID)},
		{"billable", n(flagInt(t.Billable))},
		{"note", nullable(t.Note)},
		{"public_hash", nil},
		{"add_date", t.AddDate},
		{"modify_time", nullable(t.ModifyTime)},
		{"color", t.Color},
		{"users", users},
		{"perms", perms},
		{"user_access_type", adminAccessType},
	}
}

// GET /tasks (SPEC §5.2).
//
//   - status: active (default), archived or all; anything else is a 400. It
//     applies to task_id and external_task_id lookups too: whether TimeCamp
//     finds an archived task without status=all is undocumented (§17.3), and
//     the stricter choice makes a client that forgets status=all fail here.
//     The deprecated exclude_archived (0 = only archived, 1 = all) is honoured
//     when status is absent.
//   - task_id with one id: a flat object, numbers as strings, 404
//     {"message":"Task <id> not found"} when missing.
//   - task_id with several ids (CSV) and external_task_id: keyed like the
//     list; 404 only when nothing matches.
//   - minimal, perms and ignoreAdminRights are accepted and ignored: the
//     token owner is an admin who sees every task, with every field.
func handleTaskGet(e *Emulator, r *apiRequest) reply {
	a := e.acct
	keep, rep := taskStatusFilter(r)
	if keep == nil {
		return rep
	}
	legacy := e.opts.LegacyStrings

	if p := r.get("task_id"); !p.isEmpty() {
		ids, err := p.ints()
		if err != nil {
			return badRequest(err)
		}
		var found []int64
		for _, id := range ids {
			if t, ok := a.tasks[id]; ok && keep(t) {
				found = append(found, id)
			}
		}
		if len(found) == 0 {
			first := ""
			if len(ids) > 0 {
				first = str(ids[0])
			}
			return taskNotFound(first)
		}
		if len(ids) == 1 {
			return jsonReply(http.StatusOK, e.taskItem(a.tasks[found[0]], true))
		}
		return jsonReply(http.StatusOK, keyedByID(found, func(id int64) object {
			return e.taskItem(a.tasks[id], legacy)
		}))
	}

	var ext *string
	if p := r.get("external_task_id"); !p.isEmpty() {
		s, err := p.text()
		if err != nil {
			return badRequest(err)
		}
		ext = &s
	}
	var ids []int64
	for id, t := range a.tasks {
		if !keep(t) {
			continue
		}
		if ext != nil && (t.ExternalTaskID == nil || *t.ExternalTaskID != *ext) {
			continue
		}
		ids = append(ids, id)
	}
	if ext != nil && len(ids) == 0 {
		return messageReply(http.StatusNotFound, fmt.Sprintf("Task with external_task_id %s not found", *ext))
	}
	return jsonReply(http.StatusOK, keyedByID(ids, func(id int64) object {
		return e.taskItem(a.tasks[id], legacy)
	}))
}

// taskStatusFilter returns the archived filter of a GET /tasks call, or nil
// and the 400 to send.
func taskStatusFilter(r *apiRequest) (func(*TaskRecord) bool, reply) {
	status := "active"
	if p := r.get("status"); !p.isEmpty() {
		s, err := p.text()
		if err != nil {
			return nil, badRequest(err)
		}
		status = strings.ToLower(strings.TrimSpace(s))
	} else if p := r.get("exclude_archived"); !p.isEmpty() {
		if v, err := p.int(); err == nil && v == 0 {
			status = "archived"
		} else {
			status = "all"
		}
	}
	switch status {
	case "active":
		return func(t *TaskRecord) bool { return !t.Archived }, reply{}
	case "archived":
		return func(t *TaskRecord) bool { return t.Archived }, reply{}
	case "all":
		return func(*TaskRecord) bool { return true }, reply{}
	}
	return nil, messageReply(http.StatusBadRequest, msgTaskStatus)
}

// POST /tasks creates a task (SPEC §5.3): 201 with an object keyed by the new
// id whose values are all strings. A missing parent is a 404 "Task <id> not
// found".
func handleTaskCreate(e *Emulator, r *apiRequest) reply {
	a := e.acct
	name, rep, ok := taskName(r)
	if !ok {
		return rep
	}
	parentID, err := r.get("parent_id").int()
	if err != nil {
		return badRequest(err)
	}
	if _, exists := a.tasks[parentID]; parentID != 0 && !exists {
		return taskNotFound(str(parentID))
	}
	t := TaskRecord{
		ParentID:   parentID,
		Name:       name,
		Color:      defaultTaskColor,
		BudgetUnit: defaultTaskBudgetUnit,
		Billable:   true,
		AddDate:    e.timestamp(),
		AssignedBy: a.adminUserID,
		Users:      map[int64]int64{},
	}
	if rep, ok := e.applyTaskFields(r, &t, defaultTaskRoleID); !ok {
		return rep
	}
	t.ID = a.newID(&a.next.Task)
	a.tasks[t.ID] = &t
	e.changed()
	return jsonReply(http.StatusCreated, object{{str(t.ID), e.taskFlat(&t)}})
}

// taskName reads and normalises "name"; a name that is absent, null or
// empty once normalised is a 400.
func taskName(r *apiRequest) (string, reply, bool) {
	p := r.get("name")
	if p.isEmpty() {
		return "", messageReply(http.StatusBadRequest, msgTaskNameRequired), false
	}
	s, err := p.text()
	if err != nil {
		return "", badRequest(err), false
	}
	s = normalizeTaskName(s)
	if s == "" {
		return "", messageReply(http.StatusBadRequest, msgTaskNameRequired), false
	}
	return s, reply{}, true
}

// applyTaskFields copies the optional writable fields shared by create and
// update into t. It validates as it goes; callers pass a copy and keep it
// only when ok, so a rejected call changes nothing.
func (e *Emulator) applyTaskFields(r *apiRequest, t *TaskRecord, defaultRole int64) (reply, bool) {
	var err error
	for _, f := range []struct {
		name string
		dst  **string
	}{
		{"external_task_id", &t.ExternalTaskID},
		{"external_parent_id", &t.ExternalParentID},
		{"note", &t.Note},
	} {
		if r.has(f.name) {
			if *f.dst, err = r.get(f.name).optText(); err != nil {
				return badRequest(err), false
			}
		}
	}
	// "tags" is the deprecated alias of "keywords"; writing either sets both.
	for _, name := range []string{"tags", "keywords"} {
		if r.has(name) {
			if t.Keywords, err = r.get(name).text(); err != nil {
				return badRequest(err), false
			}
		}
	}
	if r.has("budgeted") {
		p := r.get("budgeted")
		if t.Budgeted, err = p.int(); err != nil {
			return badRequest(err), false
		}
		if t.Budgeted < 0 {
			return badRequest(p.invalid()), false
		}
	}
	if r.has("budget_unit") {
		u, err := r.get("budget_unit").text()
		if err != nil {
			return badRequest(err), false
		}
		if u != "hours" && u != "fee" && u != "" {
			return messageReply(http.StatusBadRequest, msgTaskBudgetUnit), false
		}
		t.BudgetUnit = u
	}
	if r.has("billable") {
		if t.Billable, err = r.get("billable").flag(); err != nil {
			return badRequest(err), false
		}
	}
	if r.has("archived") {
		if t.Archived, err = r.get("archived").flag(); err != nil {
			return badRequest(err), false
		}
	}
	return e.applyTaskUsers(r, t, defaultRole)
}

// applyTaskUsers handles user_ids + role: the listed users are assigned
// directly with that role. On update this adds to (or changes the role of)
// the existing assignments and leaves the others alone; whether TimeCamp
// replaces the set instead is undocumented (SPEC §17.5). Without role, a
// new assignment gets defaultRole and an existing one keeps its role. Every
// user must exist (400 "User <id> does not exist").
func (e *Emulator) applyTaskUsers(r *apiRequest, t *TaskRecord, defaultRole int64) (reply, bool) {
	p := r.get("user_ids")
	if p.isEmpty() {
		return reply{}, true
	}
	uids, err := p.ints()
	if err != nil {
		return badRequest(err), false
	}
	var role int64
	rp := r.get("role")
	if !rp.isEmpty() {
		if role, err = rp.int(); err != nil || role <= 0 {
			return badRequest(rp.invalid()), false
		}
	}
	for _, uid := range uids {
		if _, ok := e.acct.users[uid]; !ok {
			return messageReply(http.StatusBadRequest, fmt.Sprintf("User %d does not exist", uid)), false
		}
	}
	for _, uid := range uids {
		switch _, assigned := t.Users[uid]; {
		case role != 0:
			t.Users[uid] = role
		case !assigned:
			t.Users[uid] = defaultRole
		}
	}
	return reply{}, true
}

// PUT /tasks updates a task (SPEC §5.4): 200 with the flat, string-valued
// task. A missing task is a 404 with an EMPTY body. A missing new parent is a
// 404 "Task <id> not found"; a move under the task itself or one of its
// subtasks is a 403. Archiving does not cascade to subtasks (§17.4).
// modify_time changes only when a value does.
func handleTaskUpdate(e *Emulator, r *apiRequest) reply {
	a := e.acct
	p := r.get("task_id")
	if p.isEmpty() {
		return messageReply(http.StatusBadRequest, msgTaskIDRequired)
	}
	id, err := p.int()
	if err != nil {
		return badRequest(err)
	}
	cur, ok := a.tasks[id]
	if !ok {
		return emptyReply(http.StatusNotFound)
	}
	t := cur.clone()
	if r.has("name") {
		name, rep, ok := taskName(r)
		if !ok {
			return rep
		}
		t.Name = name
	}
	if r.has("parent_id") {
		if t.ParentID, err = r.get("parent_id").int(); err != nil {
			return badRequest(err)
		}
		if t.ParentID != cur.ParentID && t.ParentID != 0 {
			if _, ok := a.tasks[t.ParentID]; !ok {
				return taskNotFound(str(t.ParentID))
			}
			if a.taskIsUnder(t.ParentID, t.ID) {
				return messageReply(http.StatusForbidden, msgTaskMoveIntoOwn)
			}
		}
	}
	if rep, ok := e.applyTaskFields(r, &t, defaultTaskRoleID); !ok {
		return rep
	}
	if !reflect.DeepEqual(t, cur.clone()) {
		now := e.timestamp()
		t.ModifyTime = &now
		*cur = t
		e.changed()
	}
	return jsonReply(http.StatusOK, e.taskFlat(cur))
}

// DELETE /tasks?task_id= (deprecated, SPEC §5.5): 200 with the deleted task as
// a flat object; its subtasks go with it. Missing: 404 "Task <id> not found".
func handleTaskDelete(e *Emulator, r *apiRequest) reply {
	a := e.acct
	p := r.get("task_id")
	if p.isEmpty() {
		return messageReply(http.StatusBadRequest, msgTaskIDRequired)
	}
	id, err := p.int()
	if err != nil {
		return badRequest(err)
	}
	t, ok := a.tasks[id]
	if !ok {
		return taskNotFound(str(id))
	}
	body := e.taskFlat(t) // rendered before the task (and its level) is gone
	e.removeTasks([]int64{id})
	return jsonReply(http.StatusOK, body)
}

// POST /v3/task/remove {"taskIds":[...]} (SPEC §5.5). TimeCamp queues the
// removal; the emulator applies it at once, subtasks included, so that a
// read right after sees the result. 403 "Can't remove task" when none of the
// ids exists.
func handleTaskRemoveV3(e *Emulator, r *apiRequest) reply {
	a := e.acct
	p := r.get("taskIds")
	if !p.present {
		return messageReply(http.StatusBadRequest, "taskIds is required")
	}
	ids, err := p.ints()
	if err != nil {
		return badRequest(err)
	}
	var existing []int64
	for _, id := range ids {
		if _, ok := a.tasks[id]; ok {
			existing = append(existing, id)
		}
	}
	if len(existing) == 0 {
		return messageReply(http.StatusForbidden, msgTaskCannotRemove)
	}
	e.removeTasks(existing)
	return messageReply(http.StatusOK, msgTaskRemoveQueued)
}

// removeTasks deletes tasks and all their subtasks.
func (e *Emulator) removeTasks(ids []int64) {
	a := e.acct
	var all []int64
	for _, id := range ids {
		if _, ok := a.tasks[id]; ok {
			all = append(all, a.taskSubtree(id)...)
		}
	}
	for _, id := range all {
		delete(a.tasks, id)
	}
	e.changed()
}
