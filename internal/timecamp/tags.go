package timecamp

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// TagList groups tags (SPEC §7). TimeCamp cannot delete lists or tags: it archives them.
type TagList struct {
	ID       Int        `json:"id"`
	Name     String     `json:"name"`
	Archived Bool       `json:"archived"`
	Tags     Keyed[Tag] `json:"tags"`
}

// Tag is one tag of a list. TagListID is only sent by GET /tag/{id}.
type Tag struct {
	ID                   Int    `json:"id"`
	Name                 String `json:"name"`
	Archived             Bool   `json:"archived"`
	TagListID            Int    `json:"tagListId"`
	HasGroupRestrictions Bool   `json:"hasGroupRestrictions"`
}

// ArchivedFilter selects lists by state; TimeCamp hides archived lists unless asked.
type ArchivedFilter int

const (
	OnlyActive ArchivedFilter = iota
	OnlyArchived
	ActiveAndArchived
)

// TagListsService manages tag lists.
type TagListsService struct {
	c     *Client
	cache *tagSnapshot
}

// tagSnapshot holds every tag list with every tag, archived ones included. Lists and tags share it:
// one GET /tag_list refreshes both kinds.
type tagSnapshot = snapshot[[]TagList]

// loadAllTagLists reads every list and tag, archived ones included, for the snapshot.
func loadAllTagLists(c *Client) func(context.Context) ([]TagList, error) {
	return func(ctx context.Context) ([]TagList, error) { return c.TagLists.list(ctx, ActiveAndArchived) }
}

// List returns tag lists with their tags (empty lists included), ordered by id.
func (s *TagListsService) List(ctx context.Context, filter ArchivedFilter) ([]TagList, error) {
	if filter == ActiveAndArchived {
		lists, err := s.cache.get(ctx, loadAllTagLists(s.c))
		return append([]TagList(nil), lists...), err
	}
	return s.list(ctx, filter)
}

