package timecamptest

import (
	"encoding/json"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// data returns the "data" member of a v3 reply, failing unless the body is exactly {"data": ...}.
func data(t testing.TB, r result) any {
	t.Helper()
	o := decodeObject(t, r.body)
	requireKeys(t, o, "data")
	return o["data"]
}

func dataObject(t testing.TB, r result) map[string]any {
	t.Helper()
	o, ok := data(t, r).(map[string]any)
	if !ok {
		t.Fatalf("data is not an object: %s", r.body)
	}
	return o
}

// expectFieldErrors checks a v3 400 {"errors": [{"field", "message"}]} naming these fields in order.
func expectFieldErrors(t testing.TB, r result, fields ...string) []any {
	t.Helper()
	r.expect(t, http.StatusBadRequest, "")
	o := decodeObject(t, r.body)
	requireKeys(t, o, "errors")
	list, _ := o["errors"].([]any)
	if len(list) != len(fields) {
		t.Fatalf("errors %s, want fields %v", r.body, fields)
	}
	for i, e := range list {
		fe := e.(map[string]any)
		requireKeys(t, fe, "field", "message")
		if fe["field"] != fields[i] || fe["message"] == "" {
			t.Fatalf("error %d = %v, want field %q with a message", i, fe, fields[i])
		}
	}
	return list
}

func createTemplate(t testing.TB, a *api, body map[string]any) map[string]any {
	t.Helper()
	return dataObject(t, a.json(http.MethodPost, "/v3/custom-fields/template/create", body).expect(t, http.StatusOK, ""))
}

func TestCustomFieldTemplateWireShapes(t *testing.T) {
	a := newAPI(t, Options{})
	// The OAS example: status 0 sent, 1 stored; ints, a real bool, defaultValue a string.
	tpl := createTemplate(t, a, map[string]any{"name": "Priority Score", "resourceType": "task", "required": true,
		"status": 0, "fieldType": "number", "defaultValue": "5", "fieldOptions": []any{}})
	requireKeys(t, tpl, "id", "name", "resourceType", "required", "status", "fieldType", "defaultValue", "fieldOptions")
	requireNumbers(t, tpl, "id", "status")
	if tpl["status"] != json.Number("1") || tpl["required"] != true || tpl["defaultValue"] != "5" || tpl["fieldType"] != "number" {
		t.Errorf("created template %v", tpl)
	}
	// No status and no default: status 1, defaultValue null, fieldOptions [] (also for null).
	plain := createTemplate(t, a, map[string]any{"name": "Notes", "resourceType": "user", "fieldType": "string", "fieldOptions": nil})
	requireNulls(t, plain, "defaultValue")
	if plain["status"] != json.Number("1") || plain["required"] != false || len(plain["fieldOptions"].([]any)) != 0 {
		t.Errorf("plain template %v", plain)
	}
	// Options come back as the objects sent; another status is kept.
	opts := createTemplate(t, a, map[string]any{"name": "Tier", "resourceType": "entry", "fieldType": "string", "status": 3,
		"fieldOptions": []any{map[string]any{"value": "gold", "label": "Gold"}}})
	if got, _ := json.Marshal(opts["fieldOptions"]); string(got) != `[{"label":"Gold","value":"gold"}]` || opts["status"] != json.Number("3") {
		t.Errorf("options template %v", opts)
	}

	list := data(t, a.get("/v3/custom-fields/template/list").expect(t, http.StatusOK, "")).([]any)
	if len(list) != 3 || list[0].(map[string]any)["id"] != tpl["id"] || list[2].(map[string]any)["id"] != opts["id"] {
		t.Fatalf("list %v", list)
	}

	id := string(tpl["id"].(json.Number))
	// Modify: resourceType/fieldType are not accepted (ignored); omitted fields are kept.
	mod := dataObject(t, a.json(http.MethodPut, "/v3/custom-fields/template/"+id+"/modify",
		map[string]any{"name": "Score", "fieldType": "string", "resourceType": "user", "defaultValue": "7"}).expect(t, http.StatusOK, ""))
	if mod["name"] != "Score" || mod["fieldType"] != "number" || mod["resourceType"] != "task" || mod["defaultValue"] != "7" || mod["required"] != true {
		t.Errorf("modified %v", mod)
	}
	// SPEC's modify error: a required number field cannot lose its default.
	errs := expectFieldErrors(t, a.json(http.MethodPut, "/v3/custom-fields/template/"+id+"/modify", map[string]any{"defaultValue": nil}), "defaultValue")
	if msg := errs[0].(map[string]any)["message"]; msg != "Value NULL is not valid for this field (Type: number, Required: true)" {
		t.Errorf("message %q", msg)
	}
	a.json(http.MethodPut, "/v3/custom-fields/template/424242/modify", map[string]any{"name": "x"}).expectMessage(t, http.StatusNotFound, "Custom field template 424242 not found")

	if d := data(t, a.json(http.MethodDelete, "/v3/custom-fields/template/"+id+"/remove", nil).expect(t, http.StatusOK, "")); d != "ok" {
		t.Errorf("remove data %v, want \"ok\"", d)
	}
	a.json(http.MethodDelete, "/v3/custom-fields/template/"+id+"/remove", nil).expectMessage(t, http.StatusNotFound, "Custom field template "+id+" not found")
	if list := data(t, a.get("/v3/custom-fields/template/list")).([]any); len(list) != 2 {
		t.Errorf("list after remove has %d templates", len(list))
	}
}

func TestCustomFieldTemplateValidation(t *testing.T) {
	a := newAPI(t, Options{})
	// SPEC's create example: a blank name and an unknown type, both reported.
	expectFieldErrors(t, a.json(http.MethodPost, "/v3/custom-fields/template/create",
		map[string]any{"name": "", "resourceType": "user", "fieldType": "text"}), "name", "fieldType")
	expectFieldErrors(t, a.json(http.MethodPost, "/v3/custom-fields/template/create",
		map[string]any{"name": "x", "resourceType": "project", "fieldType": "string"}), "resourceType")
	expectFieldErrors(t, a.json(http.MethodPost, "/v3/custom-fields/template/create",
		map[string]any{"name": "x", "resourceType": "user", "fieldType": "string", "required": true}), "defaultValue")
	expectFieldErrors(t, a.json(http.MethodPost, "/v3/custom-fields/template/create",
		map[string]any{"name": "x", "resourceType": "user", "fieldType": "number", "defaultValue": "abc"}), "defaultValue")
	expectFieldErrors(t, a.json(http.MethodPost, "/v3/custom-fields/template/create",
		map[string]any{"name": "x", "resourceType": "user", "fieldType": "string", "fieldOptions": []any{"gold"}}), "fieldOptions")
	if list := data(t, a.get("/v3/custom-fields/template/list")).([]any); len(list) != 0 {
		t.Errorf("refused creates left %d templates", len(list))
	}
}

func TestCustomFieldValueHistory(t *testing.T) {
	clock := &fixedClock{now: mustTime("2025-07-08 10:45:15")}
	a := newAPI(t, Options{Now: clock.Now})
	task := a.createTask(map[string]any{"name": "Website"})
	tpl := createTemplate(t, a, map[string]any{"name": "Budget code", "resourceType": "task", "fieldType": "number"})
	id := string(tpl["id"].(json.Number))
	base := "/v3/custom-fields/" + id

	a.get(base+"/value/"+task).expectMessage(t, http.StatusNotFound, "No value of custom field "+id+" on resource "+task)
	first := dataObject(t, a.json(http.MethodPost, base+"/assign/"+task, map[string]any{"value": "75"}).expect(t, http.StatusOK, ""))
	requireKeys(t, first, "id", "resourceId", "resourceType", "required", "value", "fieldType", "startDate", "endDate", "createdBy", "createdAt", "updatedAt")
	requireNumbers(t, first, "id", "resourceId", "createdBy")
	requireNulls(t, first, "endDate")
	if first["value"] != "75" || first["startDate"] != "2025-07-08 10:45:15" || first["resourceType"] != "task" {
		t.Errorf("assignment %v", first)
	}

	clock.now = clock.now.Add(time.Hour)
	second := dataObject(t, a.json(http.MethodPost, base+"/assign/"+task, map[string]any{"value": "80.5"}).expect(t, http.StatusOK, ""))
	if second["id"] == first["id"] || second["value"] != "80.5" {
		t.Errorf("second assignment %v", second)
	}
	cur := dataObject(t, a.get(base+"/value/"+task).expect(t, http.StatusOK, ""))
	if cur["id"] != second["id"] || cur["endDate"] != nil {
		t.Errorf("value in force %v, want the second assignment", cur)
	}
	a.srv.mu.Lock()
	closed := a.srv.acct.customFields.values[0].EndDate
	a.srv.mu.Unlock()
	if closed == nil || *closed != "2025-07-08 11:45:15" {
		t.Errorf("the first value's end date is %v, want the time of the second assignment", closed)
	}

	// Number fields refuse text; a missing value is "NULL".
	expectFieldErrors(t, a.json(http.MethodPost, base+"/assign/"+task, map[string]any{"value": "lots"}), "value")
	errs := expectFieldErrors(t, a.json(http.MethodPost, base+"/assign/"+task, map[string]any{}), "value")
	if msg := errs[0].(map[string]any)["message"]; msg != "Value NULL is not valid for this field (Type: number, Required: false)" {
		t.Errorf("message %q", msg)
	}
	// A missing task, and a missing template.
	a.json(http.MethodPost, base+"/assign/99", map[string]any{"value": "1"}).expectMessage(t, http.StatusNotFound, "Task 99 not found")
	a.json(http.MethodPost, "/v3/custom-fields/77/assign/"+task, map[string]any{"value": "1"}).expectMessage(t, http.StatusNotFound, "Custom field template 77 not found")

	// The per-resource list shows the value in force, as a string.
	rows := data(t, a.get("/v3/custom-fields/values/resource/"+task+"/type/task").expect(t, http.StatusOK, "")).([]any)
	if len(rows) != 1 {
		t.Fatalf("values list %v", rows)
	}
	row := rows[0].(map[string]any)
	requireKeys(t, row, "templateId", "name", "resourceType", "required", "fieldType", "defaultValue", "value")
	if row["templateId"] != tpl["id"] || row["value"] != "80.5" {
		t.Errorf("row %v", row)
	}

	// Unassign closes the value in force; afterwards GET value is 404, and so is a second unassign.
	clock.now = clock.now.Add(time.Hour)
	gone := dataObject(t, a.json(http.MethodDelete, base+"/unassign/"+task, nil).expect(t, http.StatusOK, ""))
	if gone["id"] != second["id"] || gone["endDate"] != "2025-07-08 12:45:15" {
		t.Errorf("unassigned %v", gone)
	}
	a.get(base+"/value/"+task).expect(t, http.StatusNotFound, "")
	a.json(http.MethodDelete, base+"/unassign/"+task, nil).expect(t, http.StatusNotFound, "")
	row = data(t, a.get("/v3/custom-fields/values/resource/"+task+"/type/task")).([]any)[0].(map[string]any)
	requireNulls(t, row, "value", "defaultValue")
}

func TestCustomFieldRequiredShowsDefaultAndUserValues(t *testing.T) {
	a := newAPI(t, Options{})
	user := str(a.srv.AdminUserID())
	tpl := createTemplate(t, a, map[string]any{"name": "Client Status", "resourceType": "user", "fieldType": "string",
		"required": true, "defaultValue": "In Progress"})
	id := string(tpl["id"].(json.Number))
	row := data(t, a.get("/v3/custom-fields/values/resource/"+user+"/type/user")).([]any)[0].(map[string]any)
	if row["value"] != "In Progress" {
		t.Errorf("a required field never assigned shows %v, want its default", row["value"])
	}
	expectFieldErrors(t, a.json(http.MethodPost, "/v3/custom-fields/"+id+"/assign/"+user, map[string]any{"value": ""}), "value")
	a.json(http.MethodPost, "/v3/custom-fields/"+id+"/assign/"+user, map[string]any{"value": "Done"}).expect(t, http.StatusOK, "")
	a.json(http.MethodPost, "/v3/custom-fields/"+id+"/assign/5", map[string]any{"value": "Done"}).expectMessage(t, http.StatusNotFound, "User 5 not found")
	entryField := createTemplate(t, a, map[string]any{"name": "Ticket", "resourceType": "entry", "fieldType": "string"})
	a.json(http.MethodPost, "/v3/custom-fields/"+string(entryField["id"].(json.Number))+"/assign/123", map[string]any{"value": "T-1"}).
		expectMessage(t, http.StatusNotFound, "Entry 123 not found")
	// Removing the template takes its values along.
	a.json(http.MethodDelete, "/v3/custom-fields/template/"+id+"/remove", nil).expect(t, http.StatusOK, "")
	a.get("/v3/custom-fields/"+id+"/value/"+user).expect(t, http.StatusNotFound, "")
	a.srv.mu.Lock()
	left := len(a.srv.acct.customFields.values)
	a.srv.mu.Unlock()
	if left != 0 {
		t.Errorf("%d values left after the template was removed", left)
	}
}

func TestCustomFieldsPersist(t *testing.T) {
	file := filepath.Join(t.TempDir(), "account.json")
	a := newAPI(t, Options{DataFile: file})
	task := a.createTask(map[string]any{"name": "Website"})
	tpl := createTemplate(t, a, map[string]any{"name": "Code", "resourceType": "task", "fieldType": "string",
		"fieldOptions": []any{map[string]any{"k": 1}}})
	id := string(tpl["id"].(json.Number))
	a.json(http.MethodPost, "/v3/custom-fields/"+id+"/assign/"+task, map[string]any{"value": "A"}).expect(t, http.StatusOK, "")
	a.json(http.MethodPost, "/v3/custom-fields/"+id+"/assign/"+task, map[string]any{"value": "B"}).expect(t, http.StatusOK, "")

	b := newAPI(t, Options{DataFile: file})
	list := b.get("/v3/custom-fields/template/list").expect(t, http.StatusOK, "")
	if !strings.Contains(string(list.body), `"fieldOptions":[{"k":1}]`) {
		t.Errorf("reloaded list %s", list.body)
	}
	if cur := dataObject(t, b.get("/v3/custom-fields/"+id+"/value/"+task)); cur["value"] != "B" {
		t.Errorf("reloaded value %v", cur)
	}
	// New ids continue after the stored ones.
	next := createTemplate(t, b, map[string]any{"name": "Next", "resourceType": "task", "fieldType": "string"})
	if next["id"] == tpl["id"] {
		t.Errorf("a reloaded account handed out template id %v again", next["id"])
	}
}
