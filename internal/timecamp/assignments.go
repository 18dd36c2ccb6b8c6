package timecamp

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
)

// TaskAssignments is the reply of GET /v3/projects/{taskId}/assigned-users (SPEC §5.7): the users
// who may work on a task, directly assigned or inheriting an assignment from an ancestor.
type TaskAssignments struct {
	Users []AssignedUser `json:"data"`
	Meta  struct {
		Roles []struct {
			RoleID Int    `json:"roleId"`
			Name   String `json:"name"`
			Sort   Int    `json:"sort"`
		} `json:"roles"`
		Tasks []struct {
			TaskID Int    `json:"taskId"`
			Name   String `json:"name"`
		} `json:"tasks"`
	} `json:"meta"`
}

// AssignedUser is one row of TaskAssignments. TaskID is 0 (null on the wire) for a direct
// assignment, else the ancestor the assignment comes from.
type AssignedUser struct {
	UserID      Int        `json:"userId"`
	DisplayName NullString `json:"displayName"`
	Email       String     `json:"email"`
	RoleID      Int        `json:"roleId"`
	TaskID      Int        `json:"taskId"`
}

// Direct returns the user's direct assignment on the task, if there is one.
func (a *TaskAssignments) Direct(taskID, userID int64) (*AssignedUser, bool) {
	for i := range a.Users {
		u := &a.Users[i]
		if int64(u.UserID) == userID && (u.TaskID == 0 || int64(u.TaskID) == taskID) {
			return u, true
		}
	}
	return nil, false
}

// TaskUsersService assigns users to tasks with a task role (v3; every call names its users, so
// assignments of other users are never touched).
type TaskUsersService struct{ c *Client }

// List reads a task's assignments. A task that does not exist is ErrNotFound.
func (s *TaskUsersService) List(ctx context.Context, taskID int64) (*TaskAssignments, error) {
	req := request{method: http.MethodGet, path: projectPath(taskID, "assigned-users"), replayable: true}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		return nil, s.explain(ctx, taskID, nil, err)
	}
	var out TaskAssignments
	if isEmptyCollection(resp.body) {
		return &out, nil
	}
	if err := decodeJSON(req, resp.body, &out); err != nil {
		return nil, err
	}
	return &out, nil
}

// Get returns the user's direct assignment on the task. A missing task, user or assignment is
// ErrNotFound. Like List, it ignores people who are deactivated or no longer in the account.
//
// With Config.SnapshotReads it reads the task's users map from the task snapshot (GET /tasks lists
// the direct assignments of every task, SPEC §5.1) and the people from the users snapshot, so a
// refresh of many assignments costs no request per assignment. Without, it lists the task's
// assignments (GET /v3/projects/{task}/assigned-users).
func (s *TaskUsersService) Get(ctx context.Context, taskID, userID int64) (*AssignedUser, error) {
	gone := func(err error) error {
		return fmt.Errorf("user %d has no direct assignment on task %d: %w", userID, taskID, errors.Join(ErrNotFound, err))
	}
	if !s.c.Tasks.cache.enabled {
		list, err := s.List(ctx, taskID)
		if err != nil {
			return nil, err
		}
		row, ok := list.Direct(taskID, userID)
		if !ok {
			return nil, gone(nil)
		}
		return row, nil
	}
	task, err := s.c.Tasks.Get(ctx, taskID)
	if err != nil {
		return nil, err
	}
	var row *TaskUserRole
	for key, r := range task.Users {
		if int64(r.UserID) == userID || (r.UserID == 0 && key == strconv.FormatInt(userID, 10)) {
			row = &r
			break
		}
	}
	if row == nil {
		return nil, gone(nil)
	}
	user, err := s.c.Users.Get(ctx, userID)
	if IsNotFound(err) {
		return nil, gone(err)
	}
	if err != nil {
		return nil, err
	}
	if disabled, err := s.c.Users.Disabled(ctx, userID); err != nil {
		return nil, err
	} else if disabled {
		return nil, gone(errors.New("the user is deactivated"))
	}
	return &AssignedUser{UserID: Int(userID), DisplayName: user.DisplayName, Email: user.Email, RoleID: row.RoleID}, nil
}

// Assign gives users roleID on the task; a user who already has a direct assignment gets the new
// role. A missing task or user is ErrNotFound.
func (s *TaskUsersService) Assign(ctx context.Context, taskID, roleID int64, userIDs ...int64) error {
	defer s.c.Tasks.cache.invalidate() // the task's users map changes
	req := request{method: http.MethodPut, path: projectPath(taskID, "assign"),
		json: body{"userIds": userIDs, "roleId": roleID}, replayable: true}
	_, err := s.c.do(ctx, req)
	return s.explain(ctx, taskID, userIDs, err)
}

// Unassign removes the users' direct assignments from the task (inherited ones stay). A missing
// task or user is ErrNotFound.
func (s *TaskUsersService) Unassign(ctx context.Context, taskID int64, userIDs ...int64) error {
	defer s.c.Tasks.cache.invalidate()
	req := request{method: http.MethodPut, path: projectPath(taskID, "unassign"),
		json: body{"userIds": userIDs}, replayable: true}
	_, err := s.c.do(ctx, req)
	return s.explain(ctx, taskID, userIDs, err)
}

// explain reads the v3 project errors: 404, or a 403 for a task that turns out not to exist, is a
// missing task; 400 "At least one of users provided in payload does not exist"
// (projects.error.user_does_not_exist) is a missing user.
func (s *TaskUsersService) explain(ctx context.Context, taskID int64, userIDs []int64, err error) error {
	switch StatusCode(err) {
	case http.StatusNotFound:
		return notFound("task", taskID, err)
	case http.StatusForbidden:
		if _, getErr := s.c.Tasks.Get(ctx, taskID); IsNotFound(getErr) {
			return notFound("task", taskID, err)
		}
	case http.StatusBadRequest:
		if apiMessageContains(err, "users provided in payload does not exist") {
			id := "?"
			if len(userIDs) == 1 {
				id = strconv.FormatInt(userIDs[0], 10)
			}
			return notFound("user", id, err)
		}
	}
	return err
}

func projectPath(taskID int64, action string) string {
	return "/v3/projects/" + strconv.FormatInt(taskID, 10) + "/" + action
}
