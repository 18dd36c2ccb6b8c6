package timecamptest

import (
	"fmt"
	"net/http"
	"strings"
)

// Tag and tag-list messages (SPEC §7). "Name is empty" says "tag list" for
// tags too: that is TimeCamp's text.
const (
	msgTagListMissing   = "Tag list does not exist."
	msgTagMissing       = "Tag does not exist."
	msgTagNameEmpty     = "You can't create new tag list. Name is empty."
	msgTagBadRequest    = "Bad request."
	msgOK               = "OK"
	hasGroupRestriction = "0" // group restrictions are not emulated (yet)
)

// archivedFilter reads the "archived" parameter of the tag list endpoints.
// SPEC §7.2 says: 0 = not archived (the default), 1 = only archived, "omit or
// null" = all. Omitting cannot mean both "the default" and "all", so:
//   - absent:                   only not archived (the default 0);
//   - 0 / "0" / false:          only not archived;
//   - 1 / "1" / true:           only archived;
//   - null, "", "null", "all":  all.
func archivedFilter(r *apiRequest) (func(archived bool) bool, error) {
	p := r.get("archived")
	if !p.present {
		return func(a bool) bool { return !a }, nil
	}
	if s, ok := p.raw.(string); p.raw == nil || ok && (strings.TrimSpace(s) == "" || strings.EqualFold(s, "all") || strings.EqualFold(s, "null")) {
		return func(bool) bool { return true }, nil
	}
	only, err := p.flag()
	if err != nil {
		return nil, err
	}
	return func(a bool) bool { return a == only }, nil
}

// flagParam reads an optional 0/1 query switch with a default.
func flagParam(r *apiRequest, name string, def bool) (bool, error) {
	p := r.get(name)
	if p.isEmpty() {
		return def, nil
	}
	return p.flag()
}

func tagObject(t *TagRecord) object {
	return object{
		{"id", str(t.ID)},
		{"name", t.Name},
		{"archived", flag(t.Archived)},
		{"hasGroupRestrictions", hasGroupRestriction},
	}
}

// tagsOf returns the tags of a list that pass the archived filter, keyed
// by id, or `[]` when there are none.
func (e *Emulator) tagsOf(listID int64, keep func(bool) bool) (any, int) {
	var ids []int64
	for _, t := range e.acct.tags {
		if t.TagListID == listID && keep(t.Archived) {
			ids = append(ids, t.ID)
		}
	}
	return keyedByID(ids, func(id int64) object { return tagObject(e.acct.tags[id]) }), len(ids)
}

func tagListObject(l *TagListRecord) object {
	return object{{"id", str(l.ID)}, {"name", l.Name}, {"archived", flag(l.Archived)}}
}

// GET /tag_list (SPEC §7.2): keyed by id, all strings, `[]` when empty.
// "archived" filters the lists, see archivedFilter; with tags=1 each list
// carries "tags" (filtered by the same "archived" value), and lists left
// without tags are dropped unless exclude_empty_tag_lists=0 (OLD's meaning,
// §14). use_restrictions and task_id are accepted and ignored.
func handleTagListList(e *Emulator, r *apiRequest) reply {
	keep, err := archivedFilter(r)
	if err != nil {
		return badRequest(err)
	}
	withTags, err := flagParam(r, "tags", false)
	if err != nil {
		return badRequest(err)
	}
	excludeEmpty, err := flagParam(r, "exclude_empty_tag_lists", true)
	if err != nil {
		return badRequest(err)
	}
	items := map[int64]object{}
	var ids []int64
	for _, l := range e.acct.tagLists {
		if !keep(l.Archived) {
			continue
		}
		o := tagListObject(l)
		if withTags {
			tags, n := e.tagsOf(l.ID, keep)
			if n == 0 && excludeEmpty {
				continue
			}
			o = append(o, member{"tags", tags})
		}
		items[l.ID] = o
		ids = append(ids, l.ID)
	}
	return jsonReply(http.StatusOK, keyedByID(ids, func(id int64) object { return items[id] }))
}

// GET /tag_list/{id} (SPEC §7.3): the list with its tags (tags=1 is the
// default here; "archived" filters only the tags). A missing list is a 200
// with the body `[]`.
func handleTagListGet(e *Emulator, r *apiRequest) reply {
	id, ok := r.pathID(1)
	l := e.acct.tagLists[id]
	if !ok || l == nil {
		return jsonReply(http.StatusOK, []any{})
	}
	keep, err := archivedFilter(r)
	if err != nil {
		return badRequest(err)
	}
	withTags, err := flagParam(r, "tags", true)
	if err != nil {
		return badRequest(err)
	}
	o := tagListObject(l)
	if withTags {
		tags, _ := e.tagsOf(l.ID, keep)
		o = append(o, member{"tags", tags})
	}
	return jsonReply(http.StatusOK, o)
}

