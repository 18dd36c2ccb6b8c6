package timecamptest

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"
)

func (a *api) groups() []map[string]any {
	a.t.Helper()
	r := a.get("/group").expect(a.t, http.StatusOK, "")
	list, ok := decode(a.t, r.body).([]any)
	if !ok {
		a.t.Fatalf("GET /group is not an array: %s", r.body)
	}
	out := make([]map[string]any, len(list))
	for i, g := range list {
		out[i] = g.(map[string]any)
		requireKeys(a.t, out[i], "group_id", "name", "parent_id")
		requireStrings(a.t, out[i], "group_id", "name", "parent_id")
	}
	return out
}

func (a *api) group(id string) map[string]any {
	for _, g := range a.groups() {
		if g["group_id"] == id {
			return g
		}
	}
	return nil
}

func (a *api) createGroup(name string, parent any) string {
	a.t.Helper()
	r := a.json(http.MethodPut, "/group", map[string]any{"name": name, "parent_id": parent}).expect(a.t, http.StatusOK, "")
	return decodeObject(a.t, r.body)["group_id"].(string)
}

func TestGroupListStartsWithRoot(t *testing.T) {
	a := newAPI(t, Options{})
	root := strconv.FormatInt(a.srv.RootGroupID(), 10)
	gs := a.groups()
	if len(gs) != 1 || gs[0]["group_id"] != root || gs[0]["name"] != "Organisation" || gs[0]["parent_id"] != "0" {
		t.Fatalf("fresh account groups = %v", gs)
	}
}

func TestGroupCreateShape(t *testing.T) {
	a := newAPI(t, Options{})
	root := strconv.FormatInt(a.srv.RootGroupID(), 10)
	// parent_id as a number (TS style).
	r := a.json(http.MethodPut, "/group", map[string]any{"name": "People & Co", "parent_id": a.srv.RootGroupID()}).expect(t, http.StatusOK, "")
	o := decodeObject(t, r.body)
	requireKeys(t, o, "group_id", "name", "admin_id", "parent_id", "root_group_id")
	requireStrings(t, o, "group_id", "name", "admin_id", "parent_id", "root_group_id")
	if o["name"] != "People & Co" || o["parent_id"] != root || o["root_group_id"] != root || o["admin_id"] != "0" {
		t.Fatalf("create reply = %v", o)
	}
	// parent_id as a string (SCIM style) and parent_id absent both land under a parent.
	child := a.createGroup("Dev", o["group_id"])
	if g := a.group(child); g["parent_id"] != o["group_id"] {
		t.Fatalf("child = %v", g)
	}
	for _, body := range []map[string]any{{"name": "Default"}, {"name": "Null", "parent_id": nil}, {"name": "Blank", "parent_id": ""}} {
		r = a.json(http.MethodPut, "/group", body).expect(t, http.StatusOK, "")
		if p := decodeObject(t, r.body)["parent_id"]; p != root {
			t.Fatalf("%v: created under %v, want the root %s", body, p, root)
		}
	}
}

func TestGroupCreateErrors(t *testing.T) {
	a := newAPI(t, Options{})
	a.json(http.MethodPut, "/group", map[string]any{"parent_id": a.srv.RootGroupID()}).
		expectMessage(t, http.StatusBadRequest, msgGroupNameRequired)
	a.json(http.MethodPut, "/group", map[string]any{"name": "", "parent_id": a.srv.RootGroupID()}).
		expectMessage(t, http.StatusBadRequest, msgGroupNameRequired)
	a.json(http.MethodPut, "/group", map[string]any{"name": "x", "parent_id": 999}).
		expectMessage(t, http.StatusForbidden, "You can not change this group")
	// A second root is not allowed.
	a.json(http.MethodPut, "/group", map[string]any{"name": "x", "parent_id": 0}).
		expectMessage(t, http.StatusForbidden, "You can not change this group")
	if n := len(a.groups()); n != 1 {
		t.Fatalf("%d groups after failed creates, want 1", n)
	}
}

