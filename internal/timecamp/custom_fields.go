package timecamp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

// Custom fields (SPEC §12) are a v3 API: JSON only, every reply wrapped in {"data": ...}, validation
// errors as {"errors": [{"field", "message"}]} (errorMessage reads them).

// Resource types and field types of custom field templates (OAS enums).
const (
	CustomFieldResourceUser  = "user"
	CustomFieldResourceTask  = "task"
	CustomFieldResourceEntry = "entry"

	CustomFieldTypeNumber = "number"
	CustomFieldTypeString = "string"
)

// CustomFieldTemplate is a custom field definition. Status is an int whose meaning no source
// documents (TimeCamp's examples send 0 and get 1 back). Options are the template's fieldOptions:
// JSON objects whose schema no source gives (SPEC §17.17), kept as raw JSON.
type CustomFieldTemplate struct {
	ID           Int         `json:"id"`
	Name         String      `json:"name"`
	ResourceType String      `json:"resourceType"`
	Required     Bool        `json:"required"`
	Status       Int         `json:"status"`
	FieldType    String      `json:"fieldType"`
	DefaultValue NullString  `json:"defaultValue"`
	Options      JSONObjects `json:"fieldOptions"`
}

// JSONObjects is a list of JSON objects kept as TimeCamp sent them (fieldOptions). It reads an
// array, a PHP-style object keyed by position, [] or null (both empty).
type JSONObjects []json.RawMessage

func (o *JSONObjects) UnmarshalJSON(data []byte) error {
	var k Keyed[json.RawMessage]
	if err := k.UnmarshalJSON(data); err != nil {
		return err
	}
	*o = JSONObjects(k.Values())
	return nil
}

// CustomFieldTemplateInput is a create (Name, ResourceType and FieldType required) or a modify
// (ResourceType and FieldType are not accepted there and are not sent). Unset fields are left out.
type CustomFieldTemplateInput struct {
	Name         Field[string]
	ResourceType Field[string] // create only
	FieldType    Field[string] // create only
	Required     Field[bool]
	Status       Field[int64]
	DefaultValue Field[string]
	// Options are sent as fieldOptions: each element must be a JSON object. Null sends null.
	Options Field[[]json.RawMessage]
}

func (in CustomFieldTemplateInput) body(create bool) (body, error) {
	b := body{}
	putField(b, "name", in.Name, nil)
	if create {
		putField(b, "resourceType", in.ResourceType, nil)
		putField(b, "fieldType", in.FieldType, nil)
	}
	putField(b, "required", in.Required, nil) // v3 takes real booleans
	putField(b, "status", in.Status, nil)
	putField(b, "defaultValue", in.DefaultValue, nil)
	if opts, _ := in.Options.Value(); in.Options.IsSet() {
		for i, o := range opts {
			if t := bytes.TrimSpace(o); len(t) == 0 || t[0] != '{' || !json.Valid(t) {
				return nil, fmt.Errorf("custom field option %d is not a JSON object: %s", i, abbreviate(o))
			}
		}
	}
	putField(b, "fieldOptions", in.Options, func(opts []json.RawMessage) any {
		if opts == nil {
			return []json.RawMessage{} // "no options" is an empty array, as in TimeCamp's examples
		}
		return opts
	})
	return b, nil
}

// CustomFieldValue is one assignment of a template to a resource (SPEC §12.2). EndDate null (not
// Valid) marks the current value; past values carry an end date.
type CustomFieldValue struct {
	ID           Int        `json:"id"`
	TemplateID   Int        `json:"templateId"` // sent by the per-resource list only
	ResourceID   Int        `json:"resourceId"`
	ResourceType String     `json:"resourceType"`
	Required     Bool       `json:"required"`
	Value        NullString `json:"value"`
	FieldType    String     `json:"fieldType"`
	StartDate    NullString `json:"startDate"`
	EndDate      NullString `json:"endDate"`
}

