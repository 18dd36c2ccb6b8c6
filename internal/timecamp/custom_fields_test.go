package timecamp

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

func TestCustomFieldTemplateListDecodes(t *testing.T) {
	// OAS's list example: ints, a real bool, defaultValue null or text, fieldOptions [].
	c, s := stubClient(t, http.StatusOK, `{"data":[
		{"id":15,"name":"Customer Priority","resourceType":"user","required":true,"status":1,"fieldType":"string","defaultValue":"Medium","fieldOptions":[]},
		{"id":"16","name":"Customer Category","resourceType":"user","required":"0","status":"1","fieldType":"string","defaultValue":null,"fieldOptions":[{"value":"a"}]},
		{"id":17,"name":"Options keyed","resourceType":"task","required":false,"status":1,"fieldType":"number","defaultValue":"5","fieldOptions":{"1":{"b":2},"0":{"a":1}}},
		{"id":18,"name":"No options","resourceType":"entry","required":false,"status":1,"fieldType":"text","defaultValue":"","fieldOptions":null}]}`)
	list, err := c.CustomFields.ListTemplates(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 4 {
		t.Fatalf("%d templates", len(list))
	}
	first := list[0]
	if first.ID != 15 || first.Name != "Customer Priority" || first.ResourceType != "user" || !bool(first.Required) ||
		first.Status != 1 || first.FieldType != "string" || first.DefaultValue != (NullString{"Medium", true}) || len(first.Options) != 0 {
		t.Errorf("first = %+v", first)
	}
	if list[1].ID != 16 || bool(list[1].Required) || list[1].DefaultValue.Valid || string(list[1].Options[0]) != `{"value":"a"}` {
		t.Errorf("second = %+v", list[1])
	}
	if got := list[2].Options; len(got) != 2 || string(got[0]) != `{"a":1}` || string(got[1]) != `{"b":2}` {
		t.Errorf("keyed options = %s", got)
	}
	// One OAS example answers "text" for a string field: kept as sent for callers to judge.
	if list[3].FieldType != "text" || list[3].DefaultValue != (NullString{"", true}) || list[3].Options == nil && len(list[3].Options) != 0 {
		t.Errorf("fourth = %+v", list[3])
	}
	if r := s.requests()[0]; r.Method != http.MethodGet || r.Path != "/api/v3/custom-fields/template/list" || r.Query != "" {
		t.Errorf("sent %s %s?%s", r.Method, r.Path, r.Query)
	}
}

func TestCustomFieldTemplateListEmptyShapes(t *testing.T) {
	for _, body := range []string{`{"data":[]}`, `[]`, `{"data":null}`} {
		c, _ := stubClient(t, http.StatusOK, body)
		list, err := c.CustomFields.ListTemplates(ctxT(t))
		if err != nil || list == nil || len(list) != 0 {
			t.Errorf("%q: %v, %v; want an empty list", body, list, err)
		}
	}
}

func TestCustomFieldGetTemplateNotListedIsNotFound(t *testing.T) {
	c, _ := stubClient(t, http.StatusOK, `{"data":[{"id":15,"name":"a","resourceType":"user","fieldType":"string"}]}`)
	if tpl, err := c.CustomFields.GetTemplate(ctxT(t), 15); err != nil || tpl.Name != "a" {
		t.Errorf("GetTemplate(15) = %v, %v", tpl, err)
	}
	if _, err := c.CustomFields.GetTemplate(ctxT(t), 16); !IsNotFound(err) {
		t.Errorf("GetTemplate(16) err = %v, want not found", err)
	}
}

func TestCustomFieldCreateBodyAndReply(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, `{"data":{"id":15,"name":"Priority Score","resourceType":"task","required":true,"status":1,"fieldType":"number","defaultValue":"5","fieldOptions":[]}}`)
	tpl, err := c.CustomFields.CreateTemplate(ctxT(t), CustomFieldTemplateInput{
		Name: Set("Priority Score"), ResourceType: Set("task"), FieldType: Set("number"),
		Required: Set(true), Status: Set[int64](0), DefaultValue: Set("5"), Options: Set([]json.RawMessage(nil)),
	})
	if err != nil || tpl.ID != 15 || tpl.Status != 1 {
		t.Fatalf("CreateTemplate = %+v, %v", tpl, err)
	}
	r := s.requests()[0]
	want := `{"defaultValue":"5","fieldOptions":[],"fieldType":"number","name":"Priority Score","required":true,"resourceType":"task","status":0}`
	if r.Method != http.MethodPost || r.Path != "/api/v3/custom-fields/template/create" || r.Body != want {
		t.Errorf("sent %s %s %s\nwant body %s", r.Method, r.Path, r.Body, want)
	}
	// A create is never replayed.
	c2, s2 := stubClient(t, http.StatusBadGateway, `{"message":"bad gateway"}`)
	if _, err := c2.CustomFields.CreateTemplate(ctxT(t), CustomFieldTemplateInput{Name: Set("x")}); err == nil || s2.count() != 1 {
		t.Errorf("create after a 502: err %v after %d requests, want an error after 1", err, s2.count())
	}
}

