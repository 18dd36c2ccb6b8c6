package timecamptest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
)

// Custom fields (SPEC §12): v3 endpoints under /v3/custom-fields, every reply wrapped in
// {"data": ...}, validation errors as 400 {"errors": [{"field", "message"}]}.
//
// Choices where SPEC leaves things open (§17.17), written here once:
//   - status: TimeCamp's examples send 0 and get 1 back, and nobody says what it means. A create or
//     modify that sends 0 (or no status on create) stores 1; any other integer is kept as sent.
//   - The list shows every template, whatever its status.
//   - fieldOptions: an array of JSON objects (or null, stored as []); the objects are kept and sent
//     back as they came (re-encoded: key order is not kept). Nothing else is done with them.
//   - Template names need not be unique.
//   - 404 bodies (no source gives one) are {"message": "..."}: for a missing template, a missing
//     user or task, and for GET value / DELETE unassign when no value is in force. So GET value
//     after an unassign answers 404.
//   - A value needs an existing object of the template's resource type: user, task or time entry
//     (404 "Task 12 not found" and the like otherwise).
//   - Removing a template removes its values (and their history).

// First ids of templates and values (see account.go: far from the other kinds' ids).
const (
	firstCustomFieldID      int64 = 900
	firstCustomFieldValueID int64 = 2500000
)

// CustomFieldTemplateRecord is a custom field template.
type CustomFieldTemplateRecord struct {
	ID           int64             `json:"id"`
	Name         string            `json:"name"`
	ResourceType string            `json:"resource_type"`
	FieldType    string            `json:"field_type"`
	Required     bool              `json:"required"`
	Status       int64             `json:"status"`
	DefaultValue *string           `json:"default_value"`
	Options      []json.RawMessage `json:"options"`
}

// CustomFieldValueRecord is one value of a template on a resource. Values keep a history: EndDate
// nil marks the value in force; assigning again or unassigning ends it.
type CustomFieldValueRecord struct {
	ID         int64   `json:"id"`
	TemplateID int64   `json:"template_id"`
	ResourceID int64   `json:"resource_id"`
	Value      string  `json:"value"`
	StartDate  string  `json:"start_date"`
	EndDate    *string `json:"end_date"`
	CreatedBy  int64   `json:"created_by"`
	CreatedAt  string  `json:"created_at"`
	UpdatedAt  string  `json:"updated_at"`
}

// customFieldStore is the custom field part of an account.
type customFieldStore struct {
	templates map[int64]*CustomFieldTemplateRecord
	values    []*CustomFieldValueRecord // in the order assigned
}

func newCustomFieldStore() customFieldStore {
	return customFieldStore{templates: map[int64]*CustomFieldTemplateRecord{}}
}

// current returns the value in force of a template on a resource, or nil.
func (s *customFieldStore) current(templateID, resourceID int64) *CustomFieldValueRecord {
	for _, v := range s.values {
		if v.TemplateID == templateID && v.ResourceID == resourceID && v.EndDate == nil {
			return v
		}
	}
	return nil
}

