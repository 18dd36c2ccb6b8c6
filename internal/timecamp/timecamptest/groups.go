package timecamptest

import (
	"net/http"
	"sort"
)

// Group messages, as TimeCamp words them (SPEC §4).
const (
	msgGroupCannotChange = "You can not change this group"
	msgGroupCannotRemove = "You can not remove this group"
	msgGroupTooDeep      = "You can create groups only up to level 4"
	msgGroupFields       = "You must send valid group fields to change: name, parent_id"
	// No source quotes the create-without-name text; this one follows the task wording.
	msgGroupNameRequired = "You must provide a name for the group with post field: name"
)

// GET /group (SPEC §4.1): an array, every value a string.
func handleGroupList(e *Emulator, _ *apiRequest) reply {
	a := e.acct
	ids := make([]int64, 0, len(a.groups))
	for id := range a.groups {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	out := make([]any, 0, len(ids))
	for _, id := range ids {
		g := a.groups[id]
		out = append(out, object{
			{"group_id", str(g.ID)},
			{"name", g.Name},
			{"parent_id", str(g.ParentID)},
		})
	}
	return jsonReply(http.StatusOK, out)
}

// PUT /group creates a group (SPEC §4.2).
//
// parent_id absent (or null, or "") means "under the root group" (OLD
// documents it as optional); an explicit 0 asks for a second root, which TimeCamp forbids, so
// it gets the same 403 as any group the caller cannot change.
func handleGroupCreate(e *Emulator, r *apiRequest) reply {
	a := e.acct
	name := r.get("name")
	if name.isEmpty() {
		return messageReply(http.StatusBadRequest, msgGroupNameRequired)
	}
	nameText, err := name.text()
	if err != nil {
		return badRequest(err)
	}
	parentID := a.rootGroupID
	if p := r.get("parent_id"); !p.isEmpty() {
		if parentID, err = p.int(); err != nil {
			return badRequest(err)
		}
	}
	if _, ok := a.groups[parentID]; !ok {
		return messageReply(http.StatusForbidden, msgGroupCannotChange)
	}
	if a.groupLevel(parentID)+1 > maxGroupLevel {
		return messageReply(http.StatusNotFound, msgGroupTooDeep)
	}
	g := &GroupRecord{ID: a.newID(&a.next.Group), ParentID: parentID, Name: nameText}
	a.groups[g.ID] = g
	e.changed()
	return jsonReply(http.StatusOK, object{
		{"group_id", str(g.ID)},
		{"name", g.Name},
		{"admin_id", "0"},
		{"parent_id", str(g.ParentID)},
		{"root_group_id", str(a.rootGroupID)},
	})
}

// POST /group updates a group's name and/or parent (SPEC §4.3). 200 with an
// empty body. A missing group, a move of the root, under a missing group, or
// under the group itself or one of its descendants: 403 "You can not change
// this group". A move that would push the subtree below level 4: 404, the
// same text as for a create that is too deep.
func handleGroupUpdate(e *Emulator, r *apiRequest) reply {
	a := e.acct
	hasName, hasParent := r.has("name"), r.has("parent_id")
	if !hasName && !hasParent {
		return messageReply(http.StatusBadRequest, msgGroupFields)
	}
	var name string
	if hasName {
		p := r.get("name")
		if p.isEmpty() {
			return messageReply(http.StatusBadRequest, msgGroupFields)
		}
		var err error
		if name, err = p.text(); err != nil {
			return badRequest(err)
		}
	}
	id, err := r.get("group_id").int()
	if err != nil {
		return badRequest(err)
	}
	g, ok := a.groups[id]
	if !ok {
		return messageReply(http.StatusForbidden, msgGroupCannotChange)
	}
	parentID := g.ParentID
	if hasParent {
		if parentID, err = r.get("parent_id").int(); err != nil {
			return badRequest(err)
		}
	}
	if parentID != g.ParentID {
		if g.ID == a.rootGroupID {
			return messageReply(http.StatusForbidden, msgGroupCannotChange)
		}
		if _, ok := a.groups[parentID]; !ok || a.groupIsUnder(parentID, g.ID) {
			return messageReply(http.StatusForbidden, msgGroupCannotChange)
		}
		if a.groupLevel(parentID)+a.groupHeight(g.ID) > maxGroupLevel {
			return messageReply(http.StatusNotFound, msgGroupTooDeep)
		}
	}
	if hasName && name != g.Name {
		g.Name = name
		e.changed()
	}
	if parentID != g.ParentID {
		g.ParentID = parentID
		e.changed()
	}
	return emptyReply(http.StatusOK)
}

// DELETE /group with body {"group_id"} (SPEC §4.4): 200 with an empty body.
// Subgroups move to the root group, and so do the group's users. The root
// group, or a missing group: 403 "You can not remove this group".
func handleGroupDelete(e *Emulator, r *apiRequest) reply {
	a := e.acct
	id, err := r.get("group_id").int()
	if err != nil {
		return badRequest(err)
	}
	if _, ok := a.groups[id]; !ok || id == a.rootGroupID {
		return messageReply(http.StatusForbidden, msgGroupCannotRemove)
	}
	for _, g := range a.groups {
		if g.ParentID == id {
			g.ParentID = a.rootGroupID
		}
	}
	for _, u := range a.users {
		if u.GroupID == id {
			u.GroupID = a.rootGroupID
		}
	}
	delete(a.groups, id)
	e.changed()
	return emptyReply(http.StatusOK)
}