func TestCustomFieldOptionsMustBeObjects(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, `{}`)
	_, err := c.CustomFields.CreateTemplate(ctxT(t), CustomFieldTemplateInput{Name: Set("x"),
		Options: Set([]json.RawMessage{json.RawMessage(`{"a":1}`), json.RawMessage(`"gold"`)})})
	if err == nil || !strings.Contains(err.Error(), "option 1 is not a JSON object") || s.count() != 0 {
		t.Errorf("err = %v after %d requests", err, s.count())
	}
}

func TestCustomFieldValidationErrorMessage(t *testing.T) {
	c, _ := stubClient(t, http.StatusBadRequest, `{"errors":[{"field":"name","message":"This value should not be blank."},{"field":"fieldType","message":"Choose a valid type"}]}`)
	_, err := c.CustomFields.CreateTemplate(ctxT(t), CustomFieldTemplateInput{Name: Set("")})
	if StatusCode(err) != http.StatusBadRequest || !strings.Contains(err.Error(), "name: This value should not be blank.; fieldType: Choose a valid type") {
		t.Errorf("err = %v", err)
	}
}

func TestCustomFieldModifyLeavesOutImmutableFields(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, `{"data":{"id":15,"name":"New","resourceType":"user","required":false,"status":1,"fieldType":"string","defaultValue":null,"fieldOptions":[]}}`)
	tpl, err := c.CustomFields.ModifyTemplate(ctxT(t), 15, CustomFieldTemplateInput{Name: Set("New"), ResourceType: Set("task"),
		FieldType: Set("number"), DefaultValue: Null[string]()})
	if err != nil || tpl.Name != "New" {
		t.Fatalf("ModifyTemplate = %+v, %v", tpl, err)
	}
	if r := s.requests()[0]; r.Method != http.MethodPut || r.Path != "/api/v3/custom-fields/template/15/modify" || r.Body != `{"defaultValue":null,"name":"New"}` {
		t.Errorf("sent %s %s %s", r.Method, r.Path, r.Body)
	}
	c404, _ := stubClient(t, http.StatusNotFound, ``)
	if _, err := c404.CustomFields.ModifyTemplate(ctxT(t), 15, CustomFieldTemplateInput{Name: Set("x")}); !IsNotFound(err) {
		t.Errorf("404 err = %v, want not found", err)
	}
}

func TestCustomFieldRemove(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, `{"data":"ok"}`)
	if err := c.CustomFields.RemoveTemplate(ctxT(t), 15); err != nil {
		t.Fatal(err)
	}
	if r := s.requests()[0]; r.Method != http.MethodDelete || r.Path != "/api/v3/custom-fields/template/15/remove" {
		t.Errorf("sent %s %s", r.Method, r.Path)
	}
	c404, _ := stubClient(t, http.StatusNotFound, `{"message":"Not found"}`)
	if err := c404.CustomFields.RemoveTemplate(ctxT(t), 15); !IsNotFound(err) {
		t.Errorf("404 err = %v, want not found", err)
	}
}

