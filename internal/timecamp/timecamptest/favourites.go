package timecamptest

import (
	"fmt"
	"net/http"
	"sort"
)

// Favourite tasks of the token's user (SPEC §6, v3 task picker). Where the
// sources are silent (§17.18) the emulator chooses, and says so here:
//   - At most maxFavourites (10, meta.favourites.limit) per user. Adding
//     another is a 400 {"message":"You can have at most 10 favourite tasks"}
//     and changes nothing.
//   - Add and remove are idempotent: adding a favourite again, or removing a
//     task that is not one, answers 200 and changes nothing (a repeated add
//     does not count against the limit).
//   - Only an existing task (archived ones included) can be added; otherwise
//     404 {"message":"Task <id> not found"} (the tasks endpoints' text).
//     Remove needs no existing task.
//   - Add and remove answer with the whole list, as OAS shows (TS-T's
//     {"message":"ok"} is the other shape the provider accepts).
//   - The list keeps the order tasks were added in; a task deleted from the
//     account leaves the list with it. "suggested" is always empty.
const (
	maxFavourites = 10
	msgFavourites = "ok"
)

var msgFavouritesLimit = fmt.Sprintf("You can have at most %d favourite tasks", maxFavourites)

// FavouritesRecord is the favourite list of one user.
type FavouritesRecord struct {
	UserID  int64   `json:"user_id"`
	TaskIDs []int64 `json:"task_ids"`
}

// favouritesOf returns the caller's favourites that still exist, in order.
func (e *Emulator) favouritesOf(userID int64) []int64 {
	var out []int64
	for _, id := range e.acct.favourites[userID] {
		if _, ok := e.acct.tasks[id]; ok {
			out = append(out, id)
		}
	}
	return out
}

// favouritesReply is the body of every favourites call.
func (e *Emulator) favouritesReply(userID int64) reply {
	items := []any{}
	for _, id := range e.favouritesOf(userID) {
		items = append(items, e.favouriteItem(e.acct.tasks[id]))
	}
	return jsonReply(http.StatusOK, object{
		{"data", object{{"favourites", items}, {"suggested", []any{}}}},
		{"message", msgFavourites},
		{"meta", object{{"favourites", object{{"limit", maxFavourites}}}}},
	})
}

// favouriteItem renders a task as a task-picker item (OAS
// TaskPicker-favourite-list-response): numbers are numbers, flags are real
// booleans except "archived" (0/1).
func (e *Emulator) favouriteItem(t *TaskRecord) object {
	hasChildren := false
	for _, c := range e.acct.tasks {
		if c.ParentID == t.ID {
			hasChildren = true
			break
		}
	}
	o := object{
		{"taskId", t.ID},
		{"name", t.Name},
		{"parentId", t.ParentID},
		{"level", e.acct.taskLevel(t.ID)},
	}
	if t.Note != nil {
		o = append(o, member{"note", *t.Note})
	}
	return append(o,
		member{"rootGroupId", e.acct.rootGroupID},
		member{"archived", flagInt(t.Archived)},
		member{"billable", t.Billable},
		member{"color", t.Color},
		member{"hasChildren", hasChildren},
		member{"disabled", false},
		member{"disableReason", ""},
		member{"isMatched", true},
	)
}

// GET /v3/taskPicker/favourites
func handleFavouritesList(e *Emulator, _ *apiRequest) reply {
	return e.favouritesReply(e.acct.adminUserID)
}

// POST /v3/taskPicker/favourites/add/{taskId}
func handleFavouriteAdd(e *Emulator, r *apiRequest) reply {
	user := e.acct.adminUserID
	id, ok := r.pathID(4)
	if _, exists := e.acct.tasks[id]; !ok || !exists {
		return taskNotFound(r.segs[4])
	}
	current := e.favouritesOf(user)
	for _, f := range current {
		if f == id {
			return e.favouritesReply(user)
		}
	}
	if len(current) >= maxFavourites {
		return messageReply(http.StatusBadRequest, msgFavouritesLimit)
	}
	e.acct.favourites[user] = append(current, id)
	e.changed()
	return e.favouritesReply(user)
}

// DELETE /v3/taskPicker/favourites/delete/{taskId}
func handleFavouriteRemove(e *Emulator, r *apiRequest) reply {
	user := e.acct.adminUserID
	id, ok := r.pathID(4)
	if !ok {
		return taskNotFound(r.segs[4])
	}
	var kept []int64
	for _, f := range e.acct.favourites[user] {
		if f != id {
			kept = append(kept, f)
		}
	}
	if len(kept) != len(e.acct.favourites[user]) {
		e.acct.favourites[user] = kept
		e.changed()
	}
	return e.favouritesReply(user)
}

// loadFavourites restores the favourite lists of a snapshot; call it after
// the users and tasks are loaded.
func (a *account) loadFavourites(s *Snapshot) error {
	a.favourites = map[int64][]int64{}
	for _, f := range s.Favourites {
		if _, ok := a.users[f.UserID]; !ok {
			return fmt.Errorf("favourites of user %d: no such user", f.UserID)
		}
		if _, dup := a.favourites[f.UserID]; dup {
			return fmt.Errorf("duplicate favourites of user %d", f.UserID)
		}
		if len(f.TaskIDs) > maxFavourites {
			return fmt.Errorf("favourites of user %d: %d tasks, at most %d allowed", f.UserID, len(f.TaskIDs), maxFavourites)
		}
		seen := map[int64]bool{}
		for _, id := range f.TaskIDs {
			if _, ok := a.tasks[id]; !ok || seen[id] {
				return fmt.Errorf("favourites of user %d: task %d missing or listed twice", f.UserID, id)
			}
			seen[id] = true
		}
		a.favourites[f.UserID] = append([]int64(nil), f.TaskIDs...)
	}
	return nil
}

// snapshotFavourites adds the non-empty favourite lists to s (only tasks that
// still exist), sorted by user id.
func (a *account) snapshotFavourites(s *Snapshot) {
	for user, ids := range a.favourites {
		var kept []int64
		for _, id := range ids {
			if _, ok := a.tasks[id]; ok {
				kept = append(kept, id)
			}
		}
		if len(kept) > 0 {
			s.Favourites = append(s.Favourites, FavouritesRecord{UserID: user, TaskIDs: kept})
		}
	}
	sort.Slice(s.Favourites, func(i, j int) bool { return s.Favourites[i].UserID < s.Favourites[j].UserID })
}