func TestGroupDepthLimit(t *testing.T) {
	a := newAPI(t, Options{})
	l2 := a.createGroup("L2", a.srv.RootGroupID())
	l3 := a.createGroup("L3", l2)
	l4 := a.createGroup("L4", l3)
	a.json(http.MethodPut, "/group", map[string]any{"name": "L5", "parent_id": l4}).
		expectMessage(t, http.StatusNotFound, "You can create groups only up to level 4")
	if n := len(a.groups()); n != 4 {
		t.Fatalf("%d groups, want 4 (the 5th level must not be created)", n)
	}

	// Moving a two-level subtree under level 3 would put its leaf at level 5.
	other := a.createGroup("Other", a.srv.RootGroupID()) // level 2
	otherChild := a.createGroup("Other child", other)    // level 3
	a.json(http.MethodPost, "/group", map[string]any{"group_id": other, "parent_id": l3}).
		expectMessage(t, http.StatusNotFound, "You can create groups only up to level 4")
	if g := a.group(other); g["parent_id"] != strconv.FormatInt(a.srv.RootGroupID(), 10) {
		t.Fatalf("refused move changed the group: %v", g)
	}
	// Moving the leaf alone under level 3 is fine (it becomes level 4).
	a.json(http.MethodPost, "/group", map[string]any{"group_id": otherChild, "parent_id": l3}).expectEmpty(t, http.StatusOK)
}

func TestGroupUpdate(t *testing.T) {
	a := newAPI(t, Options{})
	g := a.createGroup("Old", a.srv.RootGroupID())
	h := a.createGroup("H", a.srv.RootGroupID())
	gChild := a.createGroup("G child", g)

	// Rename: 200 with an empty body.
	a.json(http.MethodPost, "/group", map[string]any{"group_id": g, "name": "New"}).expectEmpty(t, http.StatusOK)
	if got := a.group(g); got["name"] != "New" {
		t.Fatalf("after rename: %v", got)
	}
	// Move with a form body and parent_id as a string.
	a.form(http.MethodPost, "/group", url.Values{"group_id": {g}, "parent_id": {h}}).expectEmpty(t, http.StatusOK)
	if got := a.group(g); got["parent_id"] != h || got["name"] != "New" {
		t.Fatalf("after move: %v", got)
	}

	a.json(http.MethodPost, "/group", map[string]any{"group_id": g}).
		expectMessage(t, http.StatusBadRequest, "You must send valid group fields to change: name, parent_id")
	a.json(http.MethodPost, "/group", map[string]any{"group_id": 1, "name": "x"}).
		expectMessage(t, http.StatusForbidden, "You can not change this group")
	// Under itself or its own descendant: refused, nothing changes.
	a.json(http.MethodPost, "/group", map[string]any{"group_id": g, "parent_id": gChild}).
		expectMessage(t, http.StatusForbidden, "You can not change this group")
	a.json(http.MethodPost, "/group", map[string]any{"group_id": g, "parent_id": g}).
		expectMessage(t, http.StatusForbidden, "You can not change this group")
	// The root cannot move, but it can be renamed.
	root := a.srv.RootGroupID()
	a.json(http.MethodPost, "/group", map[string]any{"group_id": root, "parent_id": h}).
		expectMessage(t, http.StatusForbidden, "You can not change this group")
	a.json(http.MethodPost, "/group", map[string]any{"group_id": root, "name": "Acme"}).expectEmpty(t, http.StatusOK)
	if got := a.group(g); got["parent_id"] != h {
		t.Fatalf("refused moves changed the group: %v", got)
	}
}

func TestGroupDeleteReparentsToRoot(t *testing.T) {
	a := newAPI(t, Options{})
	root := strconv.FormatInt(a.srv.RootGroupID(), 10)
	mid := a.createGroup("Mid", root)
	c1 := a.createGroup("C1", mid)
	c2 := a.createGroup("C2", mid)
	grand := a.createGroup("Grand", c1)

	// The body goes with DELETE; the id as a number.
	id, _ := strconv.ParseInt(mid, 10, 64)
	a.json(http.MethodDelete, "/group", map[string]any{"group_id": id}).expectEmpty(t, http.StatusOK)
	if a.group(mid) != nil {
		t.Fatal("deleted group still listed")
	}
	for _, c := range []string{c1, c2} {
		if g := a.group(c); g["parent_id"] != root {
			t.Fatalf("child %s after delete: %v, want parent %s", c, g, root)
		}
	}
	if g := a.group(grand); g["parent_id"] != c1 {
		t.Fatalf("grandchild must stay under its parent: %v", g)
	}

	a.json(http.MethodDelete, "/group", map[string]any{"group_id": mid}).
		expectMessage(t, http.StatusForbidden, "You can not remove this group")
	a.json(http.MethodDelete, "/group", map[string]any{"group_id": root}).
		expectMessage(t, http.StatusForbidden, "You can not remove this group")
	// A form body on DELETE works too (id as a string).
	a.form(http.MethodDelete, "/group", url.Values{"group_id": {c2}}).expectEmpty(t, http.StatusOK)
	if n := len(a.groups()); n != 3 {
		t.Fatalf("%d groups, want 3 (root, C1, Grand)", n)
	}
}
