package timecamptest

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"
)

// createTagList returns the bare id a POST /tag_list answers.
func (a *api) createTagList(name string) string {
	a.t.Helper()
	r := a.json(http.MethodPost, "/tag_list", map[string]any{"name": name}).expect(a.t, http.StatusOK, "")
	if _, err := strconv.ParseInt(string(r.body), 10, 64); err != nil {
		a.t.Fatalf("POST /tag_list body %q is not a bare integer", r.body)
	}
	return string(r.body)
}

func (a *api) createTag(list any, name string) string {
	a.t.Helper()
	r := a.json(http.MethodPost, "/tag", map[string]any{"list": list, "name": name}).expect(a.t, http.StatusOK, "")
	if _, err := strconv.ParseInt(string(r.body), 10, 64); err != nil {
		a.t.Fatalf("POST /tag body %q is not a bare integer", r.body)
	}
	return string(r.body)
}

func TestTagListCreateAndGet(t *testing.T) {
	a := newAPI(t, Options{})
	l := a.createTagList("Activities")
	if n, _ := strconv.ParseInt(l, 10, 64); n < firstTagListID {
		t.Fatalf("tag list id %s not from its range", l)
	}

	// No tags yet: "tags" is [] (tags default to 1 on this endpoint).
	a.get("/tag_list/"+l).expect(t, http.StatusOK, `{"id":"`+l+`","name":"Activities","archived":"0","tags":[]}`)
	a.get("/tag_list/"+l+"?tags=0").expect(t, http.StatusOK, `{"id":"`+l+`","name":"Activities","archived":"0"}`)

	tag := a.createTag(l, "Meetings") // list as a string
	lid, _ := strconv.ParseInt(l, 10, 64)
	tag2 := a.createTag(lid, "Coding") // list as a number
	o := decodeObject(t, a.get("/tag_list/"+l).expect(t, http.StatusOK, "").body)
	tags := o["tags"].(map[string]any)
	requireKeys(t, tags, tag, tag2)
	tg := tags[tag].(map[string]any)
	requireKeys(t, tg, "id", "name", "archived", "hasGroupRestrictions")
	requireStrings(t, tg, "id", "name", "archived", "hasGroupRestrictions")
	if tg["name"] != "Meetings" || tg["archived"] != "0" || tg["hasGroupRestrictions"] != "0" {
		t.Fatalf("tag = %v", tg)
	}

	r := a.get("/tag_list/"+l+"/tags").expect(t, http.StatusOK, "")
	requireKeys(t, decodeObject(t, r.body), tag, tag2)

	// Missing lists: 200 with [] everywhere.
	a.get("/tag_list/1").expect(t, http.StatusOK, "[]")
	a.get("/tag_list/abc").expect(t, http.StatusOK, "[]")
	a.get("/tag_list/1/tags").expect(t, http.StatusOK, "[]")
	empty := a.createTagList("Empty")
	a.get("/tag_list/"+empty+"/tags").expect(t, http.StatusOK, "[]")
}

func TestTagListCreateErrors(t *testing.T) {
	a := newAPI(t, Options{})
	const msg = "You can't create new tag list. Name is empty."
	a.json(http.MethodPost, "/tag_list", map[string]any{}).expectMessage(t, http.StatusBadRequest, msg)
	a.json(http.MethodPost, "/tag_list", map[string]any{"name": "  "}).expectMessage(t, http.StatusBadRequest, msg)
	a.get("/tag_list?archived=all").expect(t, http.StatusOK, "[]")
}

func TestTagListArchivedFilter(t *testing.T) {
	a := newAPI(t, Options{})
	live := a.createTagList("Live")
	old := a.createTagList("Old")
	a.json(http.MethodPut, "/tag_list/"+old, map[string]any{"archived": 1}).expect(t, http.StatusOK, `{"message":"OK"}`)

	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"", []string{live}}, // absent: not archived only (the documented default 0)
		{"?archived=0", []string{live}},
		{"?archived=1", []string{old}},
		{"?archived=", []string{live, old}},
		{"?archived=all", []string{live, old}},
	} {
		r := a.get("/tag_list"+tc.query).expect(t, http.StatusOK, "")
		list := decodeObject(t, r.body)
		requireKeys(t, list, tc.want...)
		for _, id := range tc.want {
			item := list[id].(map[string]any)
			requireKeys(t, item, "id", "name", "archived") // no "tags" without tags=1
			requireStrings(t, item, "id", "name", "archived")
		}
	}
	// An archived list is still readable by id.
	if o := decodeObject(t, a.get("/tag_list/"+old).body); o["archived"] != "1" {
		t.Fatalf("archived list by id = %v", o)
	}
	// Restore.
	a.form(http.MethodPut, "/tag_list/"+old, url.Values{"archived": {"0"}}).expect(t, http.StatusOK, `{"message":"OK"}`)
	requireKeys(t, decodeObject(t, a.get("/tag_list").body), live, old)
}

