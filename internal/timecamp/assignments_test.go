package timecamp

import (
	"errors"
	"io"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

// GET /tt_role, the OAS example (ids as strings, sort as a number, perms keyed).
const taskRolesBody = `{
 "3":{"tt_role_id":"3","tt_role_name":"Regular User","overridden_role_id":"0","root_group_id":"0","tt_role_sort":2,
      "perms":{"3":{"tt_perm_id":"3","tt_perm_text":"track time"}}},
 "1":{"tt_role_id":"1","tt_role_name":"Project Manager","overridden_role_id":"0","root_group_id":"0","tt_role_sort":0,
      "perms":{"1":{"tt_perm_id":"1","tt_perm_text":"create subtasks"},"3":{"tt_perm_id":"3","tt_perm_text":"track time"}}},
 "5325":{"tt_role_id":5325,"tt_role_name":"Reviewer","overridden_role_id":3,"root_group_id":"552","tt_role_sort":"5","perms":[]}}`

func TestTaskRolesKeyed(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, taskRolesBody)
	roles, err := c.Roles.TaskRoles(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(roles) != 3 || roles[0].ID != 1 || roles[1].ID != 3 || roles[2].ID != 5325 {
		t.Fatalf("roles %+v", roles)
	}
	if roles[0].Name != "Project Manager" || len(roles[0].Perms) != 2 || roles[0].Perms["1"].Text != "create subtasks" {
		t.Errorf("role 1 %+v", roles[0])
	}
	if roles[2].Name != "Reviewer" || roles[2].OverriddenRoleID != 3 || roles[2].Sort != 5 || len(roles[2].Perms) != 0 {
		t.Errorf("custom role %+v", roles[2])
	}
	if r := s.requests()[0]; r.Path != "/api/tt_role" {
		t.Errorf("path %s", r.Path)
	}
	c, _ = stubClient(t, http.StatusOK, `[]`)
	if roles, err := c.Roles.TaskRoles(ctxT(t)); err != nil || len(roles) != 0 {
		t.Errorf("empty: %v, %v", roles, err)
	}
}

// GET /v3/projects/{id}/assigned-users, the OAS2 example.
const assignedUsersBody = `{"data":[
 {"userId":364263,"displayName":"John Smith","email":"john.smith@example.com","roleId":2,"taskId":null},
 {"userId":364264,"displayName":"Jane Doe","email":"jane.doe@example.com","roleId":3,"taskId":123456}],
 "meta":{"roles":[{"roleId":2,"name":"Manager","sort":10},{"roleId":3,"name":"Member","sort":20}],
 "tasks":[{"taskId":123456,"name":"Parent task"}]}}`

func TestAssignedUsersShape(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, assignedUsersBody)
	a, err := c.TaskUsers.List(ctxT(t), 34523534)
	if err != nil {
		t.Fatal(err)
	}
	if r := s.requests()[0]; r.Path != "/api/v3/projects/34523534/assigned-users" || strings.Contains(r.Query, "format") {
		t.Errorf("sent %s?%s (v3 takes no format=json)", r.Path, r.Query)
	}
	if len(a.Users) != 2 || len(a.Meta.Roles) != 2 || a.Meta.Roles[1].Name != "Member" || a.Meta.Tasks[0].TaskID != 123456 {
		t.Fatalf("assignments %+v", a)
	}
	if u, ok := a.Direct(34523534, 364263); !ok || u.RoleID != 2 || u.DisplayName.Value != "John Smith" {
		t.Errorf("direct John = %+v, %v", u, ok)
	}
	if _, ok := a.Direct(34523534, 364264); ok {
		t.Error("Jane's inherited assignment read as direct")
	}
	// Some replies may name the task itself instead of null.
	a.Users[1].TaskID = 34523534
	if _, ok := a.Direct(34523534, 364264); !ok {
		t.Error("an assignment naming the task itself is direct")
	}
	c, _ = stubClient(t, http.StatusOK, `{"data":[],"meta":{"roles":[],"tasks":[]}}`)
	if a, err := c.TaskUsers.List(ctxT(t), 1); err != nil || len(a.Users) != 0 {
		t.Errorf("empty: %+v, %v", a, err)
	}
}

func TestAssignBodies(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, `{"data":"ok"}`)
	if err := c.TaskUsers.Assign(ctxT(t), 77, 3, 5); err != nil {
		t.Fatal(err)
	}
	if err := c.TaskUsers.Unassign(ctxT(t), 77, 5); err != nil {
		t.Fatal(err)
	}
	reqs := s.requests()
	if reqs[0].Method != http.MethodPut || reqs[0].Path != "/api/v3/projects/77/assign" || reqs[0].Body != `{"roleId":3,"userIds":[5]}` {
		t.Errorf("assign sent %s %s %s", reqs[0].Method, reqs[0].Path, reqs[0].Body)
	}
	if reqs[1].Method != http.MethodPut || reqs[1].Path != "/api/v3/projects/77/unassign" || reqs[1].Body != `{"userIds":[5]}` {
		t.Errorf("unassign sent %s %s %s", reqs[1].Method, reqs[1].Path, reqs[1].Body)
	}
}