// Current reports whether this is the value in force (no end date).
func (v *CustomFieldValue) Current() bool { return !v.EndDate.Valid || v.EndDate.Value == "" }

// CustomFieldResourceValue is one row of a resource's value list: a template of the resource's
// type with the value in force (for a required field never assigned, TimeCamp shows the default).
type CustomFieldResourceValue struct {
	TemplateID   Int        `json:"templateId"`
	Name         String     `json:"name"`
	ResourceType String     `json:"resourceType"`
	Required     Bool       `json:"required"`
	FieldType    String     `json:"fieldType"`
	DefaultValue NullString `json:"defaultValue"`
	Value        NullString `json:"value"`
}

// CustomFieldsService manages custom field templates and their values.
//
// With Config.SnapshotReads the template list is read once, and the values of one resource once
// (TimeCamp lists values per resource only, never for the whole account), until a write of a
// template or value (see snapshot.go).
type CustomFieldsService struct {
	c         *Client
	templates snapshot[[]CustomFieldTemplate]
	values    snapshotMap[resourceKey, []CustomFieldResourceValue]
}

// resourceKey names one object custom field values belong to.
type resourceKey struct {
	kind string // user, task or entry
	id   int64
}

func newCustomFieldsService(c *Client, snapshots bool) *CustomFieldsService {
	return &CustomFieldsService{c: c,
		templates: snapshot[[]CustomFieldTemplate]{enabled: snapshots},
		values:    snapshotMap[resourceKey, []CustomFieldResourceValue]{enabled: snapshots},
	}
}

// invalidate drops the cached templates and values, after a write.
func (s *CustomFieldsService) invalidate() {
	s.templates.invalidate()
	s.values.invalidate()
}

const customFieldsPath = "/v3/custom-fields"

// ListTemplates returns the active templates, ordered as TimeCamp sends them. The result is
// shared: callers must not change it.
func (s *CustomFieldsService) ListTemplates(ctx context.Context) ([]CustomFieldTemplate, error) {
	return s.templates.get(ctx, s.loadTemplates)
}

