package timecamp

import (
	"net/http"
	"strings"
	"testing"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

// OAS's example, loose values included ("billable": "false," and "rootGroupId": "integer").
const favouritesOAS = `{"data": {"favourites": [
   {"taskId": 123456, "name": "My task", "parentId": 98765, "level": 3, "note": "my note", "rootGroupId": "integer",
    "archived": 0, "billable": "false,", "color": "#4DC2E8", "hasChildren": false, "disabled": false,
    "disableReason": "", "isMatched": true},
   {"taskId": "42", "name": "Other", "parentId": "0", "level": "1"}],
  "suggested": [{"taskId": 7}]},
 "message": "ok", "meta": {"favourites": {"limit": 10}}}`

func TestFavouritesListShapes(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, favouritesOAS)
	f, err := c.Favourites.List(ctxT(t))
	if err != nil {
		t.Fatal(err)
	}
	want := []FavouriteTask{{TaskID: 123456, Name: "My task", ParentID: 98765, Level: 3}, {TaskID: 42, Name: "Other", Level: 1}}
	if len(f.Tasks) != 2 || f.Tasks[0] != want[0] || f.Tasks[1] != want[1] || f.Limit != 10 {
		t.Fatalf("favourites %+v", f)
	}
	if !f.Has(42) || f.Has(7) {
		t.Fatal("Has: suggested tasks are not favourites")
	}
	if r := s.requests()[0]; r.Method != http.MethodGet || r.Path != "/api/v3/taskPicker/favourites" || strings.Contains(r.Query, "format") {
		t.Fatalf("request %s %s?%s", r.Method, r.Path, r.Query)
	}

	for _, body := range []string{`{"data": {"favourites": [], "suggested": []}}`, `{"data": {"favourites": null}}`, `[]`} {
		c, _ := stubClient(t, http.StatusOK, body)
		f, err := c.Favourites.List(ctxT(t))
		if err != nil || len(f.Tasks) != 0 || f.Limit != DefaultFavouritesLimit {
			t.Errorf("body %q: %+v, %v", body, f, err)
		}
	}
}

func TestFavouritesAddRemoveIgnoreBody(t *testing.T) {
	for _, body := range []string{favouritesOAS, `{"message": "ok"}`, ``} {
		c, s := stubClient(t, http.StatusOK, body)
		if err := c.Favourites.Add(ctxT(t), 123456); err != nil {
			t.Errorf("add, reply %q: %v", body, err)
		}
		if err := c.Favourites.Remove(ctxT(t), 123456); err != nil {
			t.Errorf("remove, reply %q: %v", body, err)
		}
		reqs := s.requests()
		if reqs[0].Method != http.MethodPost || reqs[0].Path != "/api/v3/taskPicker/favourites/add/123456" ||
			reqs[1].Method != http.MethodDelete || reqs[1].Path != "/api/v3/taskPicker/favourites/delete/123456" {
			t.Fatalf("requests %+v", reqs)
		}
	}
}

func TestFavouritesErrors(t *testing.T) {
	c, _ := stubClient(t, http.StatusNotFound, `{"message":"Task 9 not found"}`)
	if err := c.Favourites.Add(ctxT(t), 9); !IsNotFound(err) {
		t.Fatalf("add of a missing task: %v", err)
	}
	if err := c.Favourites.Remove(ctxT(t), 9); !IsNotFound(err) {
		t.Fatalf("remove: %v", err)
	}
	c, _ = stubClient(t, http.StatusBadRequest, `{"message":"You can have at most 10 favourite tasks"}`)
	err := c.Favourites.Add(ctxT(t), 9)
	if IsNotFound(err) || StatusCode(err) != http.StatusBadRequest || !strings.Contains(err.Error(), "at most 10") {
		t.Fatalf("limit: %v", err)
	}
}

func TestFavouritesAgainstEmulator(t *testing.T) {
	c, _ := emulatorClient(t, timecamptest.Options{})
	ctx := ctxT(t)
	task, err := c.Tasks.Create(ctx, TaskInput{Name: Set("Pinned")})
	if err != nil {
		t.Fatal(err)
	}
	id := int64(task.TaskID)
	if err := c.Favourites.Add(ctx, id); err != nil {
		t.Fatal(err)
	}
	f, err := c.Favourites.List(ctx)
	if err != nil || !f.Has(id) || f.Limit != 10 || f.Tasks[0].Name != "Pinned" || f.Tasks[0].Level != 1 {
		t.Fatalf("after add: %+v, %v", f, err)
	}
	if err := c.Favourites.Add(ctx, id+1000); !IsNotFound(err) {
		t.Fatalf("add of a missing task: %v", err)
	}
	if err := c.Favourites.Remove(ctx, id); err != nil {
		t.Fatal(err)
	}
	if f, err := c.Favourites.List(ctx); err != nil || f.Has(id) {
		t.Fatalf("after remove: %+v, %v", f, err)
	}
}
