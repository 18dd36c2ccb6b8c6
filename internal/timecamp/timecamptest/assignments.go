package timecamptest

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
)

// Task roles (GET /tt_role) and the v3 task assignment endpoints (SPEC §5.7).
// Choices where the sources are silent:
//   - A task that does not exist answers all three v3 calls with the 403
//     TimeCamp documents for a task the caller may not act on:
//     {"message":"You have no rights in task <id>","message_code":
//     "projects.error.assign.access_to_task_denied","message_params":{"task_id":<id>}}.
//   - assign with a roleId that is not a task role: 400 {"message":"Role <id>
//     does not exist","message_code":"projects.error.role_does_not_exist",...}.
//   - assign on a user who is already directly assigned changes their role;
//     unassign of a user who is not directly assigned changes nothing. Both
//     answer {"data":"ok"}.
//   - assigned-users lists active users only (deactivated ones are left out,
//     as OAS2 says): the direct assignments first (taskId null, by user id),
//     then each other user's nearest inherited assignment (taskId = the
//     ancestor). meta.roles lists every task role, meta.tasks the ancestors
//     named in taskId.

// TaskRoleRecord is a task role; Perms are permission ids (permTexts).
type TaskRoleRecord struct {
	ID    int64   `json:"id"`
	Name  string  `json:"name"`
	Sort  int64   `json:"sort"`
	Perms []int64 `json:"perms"`
}

const (
	taskRoleProjectManager = 1
	taskRoleRegularUser    = 3
	taskRoleGuest          = 4
)

// permTexts are TimeCamp's task permissions (OAS /tt_role example).
var permTexts = map[int64]string{
	1: "create subtasks", 2: "edit task", 3: "track time",
	5: "see other people time in reports", 6: "change inherited role to lower", 7: "create invoice",
}

// defaultTaskRoles are the roles every account has (SPEC §5.7).
func defaultTaskRoles() map[int64]*TaskRoleRecord {
	return map[int64]*TaskRoleRecord{
		taskRoleProjectManager: {ID: taskRoleProjectManager, Name: "Project Manager", Sort: 0, Perms: []int64{1, 2, 3, 5, 6, 7}},
		taskRoleRegularUser:    {ID: taskRoleRegularUser, Name: "Regular User", Sort: 2, Perms: []int64{3}},
		taskRoleGuest:          {ID: taskRoleGuest, Name: "Guest", Sort: 3, Perms: []int64{5}},
	}
}

// loadTaskRoles restores the task roles of a snapshot, or the defaults.
func (a *account) loadTaskRoles(s *Snapshot) error {
	if len(s.TaskRoles) == 0 {
		a.taskRoles = defaultTaskRoles()
		return nil
	}
	a.taskRoles = map[int64]*TaskRoleRecord{}
	for _, r := range s.TaskRoles {
		r := r
		if r.ID <= 0 || r.Name == "" {
			return fmt.Errorf("task role %d: needs a positive id and a name", r.ID)
		}
		if _, dup := a.taskRoles[r.ID]; dup {
			return fmt.Errorf("duplicate task role %d", r.ID)
		}
		r.Perms = append([]int64(nil), r.Perms...)
		a.taskRoles[r.ID] = &r
	}
	return nil
}

// snapshotTaskRoles adds the task roles to s, sorted by id.
func (a *account) snapshotTaskRoles(s *Snapshot) {
	for _, r := range a.taskRoles {
		c := *r
		c.Perms = append([]int64(nil), r.Perms...)
		s.TaskRoles = append(s.TaskRoles, c)
	}
	sort.Slice(s.TaskRoles, func(i, j int) bool { return s.TaskRoles[i].ID < s.TaskRoles[j].ID })
}