// GET /tag_list/{id}/tags (SPEC §7.4): the tags keyed by id, or `[]` (also
// for a missing list).
func handleTagListTags(e *Emulator, r *apiRequest) reply {
	id, ok := r.pathID(1)
	if _, exists := e.acct.tagLists[id]; !ok || !exists {
		return jsonReply(http.StatusOK, []any{})
	}
	keep, err := archivedFilter(r)
	if err != nil {
		return badRequest(err)
	}
	tags, _ := e.tagsOf(id, keep)
	return jsonReply(http.StatusOK, tags)
}

// tagName reads a non-blank "name" (kept as sent).
func tagName(r *apiRequest) (string, reply, bool) {
	p := r.get("name")
	if p.isEmpty() {
		return "", messageReply(http.StatusBadRequest, msgTagNameEmpty), false
	}
	s, err := p.text()
	if err != nil {
		return "", badRequest(err), false
	}
	return s, reply{}, true
}

// POST /tag_list {"name"} (SPEC §7.5): 200 with the bare new id, e.g. `3000`.
func handleTagListCreate(e *Emulator, r *apiRequest) reply {
	a := e.acct
	name, rep, ok := tagName(r)
	if !ok {
		return rep
	}
	l := &TagListRecord{ID: a.newID(&a.next.TagList), Name: name}
	a.tagLists[l.ID] = l
	e.changed()
	return jsonReply(http.StatusOK, l.ID)
}

// PUT /tag_list/{id} name and/or archived (SPEC §7.6): 200 {"message":"OK"}.
// Missing: 400 "Tag list does not exist.".
func handleTagListUpdate(e *Emulator, r *apiRequest) reply {
	id, ok := r.pathID(1)
	l := e.acct.tagLists[id]
	if !ok || l == nil {
		return messageReply(http.StatusBadRequest, msgTagListMissing)
	}
	name, archived, rep, ok := tagChanges(r, l.Name, l.Archived)
	if !ok {
		return rep
	}
	if name != l.Name || archived != l.Archived {
		l.Name, l.Archived = name, archived
		e.changed()
	}
	return messageReply(http.StatusOK, msgOK)
}

// tagChanges reads the optional name and archived of a tag or tag list update.
func tagChanges(r *apiRequest, name string, archived bool) (string, bool, reply, bool) {
	if r.has("name") {
		n, rep, ok := tagName(r)
		if !ok {
			return "", false, rep, false
		}
		name = n
	}
	if r.has("archived") {
		a, err := r.get("archived").flag()
		if err != nil {
			return "", false, messageReply(http.StatusBadRequest, msgTagBadRequest), false
		}
		archived = a
	}
	return name, archived, reply{}, true
}

// POST /tag {"list","name"} (SPEC §7.7): 200 with the bare new id.
func handleTagCreate(e *Emulator, r *apiRequest) reply {
	a := e.acct
	listID, err := r.get("list").int()
	if err != nil || a.tagLists[listID] == nil {
		return messageReply(http.StatusBadRequest, msgTagListMissing)
	}
	name, rep, ok := tagName(r)
	if !ok {
		return rep
	}
	t := &TagRecord{ID: a.newID(&a.next.Tag), TagListID: listID, Name: name}
	a.tags[t.ID] = t
	e.changed()
	return jsonReply(http.StatusOK, t.ID)
}

// POST /tag/{id}: a tag id in the URL of a create is a 400 "Bad request.".
func handleTagCreateWithID(*Emulator, *apiRequest) reply {
	return messageReply(http.StatusBadRequest, msgTagBadRequest)
}

// GET /tag/{id} (SPEC §7.8): the tag with tagListId, all strings. Missing:
// 400 "Tag does not exist.".
func handleTagGet(e *Emulator, r *apiRequest) reply {
	id, ok := r.pathID(1)
	t := e.acct.tags[id]
	if !ok || t == nil {
		return messageReply(http.StatusBadRequest, msgTagMissing)
	}
	return jsonReply(http.StatusOK, object{
		{"id", str(t.ID)},
		{"name", t.Name},
		{"archived", flag(t.Archived)},
		{"tagListId", str(t.TagListID)},
		{"hasGroupRestrictions", hasGroupRestriction},
	})
}

// PUT /tag/{id} name and/or archived (SPEC §7.9): 200 {"message":"OK"}.
// Missing: 400 "Tag with id <id> not found".
func handleTagUpdate(e *Emulator, r *apiRequest) reply {
	id, ok := r.pathID(1)
	t := e.acct.tags[id]
	if !ok || t == nil {
		return messageReply(http.StatusBadRequest, fmt.Sprintf("Tag with id %s not found", r.segs[1]))
	}
	name, archived, rep, ok := tagChanges(r, t.Name, t.Archived)
	if !ok {
		return rep
	}
	if name != t.Name || archived != t.Archived {
		t.Name, t.Archived = name, archived
		e.changed()
	}
	return messageReply(http.StatusOK, msgOK)
}