func (s *TagListsService) list(ctx context.Context, filter ArchivedFilter) ([]TagList, error) {
	q := url.Values{"tags": {"1"}, "exclude_empty_tag_lists": {"0"}}
	switch filter {
	case OnlyActive:
		q.Set("archived", "0")
	case OnlyArchived:
		q.Set("archived", "1")
	case ActiveAndArchived:
		q.Set("archived", "all")
	}
	req := request{method: http.MethodGet, path: "/tag_list", query: q, replayable: true}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	var lists Keyed[TagList]
	if err := decodeJSON(req, resp.body, &lists); err != nil {
		return nil, err
	}
	out := lists.Values()
	if err := requireIDs(req, resp.body, out, func(l *TagList) Int { return l.ID }); err != nil {
		return nil, err
	}
	for _, l := range out {
		if err := requireIDs(req, resp.body, l.Tags.Values(), func(t *Tag) Int { return t.ID }); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// Get reads one list, archived or not, with all its tags. TimeCamp answers a missing list with
// 200 and `[]`: that is ErrNotFound.
func (s *TagListsService) Get(ctx context.Context, id int64) (*TagList, error) {
	if s.cache.enabled {
		lists, err := s.cache.get(ctx, loadAllTagLists(s.c))
		if err != nil {
			return nil, err
		}
		for i := range lists {
			if int64(lists[i].ID) == id {
				l := lists[i]
				return &l, nil
			}
		}
		return nil, notFound("tag list", id, nil)
	}
	req := request{method: http.MethodGet, path: "/tag_list/" + strconv.FormatInt(id, 10),
		query: url.Values{"tags": {"1"}}, replayable: true}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	if isEmptyCollection(resp.body) {
		return nil, notFound("tag list", id, nil)
	}
	var list TagList
	if err := decodeJSON(req, resp.body, &list); err != nil {
		return nil, err
	}
	return &list, nil
}

// Create makes a list and returns its id (TimeCamp answers with the bare id). Never replayed.
func (s *TagListsService) Create(ctx context.Context, name string) (int64, error) {
	defer s.cache.invalidate()
	req := request{method: http.MethodPost, path: "/tag_list", json: body{"name": name}}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		return 0, err
	}
	id, err := decodeID(resp.body)
	if err != nil {
		return 0, &DecodeError{Method: req.method, Path: req.path, Body: abbreviate(resp.body), Err: err}
	}
	return id, nil
}

// Update renames, archives or restores a list. A missing list is ErrNotFound (400 from TimeCamp).
func (s *TagListsService) Update(ctx context.Context, id int64, name Field[string], archived Field[bool]) error {
	defer s.cache.invalidate()
	b := body{}
	putField(b, "name", name, nil)
	putField(b, "archived", archived, bit)
	_, err := s.c.do(ctx, request{method: http.MethodPut, path: "/tag_list/" + strconv.FormatInt(id, 10), json: b, replayable: true})
	return notFoundOn400(err, "tag list", id)
}

// TagsService manages tags.
type TagsService struct {
	c     *Client
	cache *tagSnapshot
}

// Get reads one tag, with its list id. TimeCamp answers a missing tag with 400: that is ErrNotFound.
func (s *TagsService) Get(ctx context.Context, id int64) (*Tag, error) {
	if s.cache.enabled {
		lists, err := s.cache.get(ctx, loadAllTagLists(s.c))
		if err != nil {
			return nil, err
		}
		for _, l := range lists {
			for _, t := range l.Tags {
				if int64(t.ID) == id {
					t.TagListID = l.ID // GET /tag/{id} sends it; inside a list it is implied
					return &t, nil
				}
			}
		}
		return nil, notFound("tag", id, nil)
	}
	req := request{method: http.MethodGet, path: "/tag/" + strconv.FormatInt(id, 10), replayable: true}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		return nil, notFoundOn400(err, "tag", id)
	}
	if isEmptyCollection(resp.body) {
		return nil, notFound("tag", id, nil)
	}
	var tag Tag
	if err := decodeJSON(req, resp.body, &tag); err != nil {
		return nil, err
	}
	return &tag, nil
}

// Create adds a tag to a list and returns its id. Never replayed. A missing list is ErrNotFound.
func (s *TagsService) Create(ctx context.Context, listID int64, name string) (int64, error) {
	defer s.cache.invalidate()
	req := request{method: http.MethodPost, path: "/tag", json: body{"list": listID, "name": name}}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		if apiMessageContains(err, "list does not exist") {
			return 0, notFound("tag list", listID, err)
		}
		return 0, err
	}
	id, err := decodeID(resp.body)
	if err != nil {
		return 0, &DecodeError{Method: req.method, Path: req.path, Body: abbreviate(resp.body), Err: err}
	}
	return id, nil
}

// Update renames, archives or restores a tag. A missing tag is ErrNotFound.
func (s *TagsService) Update(ctx context.Context, id int64, name Field[string], archived Field[bool]) error {
	defer s.cache.invalidate()
	b := body{}
	putField(b, "name", name, nil)
	putField(b, "archived", archived, bit)
	_, err := s.c.do(ctx, request{method: http.MethodPut, path: "/tag/" + strconv.FormatInt(id, 10), json: b, replayable: true})
	return notFoundOn400(err, "tag", id)
}

// notFoundOn400 reads TimeCamp's tag and tag-list "not found" signal: a 400 whose message says the
// object does not exist or was not found. Other 400s stay errors.
func notFoundOn400(err error, kind string, id int64) error {
	if StatusCode(err) == http.StatusBadRequest &&
		(apiMessageContains(err, "does not exist") || apiMessageContains(err, "not found")) {
		return notFound(kind, id, err)
	}
	return err
}

func apiMessageContains(err error, text string) bool {
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		return false
	}
	return strings.Contains(strings.ToLower(apiErr.Message), strings.ToLower(text))
}