func TestTagListWithTags(t *testing.T) {
	a := newAPI(t, Options{})
	full := a.createTagList("Full")
	empty := a.createTagList("Empty")
	tag := a.createTag(full, "T1")
	gone := a.createTag(full, "T2")
	a.json(http.MethodPut, "/tag/"+gone, map[string]any{"archived": "1"}).expect(t, http.StatusOK, `{"message":"OK"}`)

	// tags=1 drops lists without tags by default (exclude_empty_tag_lists=1).
	list := decodeObject(t, a.get("/tag_list?tags=1").expect(t, http.StatusOK, "").body)
	requireKeys(t, list, full)
	requireKeys(t, list[full].(map[string]any)["tags"].(map[string]any), tag)

	list = decodeObject(t, a.get("/tag_list?tags=1&exclude_empty_tag_lists=0").expect(t, http.StatusOK, "").body)
	requireKeys(t, list, full, empty)
	if e, ok := list[empty].(map[string]any)["tags"].([]any); !ok || len(e) != 0 {
		t.Fatalf("empty list tags = %#v, want []", list[empty].(map[string]any)["tags"])
	}
	// exclude_empty_tag_lists alone has no effect without tags=1.
	requireKeys(t, decodeObject(t, a.get("/tag_list?exclude_empty_tag_lists=1").body), full, empty)

	// The archived filter applies to the tags inside too.
	o := decodeObject(t, a.get("/tag_list/"+full+"?archived=all").body)
	requireKeys(t, o["tags"].(map[string]any), tag, gone)
	o = decodeObject(t, a.get("/tag_list/"+full+"?archived=1").body)
	requireKeys(t, o["tags"].(map[string]any), gone)
}

func TestTagListUpdate(t *testing.T) {
	a := newAPI(t, Options{})
	l := a.createTagList("A")
	a.json(http.MethodPut, "/tag_list/"+l, map[string]any{"name": "B"}).expect(t, http.StatusOK, `{"message":"OK"}`)
	if o := decodeObject(t, a.get("/tag_list/"+l).body); o["name"] != "B" {
		t.Fatalf("after rename: %v", o)
	}
	a.json(http.MethodPut, "/tag_list/1", map[string]any{"name": "B"}).expectMessage(t, http.StatusBadRequest, "Tag list does not exist.")
	a.json(http.MethodPut, "/tag_list/x", map[string]any{"name": "B"}).expectMessage(t, http.StatusBadRequest, "Tag list does not exist.")
	a.json(http.MethodPut, "/tag_list/"+l, map[string]any{"archived": 7}).expectMessage(t, http.StatusBadRequest, "Bad request.")
}

func TestTagCreateGetUpdate(t *testing.T) {
	a := newAPI(t, Options{})
	l := a.createTagList("L")
	tag := a.createTag(l, "First tag")
	if n, _ := strconv.ParseInt(tag, 10, 64); n < firstTagID {
		t.Fatalf("tag id %s not from its range", tag)
	}
	a.get("/tag/"+tag).expect(t, http.StatusOK,
		`{"id":"`+tag+`","name":"First tag","archived":"0","tagListId":"`+l+`","hasGroupRestrictions":"0"}`)

	a.json(http.MethodPut, "/tag/"+tag, map[string]any{"name": "Renamed", "archived": true}).expect(t, http.StatusOK, `{"message":"OK"}`)
	o := decodeObject(t, a.get("/tag/"+tag).body)
	if o["name"] != "Renamed" || o["archived"] != "1" {
		t.Fatalf("after update: %v", o)
	}

	a.get("/tag/1").expectMessage(t, http.StatusBadRequest, "Tag does not exist.")
	a.json(http.MethodPut, "/tag/123", map[string]any{"name": "x"}).expectMessage(t, http.StatusBadRequest, "Tag with id 123 not found")
	a.json(http.MethodPost, "/tag", map[string]any{"list": 1, "name": "x"}).expectMessage(t, http.StatusBadRequest, "Tag list does not exist.")
	a.json(http.MethodPost, "/tag", map[string]any{"name": "x"}).expectMessage(t, http.StatusBadRequest, "Tag list does not exist.")
	a.json(http.MethodPost, "/tag", map[string]any{"list": l, "name": ""}).
		expectMessage(t, http.StatusBadRequest, "You can't create new tag list. Name is empty.")
	a.json(http.MethodPost, "/tag/"+tag, map[string]any{"list": l, "name": "x"}).expectMessage(t, http.StatusBadRequest, "Bad request.")
	// No DELETE for tags or tag lists.
	a.send(http.MethodDelete, "/tag/"+tag, "", "").expectMessage(t, http.StatusNotFound, "Not found")
	a.send(http.MethodDelete, "/tag_list/"+l, "", "").expectMessage(t, http.StatusNotFound, "Not found")
	requireKeys(t, decodeObject(t, a.get("/tag_list/"+l+"/tags?archived=all").body), tag)
}
