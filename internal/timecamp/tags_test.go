package timecamp

import (
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"
)

func TestTagListGetEmptyArrayIsNotFound(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, `[]`)
	_, err := c.TagLists.Get(ctxT(t), 8)
	if !IsNotFound(err) {
		t.Fatalf("err = %v, want IsNotFound", err)
	}
	if r := s.requests()[0]; r.Method != http.MethodGet || r.Path != "/api/tag_list/8" {
		t.Errorf("sent %s %s, want GET /api/tag_list/8", r.Method, r.Path)
	}
}

func TestTagListGetDecodes(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, `{"id":"8","name":"My tag list","archived":"1","tags":{
		"14":{"id":"14","name":"Second","archived":"1","hasGroupRestrictions":"0"},
		"13":{"id":"13","name":"First tag","archived":"0","hasGroupRestrictions":"1"}}}`)
	list, err := c.TagLists.Get(ctxT(t), 8)
	if err != nil {
		t.Fatal(err)
	}
	if list.ID != 8 || list.Name != "My tag list" || !bool(list.Archived) {
		t.Errorf("list = %+v", list)
	}
	want := []Tag{
		{ID: 13, Name: "First tag", Archived: false, HasGroupRestrictions: true},
		{ID: 14, Name: "Second", Archived: true},
	}
	if got := list.Tags.Values(); !reflect.DeepEqual(got, want) {
		t.Errorf("tags = %+v, want %+v", got, want)
	}
	if q := s.requests()[0].Query; !strings.Contains(q, "tags=1") {
		t.Errorf("query %q: want tags=1", q)
	}
}

func TestTagListsListWithEmptyTags(t *testing.T) {
	// A list without tags carries "tags": [] (PHP's empty array), next to a list with keyed tags.
	c, s := stubClient(t, http.StatusOK, `{"3":{"id":"3","name":"Tags 1","archived":"0","tags":[]},
		"4":{"id":"4","name":"Tags 2","archived":"0","tags":{"13":{"id":"13","name":"a","archived":"0"}}}}`)
	lists, err := c.TagLists.List(ctxT(t), ActiveAndArchived)
	if err != nil {
		t.Fatal(err)
	}
	if len(lists) != 2 || lists[0].ID != 3 || len(lists[0].Tags) != 0 || lists[1].ID != 4 || len(lists[1].Tags) != 1 {
		t.Errorf("lists = %+v", lists)
	}
	q := s.requests()[0].Query
	for _, want := range []string{"tags=1", "exclude_empty_tag_lists=0", "archived=all"} {
		if !strings.Contains(q, want) {
			t.Errorf("query %q lacks %s", q, want)
		}
	}
}

func TestTagListsListArchivedFilterQuery(t *testing.T) {
	cases := map[ArchivedFilter]string{OnlyActive: "archived=0", OnlyArchived: "archived=1", ActiveAndArchived: "archived=all"}
	for filter, want := range cases {
		c, s := stubClient(t, http.StatusOK, `[]`)
		lists, err := c.TagLists.List(ctxT(t), filter)
		if err != nil || len(lists) != 0 {
			t.Errorf("filter %d: List = %v, %v; want empty", filter, lists, err)
		}
		if q := s.requests()[0].Query; !strings.Contains(q, want) {
			t.Errorf("filter %d: query %q lacks %s", filter, q, want)
		}
	}
}

func TestTagGet400DoesNotExistIsNotFound(t *testing.T) {
	c, s := stubClient(t, http.StatusBadRequest, `{"message":"Tag does not exist."}`)
	_, err := c.Tags.Get(ctxT(t), 13)
	if !IsNotFound(err) {
		t.Fatalf("err = %v, want IsNotFound", err)
	}
	if StatusCode(err) != http.StatusBadRequest {
		t.Errorf("StatusCode = %d, want the 400 kept in the chain", StatusCode(err))
	}
	if r := s.requests()[0]; r.Method != http.MethodGet || r.Path != "/api/tag/13" {
		t.Errorf("sent %s %s", r.Method, r.Path)
	}
}

func TestTagGetDecodes(t *testing.T) {
	c, _ := stubClient(t, http.StatusOK, `{"id":"13","name":"First tag","archived":"0","tagListId":"8","hasGroupRestrictions":"0"}`)
	tag, err := c.Tags.Get(ctxT(t), 13)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Tag{ID: 13, Name: "First tag", TagListID: 8}); *tag != want {
		t.Errorf("tag = %+v, want %+v", *tag, want)
	}
}