func (s *CustomFieldsService) loadTemplates(ctx context.Context) ([]CustomFieldTemplate, error) {
	req := request{method: http.MethodGet, path: customFieldsPath + "/template/list", replayable: true}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	out := []CustomFieldTemplate{}
	if data := v3Data(resp.body); !isEmptyCollection(data) {
		if err := decodeJSON(req, data, &out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// GetTemplate finds one template in the list (TimeCamp has no single-template read). A template
// that is not listed (removed) is ErrNotFound.
func (s *CustomFieldsService) GetTemplate(ctx context.Context, id int64) (*CustomFieldTemplate, error) {
	all, err := s.ListTemplates(ctx)
	if err != nil {
		return nil, err
	}
	for i := range all {
		if int64(all[i].ID) == id {
			return &all[i], nil
		}
	}
	return nil, notFound("custom field template", id, nil)
}

// CreateTemplate makes a template and returns it as TimeCamp stored it. Never replayed.
func (s *CustomFieldsService) CreateTemplate(ctx context.Context, in CustomFieldTemplateInput) (*CustomFieldTemplate, error) {
	defer s.invalidate()
	b, err := in.body(true)
	if err != nil {
		return nil, err
	}
	req := request{method: http.MethodPost, path: customFieldsPath + "/template/create", json: b}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	var t CustomFieldTemplate
	if err := decodeJSON(req, v3Data(resp.body), &t); err != nil {
		return nil, err
	}
	if t.ID == 0 {
		return nil, &DecodeError{Method: req.method, Path: req.path, Body: abbreviate(resp.body), Err: errMissingID}
	}
	return &t, nil
}

// ModifyTemplate changes the fields set in in (ResourceType and FieldType are ignored: TimeCamp
// cannot change them) and returns the template as TimeCamp now has it. A missing template (404)
// is ErrNotFound.
func (s *CustomFieldsService) ModifyTemplate(ctx context.Context, id int64, in CustomFieldTemplateInput) (*CustomFieldTemplate, error) {
	defer s.invalidate()
	b, err := in.body(false)
	if err != nil {
		return nil, err
	}
	req := request{method: http.MethodPut, path: templatePath(id, "modify"), json: b, replayable: true}
	resp, err := s.c.do(ctx, req)
	if StatusCode(err) == http.StatusNotFound {
		return nil, notFound("custom field template", id, err)
	}
	if err != nil {
		return nil, err
	}
	var t CustomFieldTemplate
	if err := json.Unmarshal(v3Data(resp.body), &t); err != nil || t.ID == 0 {
		// A reply without the template: read it back rather than guess.
		s.invalidate()
		return s.GetTemplate(ctx, id)
	}
	return &t, nil
}

// RemoveTemplate deletes a template (its values go with it). A template already gone is
// ErrNotFound; removing is idempotent, so it may be replayed.
func (s *CustomFieldsService) RemoveTemplate(ctx context.Context, id int64) error {
	defer s.invalidate()
	_, err := s.c.do(ctx, request{method: http.MethodDelete, path: templatePath(id, "remove"), replayable: true})
	if StatusCode(err) == http.StatusNotFound {
		return notFound("custom field template", id, err)
	}
	return err
}

// GetValue reads the value in force of a template on one resource. No value in force is
// ErrNotFound, whichever way TimeCamp says it: 404, {"data": null} or [], or only a past value
// (endDate set). The 404 is ambiguous: the template may be gone too.
func (s *CustomFieldsService) GetValue(ctx context.Context, templateID, resourceID int64) (*CustomFieldValue, error) {
	if s.values.enabled {
		if v, ok, err := s.cachedValue(ctx, templateID, resourceID); ok || err != nil {
			return v, err
		}
	}
	return s.getValue(ctx, templateID, resourceID)
}

// cachedValue answers GetValue from the resource's value list (one request per resource, shared
// by every template). ok is false when the list cannot tell: a required field showing its default
// value may have no assignment at all, and an empty value may be no value; GetValue then asks.
func (s *CustomFieldsService) cachedValue(ctx context.Context, templateID, resourceID int64) (*CustomFieldValue, bool, error) {
	tpl, err := s.GetTemplate(ctx, templateID)
	if IsNotFound(err) {
		return nil, true, notFound("value of custom field", fmt.Sprintf("%d on resource %d", templateID, resourceID), err)
	}
	if err != nil {
		return nil, true, err
	}
	kind := string(tpl.ResourceType)
	rows, err := s.values.get(ctx, resourceKey{kind, resourceID}, func(ctx context.Context) ([]CustomFieldResourceValue, error) {
		return s.ListValues(ctx, kind, resourceID)
	})
	if err != nil {
		return nil, false, nil //nolint:nilerr // not cached (e.g. a resource type the list refuses): the caller falls back to the single read, which reports any error
	}
	for _, row := range rows {
		if int64(row.TemplateID) != templateID {
			continue
		}
		switch {
		case !row.Value.Valid:
			return nil, true, notFound("value of custom field", fmt.Sprintf("%d on resource %d", templateID, resourceID), nil)
		case row.Value.Value == "", bool(tpl.Required) && row.DefaultValue.Valid && row.Value.Value == row.DefaultValue.Value:
			return nil, false, nil
		}
		return &CustomFieldValue{TemplateID: row.TemplateID, ResourceID: Int(resourceID), ResourceType: row.ResourceType,
			Required: row.Required, Value: row.Value, FieldType: row.FieldType}, true, nil
	}
	return nil, false, nil // not listed: let the single read decide
}

func (s *CustomFieldsService) getValue(ctx context.Context, templateID, resourceID int64) (*CustomFieldValue, error) {
	req := request{method: http.MethodGet, path: valuePath(templateID, "value", resourceID), replayable: true}
	resp, err := s.c.do(ctx, req)
	what := fmt.Sprintf("%d on resource %d", templateID, resourceID)
	if StatusCode(err) == http.StatusNotFound {
		return nil, notFound("value of custom field", what, err)
	}
	if err != nil {
		return nil, err
	}
	data := v3Data(resp.body)
	if isEmptyCollection(data) {
		return nil, notFound("value of custom field", what, nil)
	}
	var v *CustomFieldValue
	if err := decodeJSON(req, data, &v); err != nil {
		return nil, err
	}
	if v == nil || !v.Current() {
		return nil, notFound("value of custom field", what, nil)
	}
	return v, nil
}

// ListValues returns every template of resourceType with its value on one resource.
func (s *CustomFieldsService) ListValues(ctx context.Context, resourceType string, resourceID int64) ([]CustomFieldResourceValue, error) {
	req := request{method: http.MethodGet, replayable: true,
		path: fmt.Sprintf("%s/values/resource/%d/type/%s", customFieldsPath, resourceID, resourceType)}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	out := []CustomFieldResourceValue{}
	if data := v3Data(resp.body); !isEmptyCollection(data) {
		if err := decodeJSON(req, data, &out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Assign sets the value of a template on a resource: TimeCamp closes the value in force (it gets an
// end date) and starts a new one, so assigning is an upsert. Replaying it adds one more history
// row with the same value, which leaves the value in force right, so it may be replayed. A 404 is
// ErrNotFound (the template or the resource); a value the field refuses is a 400 *APIError.
func (s *CustomFieldsService) Assign(ctx context.Context, templateID, resourceID int64, value string) (*CustomFieldValue, error) {
	defer s.values.invalidate() // templates do not change
	req := request{method: http.MethodPost, path: valuePath(templateID, "assign", resourceID),
		json: body{"value": value}, replayable: true}
	resp, err := s.c.do(ctx, req)
	if StatusCode(err) == http.StatusNotFound {
		return nil, notFound("custom field template or resource", fmt.Sprintf("%d/%d", templateID, resourceID), err)
	}
	if err != nil {
		return nil, err
	}
	var v *CustomFieldValue
	if err := json.Unmarshal(v3Data(resp.body), &v); err != nil || v == nil || v.ID == 0 || !v.Current() {
		return s.getValue(ctx, templateID, resourceID) // the reply is not the assignment: read it
	}
	return v, nil
}

// Unassign ends the value in force. Its reply (the closed assignment, or {"data":"ok"}) is
// ignored. Nothing in force (404) is ErrNotFound; unassigning is idempotent, so it may be replayed.
func (s *CustomFieldsService) Unassign(ctx context.Context, templateID, resourceID int64) error {
	defer s.values.invalidate() // templates do not change
	_, err := s.c.do(ctx, request{method: http.MethodDelete, path: valuePath(templateID, "unassign", resourceID), replayable: true})
	if StatusCode(err) == http.StatusNotFound {
		return notFound("value of custom field", fmt.Sprintf("%d on resource %d", templateID, resourceID), err)
	}
	return err
}

func templatePath(id int64, op string) string {
	return customFieldsPath + "/template/" + strconv.FormatInt(id, 10) + "/" + op
}

func valuePath(templateID int64, op string, resourceID int64) string {
	return fmt.Sprintf("%s/%d/%s/%d", customFieldsPath, templateID, op, resourceID)
}

// v3Data returns the "data" member of a v3 reply ({"data": ...}), or the whole body when it is not
// wrapped that way (as in some clients' mocks).
func v3Data(raw []byte) []byte {
	t := bytes.TrimSpace(raw)
	if len(t) == 0 || t[0] != '{' {
		return t
	}
	var wrapped map[string]json.RawMessage
	if err := json.Unmarshal(t, &wrapped); err != nil {
		return t
	}
	if data, ok := wrapped["data"]; ok {
		return data
	}
	return t
}
