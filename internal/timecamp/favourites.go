package timecamp

import (
	"context"
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
	var reply struct {
		Data struct {
			Favourites Keyed[FavouriteTask] `json:"favourites"`
		} `json:"data"`
		Meta struct {
			Favourites struct {
				Limit Int `json:"limit"`
			} `json:"favourites"`
		} `json:"meta"`
	}
	if isEmptyCollection(resp.body) {
		return &Favourites{Tasks: []FavouriteTask{}, Limit: DefaultFavouritesLimit}, nil
	}
	if err := decodeJSON(req, resp.body, &reply); err != nil {
		return nil, err
	}
	out := &Favourites{Tasks: reply.Data.Favourites.Values(), Limit: int(reply.Meta.Favourites.Limit)}
	if out.Limit <= 0 {
		out.Limit = DefaultFavouritesLimit
	}
	return out, nil
}

// Add pins a task. The reply (the whole list, or {"message":"ok"}) is ignored: callers list the
// favourites to see the outcome. A task that does not exist is ErrNotFound (404). Adding a task
// beyond the limit is an *APIError from TimeCamp. Adding is idempotent, so it may be replayed.
func (s *FavouritesService) Add(ctx context.Context, taskID int64) error {
	defer s.cache.invalidate()
	_, err := s.c.do(ctx, request{method: http.MethodPost,
		path: "/v3/taskPicker/favourites/add/" + strconv.FormatInt(taskID, 10), replayable: true})
	if StatusCode(err) == http.StatusNotFound {
		return notFound("task", taskID, err)
	}
	return err
}

// Remove unpins a task; the reply is ignored. A 404 (a task that does not exist, or is not a
// favourite) is ErrNotFound.
func (s *FavouritesService) Remove(ctx context.Context, taskID int64) error {
	defer s.cache.invalidate()
	_, err := s.c.do(ctx, request{method: http.MethodDelete,
		path: "/v3/taskPicker/favourites/delete/" + strconv.FormatInt(taskID, 10), replayable: true})
	if StatusCode(err) == http.StatusNotFound {
		return notFound("favourite task", taskID, err)
	}
	return err
}