const assignmentBody = `{"id":66,"resourceId":610,"resourceType":"user","required":true,"value":"In Progress","fieldType":"string","startDate":"2025-07-08 10:45:15","endDate":%s,"createdBy":610,"createdAt":"2025-07-08 10:45:15","updatedAt":"2025-07-08 10:45:15"}`

func TestCustomFieldGetValueShapes(t *testing.T) {
	current := `{"data":` + strings.Replace(assignmentBody, "%s", "null", 1) + `}`
	c, s := stubClient(t, http.StatusOK, current)
	v, err := c.CustomFields.GetValue(ctxT(t), 66, 610)
	if err != nil || v.ID != 66 || v.ResourceID != 610 || v.Value != (NullString{"In Progress", true}) || !v.Current() {
		t.Fatalf("GetValue = %+v, %v", v, err)
	}
	if r := s.requests()[0]; r.Path != "/api/v3/custom-fields/66/value/610" || r.Query != "" {
		t.Errorf("sent %s?%s", r.Path, r.Query)
	}
	// Every way of saying "no value in force" is ErrNotFound.
	ended := `{"data":` + strings.Replace(assignmentBody, "%s", `"2025-07-08 12:45:15"`, 1) + `}`
	for _, reply := range []struct {
		status int
		body   string
	}{{404, ``}, {404, `{"message":"Not found"}`}, {200, `{"data":null}`}, {200, `{"data":[]}`}, {200, `[]`}, {200, ended}} {
		c, _ := stubClient(t, reply.status, reply.body)
		if _, err := c.CustomFields.GetValue(ctxT(t), 66, 610); !IsNotFound(err) {
			t.Errorf("%d %s: err = %v, want not found", reply.status, reply.body, err)
		}
	}
	// A number field's value is a string too; a number is read as its text.
	c, _ = stubClient(t, http.StatusOK, `{"data":{"id":1,"resourceId":2,"value":75,"fieldType":"number","endDate":null}}`)
	if v, err := c.CustomFields.GetValue(ctxT(t), 1, 2); err != nil || v.Value.Value != "75" {
		t.Errorf("number value = %+v, %v", v, err)
	}
}

func TestCustomFieldAssignAndUnassign(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, `{"data":`+strings.Replace(assignmentBody, "%s", "null", 1)+`}`)
	v, err := c.CustomFields.Assign(ctxT(t), 66, 610, "In Progress")
	if err != nil || v.ID != 66 {
		t.Fatalf("Assign = %+v, %v", v, err)
	}
	if r := s.requests()[0]; r.Method != http.MethodPost || r.Path != "/api/v3/custom-fields/66/assign/610" || r.Body != `{"value":"In Progress"}` {
		t.Errorf("sent %s %s %s", r.Method, r.Path, r.Body)
	}
	bad, _ := stubClient(t, http.StatusBadRequest, `{"errors":[{"field":"value","message":"Value abc is not valid for this field (Type: number, Required: false)"}]}`)
	if _, err := bad.CustomFields.Assign(ctxT(t), 66, 610, "abc"); StatusCode(err) != 400 || IsNotFound(err) || !strings.Contains(err.Error(), "value: Value abc is not valid") {
		t.Errorf("400 err = %v", err)
	}
	// Both unassign replies (OAS: the closed assignment; TS: {"data":"ok"}) are success.
	for _, body := range []string{`{"data":` + strings.Replace(assignmentBody, "%s", `"2025-07-08 12:45:15"`, 1) + `}`, `{"data":"ok"}`} {
		c, s := stubClient(t, http.StatusOK, body)
		if err := c.CustomFields.Unassign(ctxT(t), 66, 610); err != nil {
			t.Errorf("%s: %v", body, err)
		}
		if r := s.requests()[0]; r.Method != http.MethodDelete || r.Path != "/api/v3/custom-fields/66/unassign/610" {
			t.Errorf("sent %s %s", r.Method, r.Path)
		}
	}
	c404, _ := stubClient(t, http.StatusNotFound, ``)
	if err := c404.CustomFields.Unassign(ctxT(t), 66, 610); !IsNotFound(err) {
		t.Errorf("404 err = %v, want not found", err)
	}
}