// sortedTaskRoles orders roles by their sort key, then id.
func (a *account) sortedTaskRoles() []*TaskRoleRecord {
	out := make([]*TaskRoleRecord, 0, len(a.taskRoles))
	for _, r := range a.taskRoles {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Sort != out[j].Sort {
			return out[i].Sort < out[j].Sort
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// GET /tt_role: an object keyed by role id; ids as strings, tt_role_sort a
// number, perms keyed by permission id.
func handleTaskRoles(e *Emulator, _ *apiRequest) reply {
	a := e.acct
	ids := make([]int64, 0, len(a.taskRoles))
	for id := range a.taskRoles {
		ids = append(ids, id)
	}
	return jsonReply(http.StatusOK, keyedByID(ids, func(id int64) object {
		r := a.taskRoles[id]
		perms := keyedByID(append([]int64(nil), r.Perms...), func(p int64) object {
			return object{{"tt_perm_id", str(p)}, {"tt_perm_text", permTexts[p]}}
		})
		return object{
			{"tt_role_id", str(r.ID)},
			{"tt_role_name", r.Name},
			{"overridden_role_id", "0"},
			{"root_group_id", "0"},
			{"tt_role_sort", r.Sort},
			{"perms", perms},
		}
	}))
}

// v3Error is the v3 projects error body.
func v3Error(status int, msg, code string, params any) reply {
	return jsonReply(status, object{{"message", msg}, {"message_code", code}, {"message_params", params}})
}

func v3ValidationError(property string) reply {
	return jsonReply(http.StatusBadRequest, object{
		{"message", "Request validation failed"},
		{"errors", []any{object{{"property", property}, {"message", "This value should not be blank."}}}},
	})
}

// projectTask reads /v3/projects/{taskId}/...; a missing task is the 403.
func (e *Emulator) projectTask(r *apiRequest) (*TaskRecord, reply, bool) {
	id, _ := r.pathID(2)
	t, ok := e.acct.tasks[id]
	if !ok {
		return nil, v3Error(http.StatusForbidden, fmt.Sprintf("You have no rights in task %s", r.segs[2]),
			"projects.error.assign.access_to_task_denied", object{{"task_id", id}}), false
	}
	return t, reply{}, true
}

// assignmentUsers reads userIds: a non-empty list of users who exist.
func (e *Emulator) assignmentUsers(r *apiRequest) ([]int64, reply, bool) {
	p := r.get("userIds")
	ids, err := p.ints()
	if err != nil || len(ids) == 0 {
		return nil, v3ValidationError("userIds"), false
	}
	for _, id := range ids {
		if _, ok := e.user(id); !ok {
			return nil, v3Error(http.StatusBadRequest, "At least one of users provided in payload does not exist",
				"projects.error.user_does_not_exist", []any{}), false
		}
	}
	return ids, reply{}, true
}

// GET /v3/projects/{taskId}/assigned-users.
func handleAssignedUsers(e *Emulator, r *apiRequest) reply {
	a := e.acct
	t, rep, ok := e.projectTask(r)
	if !ok {
		return rep
	}
	rows := []any{}
	listed := map[int64]bool{}
	var ancestors []any
	for cur, depth := t, 0; cur != nil && depth <= len(a.tasks); depth++ {
		uids := make([]int64, 0, len(cur.Users))
		for uid := range cur.Users {
			uids = append(uids, uid)
		}
		sort.Slice(uids, func(i, j int) bool { return uids[i] < uids[j] })
		named := false
		for _, uid := range uids {
			u, ok := e.user(uid)
			if !ok || u.disabled() || listed[uid] {
				continue
			}
			listed[uid] = true
			var from any
			if cur != t {
				from = cur.ID
				named = true
			}
			name := ""
			if u.DisplayName != nil {
				name = *u.DisplayName
			}
			rows = append(rows, object{{"userId", uid}, {"displayName", name}, {"email", u.Email},
				{"roleId", cur.Users[uid]}, {"taskId", from}})
		}
		if named {
			ancestors = append(ancestors, object{{"taskId", cur.ID}, {"name", cur.Name}})
		}
		cur = a.tasks[cur.ParentID]
	}
	roles := []any{}
	for _, r := range a.sortedTaskRoles() {
		roles = append(roles, object{{"roleId", r.ID}, {"name", r.Name}, {"sort", r.Sort}})
	}
	if ancestors == nil {
		ancestors = []any{}
	}
	return jsonReply(http.StatusOK, object{{"data", rows}, {"meta", object{{"roles", roles}, {"tasks", ancestors}}}})
}

// PUT /v3/projects/{taskId}/assign {"userIds": [...], "roleId": n}.
func handleAssign(e *Emulator, r *apiRequest) reply {
	t, rep, ok := e.projectTask(r)
	if !ok {
		return rep
	}
	uids, rep, ok := e.assignmentUsers(r)
	if !ok {
		return rep
	}
	role, err := r.get("roleId").int()
	if err != nil || role < 1 {
		return v3ValidationError("roleId")
	}
	if _, ok := e.acct.taskRoles[role]; !ok {
		return v3Error(http.StatusBadRequest, "Role "+strconv.FormatInt(role, 10)+" does not exist",
			"projects.error.role_does_not_exist", object{{"role_id", role}})
	}
	for _, uid := range uids {
		if cur, assigned := t.Users[uid]; !assigned || cur != role {
			t.Users[uid] = role
			e.changed()
		}
	}
	return jsonReply(http.StatusOK, object{{"data", "ok"}})
}

// PUT /v3/projects/{taskId}/unassign {"userIds": [...]}.
func handleUnassign(e *Emulator, r *apiRequest) reply {
	t, rep, ok := e.projectTask(r)
	if !ok {
		return rep
	}
	uids, rep, ok := e.assignmentUsers(r)
	if !ok {
		return rep
	}
	for _, uid := range uids {
		if _, assigned := t.Users[uid]; assigned {
			delete(t.Users, uid)
			e.changed()
		}
	}
	return jsonReply(http.StatusOK, object{{"data", "ok"}})
}
