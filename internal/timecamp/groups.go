package timecamp

import (
	"context"
	"net/http"
	"strconv"
)

// Group is one node of the account's group (department) tree (SPEC §4). The root has ParentID 0.
type Group struct {
	GroupID     Int    `json:"group_id"`
	Name        String `json:"name"`
	ParentID    Int    `json:"parent_id"`
	AdminID     Int    `json:"admin_id"`
	RootGroupID Int    `json:"root_group_id"`
}

// GroupsService manages groups. TimeCamp has no read of one group: every read lists the tree.
type GroupsService struct {
	c     *Client
	cache snapshot[[]Group]
}

// List returns every group of the account.
func (s *GroupsService) List(ctx context.Context) ([]Group, error) {
	groups, err := s.cache.get(ctx, s.load)
	return append([]Group(nil), groups...), err
}

func (s *GroupsService) load(ctx context.Context) ([]Group, error) {
	req := request{method: http.MethodGet, path: "/group", replayable: true}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	var groups Keyed[Group]
	if err := decodeJSON(req, resp.body, &groups); err != nil {
		return nil, err
	}
	list := groups.Values()
	return list, requireIDs(req, resp.body, list, func(g *Group) Int { return g.GroupID })
}

// Get finds one group in the list; a missing group is ErrNotFound.
func (s *GroupsService) Get(ctx context.Context, id int64) (*Group, error) {
	groups, err := s.List(ctx)
	if err != nil {
		return nil, err
	}
	for i := range groups {
		if int64(groups[i].GroupID) == id {
			return &groups[i], nil
		}
	}
	return nil, notFound("group", id, nil)
}

// Create makes a group under parentID (PUT creates, in TimeCamp). It is never replayed after it
// may have reached TimeCamp; the transient 403 TimeCamp answers shortly after other group changes
// (SPEC §1.8) created nothing, and is retried (RetryPolicy.LockedDelay; IsGroupLocked after that).
func (s *GroupsService) Create(ctx context.Context, name string, parentID int64) (*Group, error) {
	defer s.cache.invalidate()
	req := request{method: http.MethodPut, path: "/group", json: body{"name": name, "parent_id": parentID}, lockedRetry: true}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	var g Group
	if err := decodeJSON(req, resp.body, &g); err != nil {
		return nil, err
	}
	if g.GroupID == 0 {
		return nil, &DecodeError{Method: req.method, Path: req.path, Body: abbreviate(resp.body), Err: errMissingID}
	}
	return &g, nil
}

// GroupUpdate names what to change; unset fields are left alone.
type GroupUpdate struct {
	Name     Field[string]
	ParentID Field[int64]
}

// Update changes a group. TimeCamp answers with an empty body, so callers read the group back.
// A group that no longer exists is ErrNotFound (TimeCamp says 403 for it, as for a refusal, so
// the list is consulted to tell the two apart).
func (s *GroupsService) Update(ctx context.Context, id int64, u GroupUpdate) error {
	defer s.cache.invalidate() // after the write: a read during it must not be kept
	b := body{"group_id": id}
	putField(b, "name", u.Name, nil)
	putField(b, "parent_id", u.ParentID, func(v int64) any { return strconv.FormatInt(v, 10) })
	_, err := s.c.do(ctx, request{method: http.MethodPost, path: "/group", json: b, replayable: true})
	return s.explainForbidden(ctx, id, err)
}

// Delete removes a group; its subgroups move under the root group. A group that is already gone
// is ErrNotFound.
func (s *GroupsService) Delete(ctx context.Context, id int64) error {
	defer s.cache.invalidate()   // after the write: a read during it must not be kept
	defer s.c.Users.invalidate() // TimeCamp moves the group's people to the root group
	_, err := s.c.do(ctx, request{method: http.MethodDelete, path: "/group", json: body{"group_id": id}, replayable: true})
	return s.explainForbidden(ctx, id, err)
}

// explainForbidden turns a 403 for a group that does not exist into ErrNotFound.
func (s *GroupsService) explainForbidden(ctx context.Context, id int64, err error) error {
	if err == nil || StatusCode(err) != http.StatusForbidden {
		return err
	}
	if _, getErr := s.Get(ctx, id); IsNotFound(getErr) {
		return notFound("group", id, err)
	}
	return err
}
