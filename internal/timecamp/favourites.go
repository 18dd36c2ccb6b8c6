package timecamp

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
)

// DefaultFavouritesLimit is how many favourite tasks TimeCamp allows per user when the list reply
// does not say (SPEC §6: meta.favourites.limit is 10).
const DefaultFavouritesLimit = 10

// FavouriteTask is one task pinned in the task picker of the token's user (SPEC §6). Only the
// fields the provider uses are read: the published example renders others loosely ("billable":
// "false,", "rootGroupId": "integer"), and a field nobody reads must not break a refresh.
type FavouriteTask struct {
	TaskID   Int    `json:"taskId"`
	Name     String `json:"name"`
	ParentID Int    `json:"parentId"`
	Level    Int    `json:"level"`
}

// Favourites is the favourite list of the token's user and the most it may hold.
type Favourites struct {
	Tasks []FavouriteTask
	Limit int // from meta.favourites.limit; DefaultFavouritesLimit when the reply omits it
}

// Has reports whether taskID is a favourite.
func (f *Favourites) Has(taskID int64) bool {
	for _, t := range f.Tasks {
		if int64(t.TaskID) == taskID {
			return true
		}
	}
	return false
}

// FavouritesService manages the token user's favourite tasks (v3 task picker).
// With Config.SnapshotReads the list is read once until the next add or remove (see snapshot.go).
type FavouritesService struct {
	c     *Client
	cache snapshot[*Favourites]
}

// List returns the favourites in TimeCamp's order ("suggested" tasks are not favourites and are
// left out). The result is shared: callers must not change it.
func (s *FavouritesService) List(ctx context.Context) (*Favourites, error) {
	return s.cache.get(ctx, s.load)
}

func (s *FavouritesService) load(ctx context.Context) (*Favourites, error) {
	req := request{method: http.MethodGet, path: "/v3/taskPicker/favourites", replayable: true}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	if isEmptyCollection(resp.body) {
		return &Favourites{Tasks: []FavouriteTask{}, Limit: DefaultFavouritesLimit}, nil
	}
	var reply favouritesReply
	if err := decodeJSON(req, resp.body, &reply); err != nil {
		return nil, err
	}
	return reply.favourites(), nil
}

// favouritesReply is the list's reply, which add and remove may send too (SPEC §6).
type favouritesReply struct {
	Data struct {
		Favourites *Keyed[FavouriteTask] `json:"favourites"`
	} `json:"data"`
	Meta struct {
		Favourites struct {
			Limit Int `json:"limit"`
		} `json:"favourites"`
	} `json:"meta"`
}

func (r *favouritesReply) favourites() *Favourites {
	out := &Favourites{Tasks: []FavouriteTask{}, Limit: int(r.Meta.Favourites.Limit)}
	if r.Data.Favourites != nil {
		out.Tasks = r.Data.Favourites.Values()
	}
	if out.Limit <= 0 {
		out.Limit = DefaultFavouritesLimit
	}
	return out
}

// keepReply keeps the list an add or remove answered with (OAS) when it shows the change made
// (pinned says whether taskID should be listed), so that reading it back costs no request; any
// other reply ({"message":"ok"}, TS) only drops the cached list.
func (s *FavouritesService) keepReply(since uint64, body []byte, taskID int64, pinned bool) {
	var reply favouritesReply
	if err := json.Unmarshal(body, &reply); err != nil || reply.Data.Favourites == nil {
		s.cache.invalidate()
		return
	}
	f := reply.favourites()
	if f.Has(taskID) != pinned {
		s.cache.invalidate()
		return
	}
	s.cache.put(since, f)
}

// Add pins a task. The reply is the whole list (OAS) or {"message":"ok"} (TS): callers list the
// favourites to see the outcome, which costs no request when the reply held the list. A task that
// does not exist is ErrNotFound (404). Adding a task beyond the limit is an *APIError from
// TimeCamp. Adding is idempotent, so it may be replayed.
func (s *FavouritesService) Add(ctx context.Context, taskID int64) error {
	return s.change(ctx, http.MethodPost, "/v3/taskPicker/favourites/add/", taskID, "task", true)
}

// Remove unpins a task (the reply is read as Add's). A 404 (a task that does not exist, or is not
// a favourite) is ErrNotFound.
func (s *FavouritesService) Remove(ctx context.Context, taskID int64) error {
	return s.change(ctx, http.MethodDelete, "/v3/taskPicker/favourites/delete/", taskID, "favourite task", false)
}

func (s *FavouritesService) change(ctx context.Context, method, path string, taskID int64, what string, pinned bool) error {
	since := s.cache.begin()
	resp, err := s.c.do(ctx, request{method: method, path: path + strconv.FormatInt(taskID, 10), replayable: true})
	if err != nil {
		s.cache.invalidate()
		if StatusCode(err) == http.StatusNotFound {
			return notFound(what, taskID, err)
		}
		return err
	}
	s.keepReply(since, resp.body, taskID, pinned)
	return nil
}
