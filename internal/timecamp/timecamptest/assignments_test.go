package timecamptest

import (
	"fmt"
	"net/http"
	"reflect"
	"testing"
)

func TestTaskAssignments(t *testing.T) {
	a := newAPI(t, Options{})
	root := a.srv.RootGroupID()
	a.invite(root, "ann@example.com", nil)
	a.invite(root, "bob@example.com", nil)
	ann, bob := a.userID("ann@example.com"), a.userID("bob@example.com")
	a.json(http.MethodPost, "/user", map[string]any{"user_id": bob, "display_name": "Bob"}).expectEmpty(t, http.StatusOK)
	project := a.createTask(map[string]any{"name": "Website"})
	task := a.createTask(map[string]any{"name": "Backend", "parent_id": project})

	a.json(http.MethodPut, "/v3/projects/"+project+"/assign", map[string]any{"userIds": []any{ann}, "roleId": 1}).
		expect(t, http.StatusOK, `{"data":"ok"}`)
	a.json(http.MethodPut, "/v3/projects/"+task+"/assign", map[string]any{"userIds": []any{bob}, "roleId": 4}).
		expect(t, http.StatusOK, `{"data":"ok"}`)
	// Re-assigning changes the role and leaves everyone else alone.
	a.json(http.MethodPut, "/v3/projects/"+task+"/assign", map[string]any{"userIds": []any{bob}, "roleId": 3}).
		expect(t, http.StatusOK, `{"data":"ok"}`)

	// Bob directly (taskId null), Ann inherited from the project; real numbers.
	a.get("/v3/projects/"+task+"/assigned-users").expect(t, http.StatusOK, fmt.Sprintf(
		`{"data":[{"userId":%s,"displayName":"Bob","email":"bob@example.com","roleId":3,"taskId":null},`+
			`{"userId":%s,"displayName":"","email":"ann@example.com","roleId":1,"taskId":%s}],`+
			`"meta":{"roles":[{"roleId":1,"name":"Project Manager","sort":0},{"roleId":3,"name":"Regular User","sort":2},`+
			`{"roleId":4,"name":"Guest","sort":3}],"tasks":[{"taskId":%s,"name":"Website"}]}}`, bob, ann, project, project))

	// The v1 task list shows the direct assignment in its users map.
	users := a.task(task)["users"].(map[string]any)
	if !reflect.DeepEqual(users, map[string]any{bob: map[string]any{"user_id": bob, "role_id": "3"}}) {
		t.Fatalf("task users map %v", users)
	}

	// Errors.
	a.json(http.MethodPut, "/v3/projects/"+task+"/assign", map[string]any{"userIds": []any{999}, "roleId": 3}).
		expect(t, http.StatusBadRequest, `{"message":"At least one of users provided in payload does not exist","message_code":"projects.error.user_does_not_exist","message_params":[]}`)
	a.json(http.MethodPut, "/v3/projects/"+task+"/unassign", map[string]any{"userIds": []any{999}}).
		expect(t, http.StatusBadRequest, "")
	a.json(http.MethodPut, "/v3/projects/"+task+"/assign", map[string]any{"userIds": []any{}, "roleId": 3}).
		expect(t, http.StatusBadRequest, `{"message":"Request validation failed","errors":[{"property":"userIds","message":"This value should not be blank."}]}`)
	a.json(http.MethodPut, "/v3/projects/"+task+"/assign", map[string]any{"userIds": []any{bob}}).
		expect(t, http.StatusBadRequest, `{"message":"Request validation failed","errors":[{"property":"roleId","message":"This value should not be blank."}]}`)
	a.json(http.MethodPut, "/v3/projects/"+task+"/assign", map[string]any{"userIds": []any{bob}, "roleId": 2}).
		expect(t, http.StatusBadRequest, `{"message":"Role 2 does not exist","message_code":"projects.error.role_does_not_exist","message_params":{"role_id":2}}`)
	for _, path := range []string{"/v3/projects/123/assigned-users"} {
		a.get(path).expect(t, http.StatusForbidden,
			`{"message":"You have no rights in task 123","message_code":"projects.error.assign.access_to_task_denied","message_params":{"task_id":123}}`)
	}
	a.json(http.MethodPut, "/v3/projects/123/assign", map[string]any{"userIds": []any{bob}, "roleId": 3}).expect(t, http.StatusForbidden, "")
	a.json(http.MethodPut, "/v3/projects/123/unassign", map[string]any{"userIds": []any{bob}}).expect(t, http.StatusForbidden, "")

	// Deactivated users are not listed.
	a.json(http.MethodPut, "/user/"+bob+"/setting", map[string]any{"name": "disabled_user", "value": "1"}).expect(t, http.StatusOK, "")
	if rows := decodeObject(t, a.get("/v3/projects/"+task+"/assigned-users").body)["data"].([]any); len(rows) != 1 {
		t.Fatalf("rows with a deactivated user: %v", rows)
	}
	a.json(http.MethodPut, "/user/"+bob+"/setting", map[string]any{"name": "disabled_user", "value": "0"}).expect(t, http.StatusOK, "")

	// Unassign removes only the named direct assignment, and is idempotent.
	a.json(http.MethodPut, "/v3/projects/"+task+"/unassign", map[string]any{"userIds": []any{bob}}).expect(t, http.StatusOK, `{"data":"ok"}`)
	a.json(http.MethodPut, "/v3/projects/"+task+"/unassign", map[string]any{"userIds": []any{bob}}).expect(t, http.StatusOK, `{"data":"ok"}`)
	a.json(http.MethodPut, "/v3/projects/"+task+"/unassign", map[string]any{"userIds": []any{ann}}).expect(t, http.StatusOK, `{"data":"ok"}`)
	rows := decodeObject(t, a.get("/v3/projects/"+task+"/assigned-users").body)["data"].([]any)
	if len(rows) != 1 || rows[0].(map[string]any)["taskId"] == nil {
		t.Fatalf("after unassign: %v (Ann's inherited assignment must stay)", rows)
	}
}
