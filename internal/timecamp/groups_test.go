package timecamp

import (
	"encoding/json"
	"io"
	"net/http"
	"reflect"
	"testing"
)

const groupListBody = `[{"group_id":"530222","name":"People","parent_id":"0"},
	{"group_id":"530223","name":"Dev","parent_id":"530222"}]`

func TestGroupsListStrings(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, groupListBody)
	groups, err := c.Groups.List(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	want := []Group{{GroupID: 530222, Name: "People"}, {GroupID: 530223, Name: "Dev", ParentID: 530222}}
	if !reflect.DeepEqual(groups, want) {
		t.Errorf("groups = %+v, want %+v", groups, want)
	}
	if r := s.requests()[0]; r.Method != http.MethodGet || r.Path != "/api/group" {
		t.Errorf("sent %s %s", r.Method, r.Path)
	}
	g, err := c.Groups.Get(ctxT(t), 530223)
	if err != nil || g.Name != "Dev" {
		t.Errorf("Get(530223) = %+v, %v", g, err)
	}
	if _, err := c.Groups.Get(ctxT(t), 1); !IsNotFound(err) {
		t.Errorf("Get(1) err = %v, want IsNotFound", err)
	}
}

func TestGroupsCreate(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, `{"group_id":"390673","name":"New","admin_id":"0","parent_id":"390672","root_group_id":"390672"}`)
	g, err := c.Groups.Create(ctxT(t), "New", 390672)
	if err != nil {
		t.Fatal(err)
	}
	if want := (Group{GroupID: 390673, Name: "New", ParentID: 390672, RootGroupID: 390672}); *g != want {
		t.Errorf("group = %+v, want %+v", *g, want)
	}
	r := s.requests()[0]
	if r.Method != http.MethodPut || r.Path != "/api/group" { // PUT creates, in TimeCamp
		t.Errorf("sent %s %s, want PUT /api/group", r.Method, r.Path)
	}
	var b map[string]any
	if err := json.Unmarshal([]byte(r.Body), &b); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(b, map[string]any{"name": "New", "parent_id": float64(390672)}) {
		t.Errorf("body = %v", b)
	}
}

// groupServer answers POST/DELETE /group with 403 (TimeCamp's answer for a missing group as well as
// a refusal) and GET /group with the list.
func groupServer(t *testing.T) (*Client, *stub) {
	t.Helper()
	s := newStub(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		w.Header().Set("Content-Type", "application/json")
		if r.Method == http.MethodGet {
			_, _ = io.WriteString(w, groupListBody)
			return
		}
		w.WriteHeader(http.StatusForbidden)
		_, _ = io.WriteString(w, `{"message":"You can not change this group"}`)
	})
	return newTestClient(t, s.base(), testToken, nil), s
}

func TestGroupsUpdateDelete403(t *testing.T) {
	ops := map[string]func(*Client, int64) error{
		"update": func(c *Client, id int64) error {
			return c.Groups.Update(ctxT(t), id, GroupUpdate{Name: Set("x")})
		},
		"delete": func(c *Client, id int64) error { return c.Groups.Delete(ctxT(t), id) },
	}
	for name, op := range ops {
		t.Run(name+" missing group is not found", func(t *testing.T) {
			c, _ := groupServer(t)
			err := op(c, 999)
			if !IsNotFound(err) {
				t.Fatalf("err = %v, want IsNotFound", err)
			}
			if StatusCode(err) != http.StatusForbidden {
				t.Errorf("StatusCode = %d, want the 403 kept in the chain", StatusCode(err))
			}
		})
		t.Run(name+" existing group stays 403", func(t *testing.T) {
			c, _ := groupServer(t)
			err := op(c, 530223)
			if err == nil || IsNotFound(err) || StatusCode(err) != http.StatusForbidden {
				t.Errorf("err = %v, want a 403 that is not not-found", err)
			}
		})
	}
}

func TestGroupsUpdateAndDeleteBodies(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, ``) // TimeCamp answers both with an empty body
	if err := c.Groups.Update(ctxT(t), 530223, GroupUpdate{Name: Set("Dev2"), ParentID: Set(int64(530222))}); err != nil {
		t.Fatal(err)
	}
	if err := c.Groups.Delete(ctxT(t), 530223); err != nil {
		t.Fatal(err)
	}
	reqs := s.requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	var upd, del map[string]any
	if err := json.Unmarshal([]byte(reqs[0].Body), &upd); err != nil {
		t.Fatal(err)
	}
	// parent_id goes as a string on update: OAS types it so and TimeCamp's client says "API expects string".
	if reqs[0].Method != http.MethodPost || !reflect.DeepEqual(upd, map[string]any{"group_id": float64(530223), "name": "Dev2", "parent_id": "530222"}) {
		t.Errorf("update sent %s %v", reqs[0].Method, upd)
	}
	if err := json.Unmarshal([]byte(reqs[1].Body), &del); err != nil {
		t.Fatalf("DELETE body %q: %v (a DELETE must carry its body)", reqs[1].Body, err)
	}
	if reqs[1].Method != http.MethodDelete || !reflect.DeepEqual(del, map[string]any{"group_id": float64(530223)}) {
		t.Errorf("delete sent %s %v", reqs[1].Method, del)
	}
}