func TestTagUpdate400NotFoundIsNotFound(t *testing.T) {
	c, s := stubClient(t, http.StatusBadRequest, `{"message":"Tag with id 123 not found"}`)
	err := c.Tags.Update(ctxT(t), 123, Set("new"), Field[bool]{})
	if !IsNotFound(err) {
		t.Fatalf("err = %v, want IsNotFound", err)
	}
	r := s.requests()[0]
	if r.Method != http.MethodPut || r.Path != "/api/tag/123" {
		t.Errorf("sent %s %s, want PUT /api/tag/123", r.Method, r.Path)
	}
	if r.Body != `{"name":"new"}` {
		t.Errorf("body %s, want only the name", r.Body)
	}
}

func TestTagListUpdate400DoesNotExistIsNotFound(t *testing.T) {
	c, s := stubClient(t, http.StatusBadRequest, `{"message":"Tag list does not exist."}`)
	err := c.TagLists.Update(ctxT(t), 8, Field[string]{}, Set(true))
	if !IsNotFound(err) {
		t.Fatalf("err = %v, want IsNotFound", err)
	}
	if b := s.requests()[0].Body; b != `{"archived":1}` {
		t.Errorf("body %s, want archived as 1", b)
	}
}

func TestTag400OtherMessageStaysAPIError(t *testing.T) {
	c, _ := stubClient(t, http.StatusBadRequest, `{"message":"Bad request."}`)
	check := func(name string, err error) {
		t.Helper()
		var apiErr *APIError
		if IsNotFound(err) || !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusBadRequest || apiErr.Message != "Bad request." {
			t.Errorf("%s: err = %#v, want a plain 400 APIError that is not not-found", name, err)
		}
	}
	_, err := c.Tags.Get(ctxT(t), 13)
	check("Tags.Get", err)
	check("Tags.Update", c.Tags.Update(ctxT(t), 13, Set("x"), Field[bool]{}))
	check("TagLists.Update", c.TagLists.Update(ctxT(t), 8, Set("x"), Field[bool]{}))
	// 403 from an integration-owned tag is also no "not found".
	c403, _ := stubClient(t, http.StatusForbidden, `{"message":"You cannot edit tag from active integration"}`)
	if err := c403.Tags.Update(ctxT(t), 13, Set("x"), Field[bool]{}); IsNotFound(err) || StatusCode(err) != http.StatusForbidden {
		t.Errorf("403: err = %v, want a 403 that is not not-found", err)
	}
}

func TestTagListCreateBareIDs(t *testing.T) {
	for _, body := range []string{`15`, `"15"`, ` 15 `} {
		c, s := stubClient(t, http.StatusOK, body)
		id, err := c.TagLists.Create(ctxT(t), "My tag list")
		if err != nil || id != 15 {
			t.Errorf("reply %q: Create = %d, %v; want 15", body, id, err)
		}
		r := s.requests()[0]
		if r.Method != http.MethodPost || r.Path != "/api/tag_list" || r.Body != `{"name":"My tag list"}` {
			t.Errorf("sent %s %s %s", r.Method, r.Path, r.Body)
		}
	}
	c, _ := stubClient(t, http.StatusOK, `{"message":"OK"}`)
	var de *DecodeError
	if _, err := c.TagLists.Create(ctxT(t), "x"); !errors.As(err, &de) {
		t.Errorf("reply without id: err = %v, want a *DecodeError", err)
	}
}

func TestTagCreateBareIDsAndMissingList(t *testing.T) {
	for _, body := range []string{`16`, `"16"`} {
		c, s := stubClient(t, http.StatusOK, body)
		id, err := c.Tags.Create(ctxT(t), 8, "First tag")
		if err != nil || id != 16 {
			t.Errorf("reply %q: Create = %d, %v; want 16", body, id, err)
		}
		var b map[string]any
		if err := json.Unmarshal([]byte(s.requests()[0].Body), &b); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(b, map[string]any{"list": float64(8), "name": "First tag"}) {
			t.Errorf("body = %v", b)
		}
	}
	c, _ := stubClient(t, http.StatusBadRequest, `{"message":"Tag list does not exist."}`)
	if _, err := c.Tags.Create(ctxT(t), 8, "x"); !IsNotFound(err) {
		t.Errorf("missing list: err = %v, want IsNotFound", err)
	}
	c2, _ := stubClient(t, http.StatusBadRequest, `{"message":"You can't create new tag list. Name is empty."}`)
	if _, err := c2.Tags.Create(ctxT(t), 8, ""); IsNotFound(err) || StatusCode(err) != http.StatusBadRequest {
		t.Errorf("empty name: err = %v, want a plain 400", err)
	}
}