func TestAssignErrors(t *testing.T) {
	userMissing := `{"message":"At least one of users provided in payload does not exist","message_code":"projects.error.user_does_not_exist","message_params":[]}`
	c, _ := stubClient(t, http.StatusBadRequest, userMissing)
	err := c.TaskUsers.Assign(ctxT(t), 77, 3, 5)
	var nf *NotFoundError
	if !IsNotFound(err) || !errors.As(err, &nf) || nf.Kind != "user" || nf.ID != "5" {
		t.Errorf("missing user: %v", err)
	}
	c, _ = stubClient(t, http.StatusBadRequest, `{"message":"Role 2 does not exist","message_code":"projects.error.role_does_not_exist"}`)
	if err := c.TaskUsers.Assign(ctxT(t), 77, 2, 5); IsNotFound(err) || StatusCode(err) != http.StatusBadRequest {
		t.Errorf("bad role: %v, want a plain 400", err)
	}

	// A 403 is a missing task only when the task list says so.
	denied := `{"message":"You have no rights in task 77","message_code":"projects.error.assign.access_to_task_denied","message_params":{"task_id":77}}`
	for _, exists := range []bool{false, true} {
		s := newStub(t, func(w http.ResponseWriter, r *http.Request, _ int) {
			w.Header().Set("Content-Type", "application/json")
			if r.URL.Path == "/api/tasks" {
				if exists {
					_, _ = io.WriteString(w, `{"task_id":"77","name":"x"}`)
				} else {
					w.WriteHeader(http.StatusNotFound)
					_, _ = io.WriteString(w, `{"message":"Task 77 not found"}`)
				}
				return
			}
			w.WriteHeader(http.StatusForbidden)
			_, _ = io.WriteString(w, denied)
		})
		c := newTestClient(t, s.base(), testToken, nil)
		_, err := c.TaskUsers.List(ctxT(t), 77)
		if IsNotFound(err) == exists || StatusCode(err) != http.StatusForbidden {
			t.Errorf("task exists=%v: %v", exists, err)
		}
	}
	c, _ = stubClient(t, http.StatusNotFound, `{"message":"Task 77 not found"}`)
	if err := c.TaskUsers.Unassign(ctxT(t), 77, 5); !IsNotFound(err) {
		t.Errorf("404: %v", err)
	}
}

func TestAssignmentsAgainstEmulator(t *testing.T) {
	c, srv := emulatorClient(t, timecamptest.Options{})
	ctx := ctxT(t)
	project, err := c.Tasks.Create(ctx, TaskInput{Name: Set("Website")})
	if err != nil {
		t.Fatal(err)
	}
	pid, admin := int64(project.TaskID), srv.AdminUserID()
	if err := c.TaskUsers.Assign(ctx, pid, TaskRoleGuest, admin); err != nil {
		t.Fatal(err)
	}
	a, err := c.TaskUsers.List(ctx, pid)
	if err != nil {
		t.Fatal(err)
	}
	if u, ok := a.Direct(pid, admin); !ok || u.RoleID != Int(TaskRoleGuest) {
		t.Fatalf("after assign: %+v", a)
	}
	task, err := c.Tasks.Get(ctx, pid)
	if err != nil || !reflect.DeepEqual(task.Users, Keyed[TaskUserRole]{strconv.FormatInt(admin, 10): {UserID: Int(admin), RoleID: Int(TaskRoleGuest)}}) {
		t.Fatalf("task users %+v, %v", task.Users, err)
	}
	if err := c.TaskUsers.Assign(ctx, pid, 3, 999); !IsNotFound(err) {
		t.Errorf("unknown user: %v", err)
	}
	if _, err := c.TaskUsers.List(ctx, 123); !IsNotFound(err) {
		t.Errorf("unknown task: %v", err)
	}
	if err := c.TaskUsers.Unassign(ctx, pid, admin); err != nil {
		t.Fatal(err)
	}
	if a, _ := c.TaskUsers.List(ctx, pid); len(a.Users) != 0 {
		t.Errorf("after unassign: %+v", a.Users)
	}
	roles, err := c.Roles.TaskRoles(ctx)
	if err != nil || len(roles) != 3 || roles[1].Name != "Regular User" {
		t.Errorf("roles %+v, %v", roles, err)
	}
}