func TestCustomFieldListValues(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, `{"data":[
		{"templateId":66,"name":"Client Status","resourceType":"user","required":true,"fieldType":"string","defaultValue":"In Progress","value":"In Progress"},
		{"templateId":69,"name":"Progress","resourceType":"user","required":false,"fieldType":"number","defaultValue":null,"value":"75"}]}`)
	rows, err := c.CustomFields.ListValues(ctxT(t), "user", 610)
	if err != nil || len(rows) != 2 || rows[1].TemplateID != 69 || rows[1].Value.Value != "75" || rows[1].DefaultValue.Valid {
		t.Fatalf("ListValues = %+v, %v", rows, err)
	}
	if r := s.requests()[0]; r.Path != "/api/v3/custom-fields/values/resource/610/type/user" {
		t.Errorf("sent %s", r.Path)
	}
}

// TestCustomFieldsAgainstEmulator runs a template and its values through the emulator.
func TestCustomFieldsAgainstEmulator(t *testing.T) {
	c, srv := emulatorClient(t, timecamptest.Options{})
	ctx := ctxT(t)
	user := srv.AdminUserID()
	tpl, err := c.CustomFields.CreateTemplate(ctx, CustomFieldTemplateInput{Name: Set("Level"), ResourceType: Set("user"),
		FieldType: Set("number"), Options: Set([]json.RawMessage{json.RawMessage(`{"max": 10}`)})})
	if err != nil {
		t.Fatal(err)
	}
	if tpl.Status != 1 || tpl.DefaultValue.Valid || len(tpl.Options) != 1 || string(tpl.Options[0]) != `{"max":10}` {
		t.Errorf("created %+v (options %s)", tpl, tpl.Options)
	}
	if _, err := c.CustomFields.GetValue(ctx, int64(tpl.ID), user); !IsNotFound(err) {
		t.Errorf("value before any assignment: %v", err)
	}
	if _, err := c.CustomFields.Assign(ctx, int64(tpl.ID), user, "3"); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CustomFields.Assign(ctx, int64(tpl.ID), user, "4.5"); err != nil {
		t.Fatal(err)
	}
	v, err := c.CustomFields.GetValue(ctx, int64(tpl.ID), user)
	if err != nil || v.Value.Value != "4.5" {
		t.Fatalf("value = %+v, %v", v, err)
	}
	if _, err := c.CustomFields.Assign(ctx, int64(tpl.ID), user, "lots"); StatusCode(err) != http.StatusBadRequest {
		t.Errorf("a text value on a number field: %v", err)
	}
	if err := c.CustomFields.Unassign(ctx, int64(tpl.ID), user); err != nil {
		t.Fatal(err)
	}
	if _, err := c.CustomFields.GetValue(ctx, int64(tpl.ID), user); !IsNotFound(err) {
		t.Errorf("value after unassign: %v", err)
	}
	if err := c.CustomFields.Unassign(ctx, int64(tpl.ID), user); !IsNotFound(err) {
		t.Errorf("second unassign: %v", err)
	}
	mod, err := c.CustomFields.ModifyTemplate(ctx, int64(tpl.ID), CustomFieldTemplateInput{Required: Set(true), DefaultValue: Set("1"), Options: Null[[]json.RawMessage]()})
	if err != nil || !bool(mod.Required) || mod.DefaultValue.Value != "1" || len(mod.Options) != 0 || mod.FieldType != "number" {
		t.Fatalf("modified %+v, %v", mod, err)
	}
	rows, err := c.CustomFields.ListValues(ctx, "user", user)
	if err != nil || len(rows) != 1 || rows[0].Value.Value != "1" {
		t.Errorf("values of the user = %+v, %v (a required field shows its default)", rows, err)
	}
	if err := c.CustomFields.RemoveTemplate(ctx, int64(tpl.ID)); err != nil {
		t.Fatal(err)
	}
	if err := c.CustomFields.RemoveTemplate(ctx, int64(tpl.ID)); !IsNotFound(err) {
		t.Errorf("second remove: %v", err)
	}
	list, err := c.CustomFields.ListTemplates(ctx)
	if err != nil || !reflect.DeepEqual(list, []CustomFieldTemplate{}) {
		t.Errorf("list after remove = %v, %v", list, err)
	}
}