func (s *customFieldStore) templateIDs() []int64 {
	ids := make([]int64, 0, len(s.templates))
	for id := range s.templates {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

// snapshotCustomFields adds templates (by id) and values (in assignment order) to s.
func (a *account) snapshotCustomFields(s *Snapshot) {
	for _, id := range a.customFields.templateIDs() {
		t := *a.customFields.templates[id]
		t.DefaultValue = cloneStr(t.DefaultValue)
		t.Options = append([]json.RawMessage(nil), t.Options...)
		s.CustomFieldTemplates = append(s.CustomFieldTemplates, t)
	}
	for _, v := range a.customFields.values {
		c := *v
		c.EndDate = cloneStr(v.EndDate)
		s.CustomFieldValues = append(s.CustomFieldValues, c)
	}
}

// loadCustomFields restores the custom fields of a snapshot and checks them.
func (a *account) loadCustomFields(s *Snapshot) error {
	a.customFields = newCustomFieldStore()
	for _, t := range s.CustomFieldTemplates {
		t := t
		if _, dup := a.customFields.templates[t.ID]; dup {
			return fmt.Errorf("duplicate custom field template %d", t.ID)
		}
		if errs := validateTemplate(&t); len(errs) > 0 {
			return fmt.Errorf("custom field template %d: %s: %s", t.ID, errs[0].field, errs[0].message)
		}
		a.customFields.templates[t.ID] = &t
		a.next.CustomField = max(a.next.CustomField, t.ID+1)
	}
	inForce := map[[2]int64]bool{}
	for _, v := range s.CustomFieldValues {
		v := v
		if _, ok := a.customFields.templates[v.TemplateID]; !ok {
			return fmt.Errorf("custom field value %d: template %d does not exist", v.ID, v.TemplateID)
		}
		key := [2]int64{v.TemplateID, v.ResourceID}
		if v.EndDate == nil {
			if inForce[key] {
				return fmt.Errorf("custom field value %d: template %d has two values in force on resource %d", v.ID, v.TemplateID, v.ResourceID)
			}
			inForce[key] = true
		}
		a.customFields.values = append(a.customFields.values, &v)
		a.next.CustomFieldValue = max(a.next.CustomFieldValue, v.ID+1)
	}
	return nil
}

// fieldError is one entry of a v3 validation error.
type fieldError struct{ field, message string }

// validationReply is the v3 400: {"errors": [{"field": ..., "message": ...}]}.
func validationReply(errs []fieldError) reply {
	list := make([]any, len(errs))
	for i, e := range errs {
		list[i] = object{{"field", e.field}, {"message", e.message}}
	}
	return jsonReply(http.StatusBadRequest, object{{"errors", list}})
}

func dataReply(status int, v any) reply { return jsonReply(status, object{{"data", v}}) }

const msgBlank = "This value should not be blank."

// numberText is what a number field accepts: an optional sign, digits, optional decimals.
var numberText = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// invalidValue is TimeCamp's message for a value a field refuses (SPEC §12).
func invalidValue(shown, fieldType string, required bool) string {
	return fmt.Sprintf("Value %s is not valid for this field (Type: %s, Required: %t)", shown, fieldType, required)
}

// valueError says why a value (or a default value; nil is null) does not fit a field, or "".
// Blank is refused for required fields and for number fields.
func valueError(value *string, fieldType string, required bool) string {
	shown := "NULL"
	if value != nil {
		shown = *value
	}
	bad := invalidValue(shown, fieldType, required)
	switch {
	case value == nil || *value == "":
		if required || (value != nil && fieldType == "number") {
			return bad
		}
	case fieldType == "number" && !numberText.MatchString(*value):
		return bad
	}
	return ""
}

// validateTemplate checks a template as create and modify do.
func validateTemplate(t *CustomFieldTemplateRecord) []fieldError {
	var errs []fieldError
	if strings.TrimSpace(t.Name) == "" {
		errs = append(errs, fieldError{"name", msgBlank})
	}
	switch t.ResourceType {
	case "user", "task", "entry":
	case "":
		errs = append(errs, fieldError{"resourceType", msgBlank})
	default:
		errs = append(errs, fieldError{"resourceType", "Choose a valid type"})
	}
	switch t.FieldType {
	case "number", "string":
	case "":
		errs = append(errs, fieldError{"fieldType", msgBlank})
	default:
		errs = append(errs, fieldError{"fieldType", "Choose a valid type"})
	}
	if msg := valueError(t.DefaultValue, t.FieldType, t.Required); msg != "" {
		errs = append(errs, fieldError{"defaultValue", msg})
	}
	return errs
}

func templateObject(t *CustomFieldTemplateRecord) object {
	opts := make([]any, len(t.Options))
	for i, o := range t.Options {
		opts[i] = o
	}
	return object{
		{"id", t.ID},
		{"name", t.Name},
		{"resourceType", t.ResourceType},
		{"required", t.Required},
		{"status", t.Status},
		{"fieldType", t.FieldType},
		{"defaultValue", nullable(t.DefaultValue)},
		{"fieldOptions", opts},
	}
}

// readTemplateFields applies the fields of a create or modify to t, collecting validation errors.
// create says whether resourceType and fieldType are read (modify does not accept them).
func readTemplateFields(r *apiRequest, t *CustomFieldTemplateRecord, create bool) []fieldError {
	var errs []fieldError
	text := func(name string, dst *string) {
		if p := r.get(name); p.present {
			s, err := p.text()
			if err != nil {
				errs = append(errs, fieldError{name, "This value should be of type string."})
				return
			}
			*dst = s
		}
	}
	text("name", &t.Name)
	if create {
		text("resourceType", &t.ResourceType)
		text("fieldType", &t.FieldType)
	}
	if p := r.get("required"); p.present && !p.isNull() {
		b, err := p.flag()
		if err != nil {
			errs = append(errs, fieldError{"required", "This value should be of type bool."})
		}
		t.Required = b
	}
	if p := r.get("status"); p.present || create {
		n, err := p.int()
		if err != nil {
			errs = append(errs, fieldError{"status", "This value should be of type int."})
		}
		if n == 0 {
			n = 1 // sent 0 (or nothing on create), stored 1: SPEC §12.1
		}
		t.Status = n
	}
	if p := r.get("defaultValue"); p.present {
		v, err := p.optText()
		if err != nil {
			errs = append(errs, fieldError{"defaultValue", "This value should be of type string."})
		}
		t.DefaultValue = v
	}
	if p := r.get("fieldOptions"); p.present {
		opts, ok := jsonObjects(p.raw)
		if !ok {
			errs = append(errs, fieldError{"fieldOptions", "This value should be of type array."})
		}
		t.Options = opts
	}
	return append(errs, validateTemplate(t)...)
}

// jsonObjects reads fieldOptions: null, or an array whose elements are all objects.
func jsonObjects(raw any) ([]json.RawMessage, bool) {
	if raw == nil {
		return []json.RawMessage{}, true
	}
	list, ok := raw.([]any)
	if !ok {
		return nil, false
	}
	out := make([]json.RawMessage, 0, len(list))
	for _, item := range list {
		if _, isObject := item.(map[string]any); !isObject {
			return nil, false
		}
		b, err := marshal(item)
		if err != nil {
			return nil, false
		}
		out = append(out, b)
	}
	return out, true
}

// GET /v3/custom-fields/template/list: {"data": [Template]}, ordered by id.
func handleTemplateList(e *Emulator, _ *apiRequest) reply {
	out := []any{}
	for _, id := range e.acct.customFields.templateIDs() {
		out = append(out, templateObject(e.acct.customFields.templates[id]))
	}
	return dataReply(http.StatusOK, out)
}

// POST /v3/custom-fields/template/create: 200 {"data": Template}.
func handleTemplateCreate(e *Emulator, r *apiRequest) reply {
	t := &CustomFieldTemplateRecord{Options: []json.RawMessage{}}
	if errs := readTemplateFields(r, t, true); len(errs) > 0 {
		return validationReply(errs)
	}
	t.ID = e.acct.newID(&e.acct.next.CustomField)
	e.acct.customFields.templates[t.ID] = t
	e.changed()
	return dataReply(http.StatusOK, templateObject(t))
}

// templateOf returns the template named by path segment i, or a 404.
func (e *Emulator) templateOf(r *apiRequest, i int) (*CustomFieldTemplateRecord, *reply) {
	id, ok := r.pathID(i)
	t := e.acct.customFields.templates[id]
	if !ok || t == nil {
		rep := messageReply(http.StatusNotFound, fmt.Sprintf("Custom field template %s not found", r.segs[i]))
		return nil, &rep
	}
	return t, nil
}

// PUT /v3/custom-fields/template/{id}/modify: 200 {"data": Template}. Fields left out are kept.
func handleTemplateModify(e *Emulator, r *apiRequest) reply {
	t, missing := e.templateOf(r, 3)
	if missing != nil {
		return *missing
	}
	changed := *t
	changed.DefaultValue = cloneStr(t.DefaultValue)
	if errs := readTemplateFields(r, &changed, false); len(errs) > 0 {
		return validationReply(errs)
	}
	*t = changed
	e.changed()
	return dataReply(http.StatusOK, templateObject(t))
}

// DELETE /v3/custom-fields/template/{id}/remove: 200 {"data": "ok"}; the values go too.
func handleTemplateRemove(e *Emulator, r *apiRequest) reply {
	t, missing := e.templateOf(r, 3)
	if missing != nil {
		return *missing
	}
	delete(e.acct.customFields.templates, t.ID)
	kept := e.acct.customFields.values[:0]
	for _, v := range e.acct.customFields.values {
		if v.TemplateID != t.ID {
			kept = append(kept, v)
		}
	}
	e.acct.customFields.values = kept
	e.changed()
	return dataReply(http.StatusOK, "ok")
}

func (e *Emulator) assignmentObject(t *CustomFieldTemplateRecord, v *CustomFieldValueRecord) object {
	return object{
		{"id", v.ID},
		{"resourceId", v.ResourceID},
		{"resourceType", t.ResourceType},
		{"required", t.Required},
		{"value", v.Value},
		{"fieldType", t.FieldType},
		{"startDate", v.StartDate},
		{"endDate", nullable(v.EndDate)},
		{"createdBy", v.CreatedBy},
		{"createdAt", v.CreatedAt},
		{"updatedAt", v.UpdatedAt},
	}
}

// valueTarget reads /v3/custom-fields/{templateId}/{op}/{resourceId}: the template, and the
// resource id checked against the template's resource type.
func (e *Emulator) valueTarget(r *apiRequest) (*CustomFieldTemplateRecord, int64, *reply) {
	t, missing := e.templateOf(r, 2)
	if missing != nil {
		return nil, 0, missing
	}
	id, _ := r.pathID(4)
	var exists bool
	switch t.ResourceType {
	case "user":
		exists = e.acct.userExists(id)
	case "task":
		_, exists = e.acct.tasks[id]
	case "entry":
		_, exists = e.acct.entries.byID[id]
	}
	if !exists {
		rep := messageReply(http.StatusNotFound, fmt.Sprintf("%s %s not found", titleWord(t.ResourceType), r.segs[4]))
		return nil, 0, &rep
	}
	return t, id, nil
}

func titleWord(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// POST /v3/custom-fields/{templateId}/assign/{resourceId} {"value": "..."}: ends the value in force
// (if any) and starts a new one; 200 {"data": Assignment}.
func handleValueAssign(e *Emulator, r *apiRequest) reply {
	t, resourceID, missing := e.valueTarget(r)
	if missing != nil {
		return *missing
	}
	p := r.get("value")
	value, err := p.optText()
	if err != nil {
		return validationReply([]fieldError{{"value", "This value should be of type string."}})
	}
	if value == nil { // "value" is required (OAS), whatever the field
		return validationReply([]fieldError{{"value", invalidValue("NULL", t.FieldType, t.Required)}})
	}
	if msg := valueError(value, t.FieldType, t.Required); msg != "" {
		return validationReply([]fieldError{{"value", msg}})
	}
	now := e.timestamp()
	if cur := e.acct.customFields.current(t.ID, resourceID); cur != nil {
		cur.EndDate, cur.UpdatedAt = &now, now
	}
	v := &CustomFieldValueRecord{
		ID: e.acct.newID(&e.acct.next.CustomFieldValue), TemplateID: t.ID, ResourceID: resourceID, Value: *value,
		StartDate: now, CreatedBy: e.acct.adminUserID, CreatedAt: now, UpdatedAt: now,
	}
	e.acct.customFields.values = append(e.acct.customFields.values, v)
	e.changed()
	return dataReply(http.StatusOK, e.assignmentObject(t, v))
}

// valueMissing is the 404 for "no value in force".
func valueMissing(r *apiRequest) reply {
	return messageReply(http.StatusNotFound, fmt.Sprintf("No value of custom field %s on resource %s", r.segs[2], r.segs[4]))
}

// GET /v3/custom-fields/{templateId}/value/{resourceId}: 200 {"data": Assignment} for the value in
// force; 404 when there is none (never assigned, or unassigned).
func handleValueGet(e *Emulator, r *apiRequest) reply {
	t, resourceID, missing := e.valueTarget(r)
	if missing != nil {
		return *missing
	}
	cur := e.acct.customFields.current(t.ID, resourceID)
	if cur == nil {
		return valueMissing(r)
	}
	return dataReply(http.StatusOK, e.assignmentObject(t, cur))
}

// DELETE /v3/custom-fields/{templateId}/unassign/{resourceId}: the value in force gets an end date;
// 200 {"data": Assignment} (OAS's shape). 404 when nothing is in force.
func handleValueUnassign(e *Emulator, r *apiRequest) reply {
	t, resourceID, missing := e.valueTarget(r)
	if missing != nil {
		return *missing
	}
	cur := e.acct.customFields.current(t.ID, resourceID)
	if cur == nil {
		return valueMissing(r)
	}
	now := e.timestamp()
	cur.EndDate, cur.UpdatedAt = &now, now
	e.changed()
	return dataReply(http.StatusOK, e.assignmentObject(t, cur))
}

// GET /v3/custom-fields/values/resource/{resourceId}/type/{resourceType}: every template of the
// type with its value on the resource: the value in force, else the default value of a required
// field, else null.
func handleResourceValues(e *Emulator, r *apiRequest) reply {
	resourceID, ok := r.pathID(4)
	if !ok {
		return notFound()
	}
	kind := r.segs[6]
	out := []any{}
	for _, id := range e.acct.customFields.templateIDs() {
		t := e.acct.customFields.templates[id]
		if t.ResourceType != kind {
			continue
		}
		var value any
		if cur := e.acct.customFields.current(t.ID, resourceID); cur != nil {
			value = cur.Value
		} else if t.Required {
			value = nullable(t.DefaultValue)
		}
		out = append(out, object{
			{"templateId", t.ID},
			{"name", t.Name},
			{"resourceType", t.ResourceType},
			{"required", t.Required},
			{"fieldType", t.FieldType},
			{"defaultValue", nullable(t.DefaultValue)},
			{"value", value},
		})
	}
	return dataReply(http.StatusOK, out)
}

// customFieldsRoute maps the paths below /v3/custom-fields (segs[0:2] == "v3", "custom-fields").
func customFieldsRoute(method string, segs []string) handlerFunc {
	switch {
	case len(segs) == 4 && segs[2] == "template" && segs[3] == "list":
		return only(method, http.MethodGet, handleTemplateList)
	case len(segs) == 4 && segs[2] == "template" && segs[3] == "create":
		return only(method, http.MethodPost, handleTemplateCreate)
	case len(segs) == 5 && segs[2] == "template" && segs[4] == "modify":
		return only(method, http.MethodPut, handleTemplateModify)
	case len(segs) == 5 && segs[2] == "template" && segs[4] == "remove":
		return only(method, http.MethodDelete, handleTemplateRemove)
	case len(segs) == 5 && segs[3] == "assign":
		return only(method, http.MethodPost, handleValueAssign)
	case len(segs) == 5 && segs[3] == "unassign":
		return only(method, http.MethodDelete, handleValueUnassign)
	case len(segs) == 5 && segs[3] == "value":
		return only(method, http.MethodGet, handleValueGet)
	case len(segs) == 7 && segs[2] == "values" && segs[3] == "resource" && segs[5] == "type":
		return only(method, http.MethodGet, handleResourceValues)
	}
	return nil
}
