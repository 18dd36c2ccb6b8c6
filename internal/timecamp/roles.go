package timecamp

import (
	"context"
	"net/http"
	"sort"
)

// TaskRole is a role a user can hold on a task (GET /tt_role, SPEC §5.7). Every account has
// 1 Project Manager, 3 Regular User and 4 Guest; accounts can add their own.
type TaskRole struct {
	ID               Int                 `json:"tt_role_id"`
	Name             String              `json:"tt_role_name"`
	OverriddenRoleID Int                 `json:"overridden_role_id"`
	RootGroupID      Int                 `json:"root_group_id"`
	Sort             Int                 `json:"tt_role_sort"`
	Perms            Keyed[TaskRolePerm] `json:"perms"`
}

// TaskRolePerm is one permission of a task role (1 create subtasks, 2 edit task, 3 track time, ...).
type TaskRolePerm struct {
	ID   Int    `json:"tt_perm_id"`
	Text String `json:"tt_perm_text"`
}

// Default task roles (SPEC §5.7).
const (
	TaskRoleProjectManager int64 = 1
	TaskRoleRegularUser    int64 = 3
	TaskRoleGuest          int64 = 4
)

// RolesService reads role definitions.
type RolesService struct{ c *Client }

// TaskRoles returns the account's task roles ordered by id. TimeCamp sends them keyed by id.
func (s *RolesService) TaskRoles(ctx context.Context) ([]TaskRole, error) {
	req := request{method: http.MethodGet, path: "/tt_role", replayable: true}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	var keyed Keyed[TaskRole]
	if err := decodeJSON(req, resp.body, &keyed); err != nil {
		return nil, err
	}
	roles := keyed.Values()
	sort.SliceStable(roles, func(i, j int) bool { return roles[i].ID < roles[j].ID })
	return roles, nil
}
