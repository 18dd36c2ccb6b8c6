package timecamptest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"path/filepath"
	"reflect"
	"testing"
)

const favPath = "/v3/taskPicker/favourites"

// favouriteIDs lists the favourites' task ids, checking the envelope of the reply.
func favouriteIDs(t *testing.T, body []byte) []string {
	t.Helper()
	o := decodeObject(t, body)
	requireKeys(t, o, "data", "message", "meta")
	data := o["data"].(map[string]any)
	requireKeys(t, data, "favourites", "suggested")
	if s, ok := data["suggested"].([]any); !ok || len(s) != 0 {
		t.Fatalf("suggested = %#v, want []", data["suggested"])
	}
	if limit := o["meta"].(map[string]any)["favourites"].(map[string]any)["limit"]; limit != json.Number("10") {
		t.Fatalf("meta.favourites.limit = %#v", limit)
	}
	ids := []string{}
	for _, it := range data["favourites"].([]any) {
		ids = append(ids, it.(map[string]any)["taskId"].(json.Number).String())
	}
	return ids
}

func TestFavouritesShapes(t *testing.T) {
	a := newAPI(t, Options{})
	a.get(favPath).expect(t, http.StatusOK,
		`{"data":{"favourites":[],"suggested":[]},"message":"ok","meta":{"favourites":{"limit":10}}}`)

	project := a.createTask(map[string]any{"name": "Website"})
	task := a.createTask(map[string]any{"name": "Backend", "parent_id": project, "note": "api"})
	r := a.json(http.MethodPost, favPath+"/add/"+task, nil).expect(t, http.StatusOK, "")
	if got := favouriteIDs(t, r.body); !reflect.DeepEqual(got, []string{task}) {
		t.Fatalf("after add: %v", got)
	}
	item := decodeObject(t, a.get(favPath).body)["data"].(map[string]any)["favourites"].([]any)[0].(map[string]any)
	requireKeys(t, item, "taskId", "name", "parentId", "level", "note", "rootGroupId", "archived", "billable",
		"color", "hasChildren", "disabled", "disableReason", "isMatched")
	requireNumbers(t, item, "taskId", "parentId", "level", "rootGroupId", "archived")
	if item["name"] != "Backend" || item["parentId"].(json.Number).String() != project || item["level"] != json.Number("2") ||
		item["note"] != "api" || item["hasChildren"] != false || item["isMatched"] != true {
		t.Fatalf("item %v", item)
	}
	if _, ok := item["billable"].(bool); !ok {
		t.Fatalf("billable = %#v, want a JSON boolean", item["billable"])
	}

	// Idempotent add and remove; order is the order added.
	a.json(http.MethodPost, favPath+"/add/"+project, nil).expect(t, http.StatusOK, "")
	r = a.json(http.MethodPost, favPath+"/add/"+task, nil).expect(t, http.StatusOK, "")
	if got := favouriteIDs(t, r.body); !reflect.DeepEqual(got, []string{task, project}) {
		t.Fatalf("after re-add: %v", got)
	}
	r = a.json(http.MethodDelete, favPath+"/delete/"+task, nil).expect(t, http.StatusOK, "")
	if got := favouriteIDs(t, r.body); !reflect.DeepEqual(got, []string{project}) {
		t.Fatalf("after remove: %v", got)
	}
	a.json(http.MethodDelete, favPath+"/delete/"+task, nil).expect(t, http.StatusOK, "")
	a.json(http.MethodDelete, favPath+"/delete/123", nil).expect(t, http.StatusOK, "")

	// Only existing tasks.
	a.json(http.MethodPost, favPath+"/add/123", nil).expectMessage(t, http.StatusNotFound, "Task 123 not found")
	a.json(http.MethodPost, favPath+"/add/abc", nil).expectMessage(t, http.StatusNotFound, "Task abc not found")
	a.get(favPath+"/add/"+task).expect(t, http.StatusNotFound, "")

	// A deleted task leaves the list.
	a.json(http.MethodPost, "/v3/task/remove", map[string]any{"taskIds": []string{project}}).expect(t, http.StatusOK, "")
	if got := favouriteIDs(t, a.get(favPath).body); len(got) != 0 {
		t.Fatalf("favourites of deleted tasks: %v", got)
	}
}

func TestFavouritesLimit(t *testing.T) {
	a := newAPI(t, Options{})
	var ids []string
	for i := range maxFavourites + 1 {
		ids = append(ids, a.createTask(map[string]any{"name": fmt.Sprintf("T%d", i)}))
	}
	for _, id := range ids[:maxFavourites] {
		a.json(http.MethodPost, favPath+"/add/"+id, nil).expect(t, http.StatusOK, "")
	}
	a.json(http.MethodPost, favPath+"/add/"+ids[maxFavourites], nil).
		expectMessage(t, http.StatusBadRequest, "You can have at most 10 favourite tasks")
	// Re-adding one already there is still fine at the limit.
	a.json(http.MethodPost, favPath+"/add/"+ids[0], nil).expect(t, http.StatusOK, "")
	if got := favouriteIDs(t, a.get(favPath).body); !reflect.DeepEqual(got, ids[:maxFavourites]) {
		t.Fatalf("favourites %v, want %v", got, ids[:maxFavourites])
	}
	// Room again after a removal.
	a.json(http.MethodDelete, favPath+"/delete/"+ids[3], nil).expect(t, http.StatusOK, "")
	a.json(http.MethodPost, favPath+"/add/"+ids[maxFavourites], nil).expect(t, http.StatusOK, "")
}

func TestFavouritesPersist(t *testing.T) {
	file := filepath.Join(t.TempDir(), "account.json")
	a := newAPI(t, Options{DataFile: file})
	t1 := a.createTask(map[string]any{"name": "One"})
	t2 := a.createTask(map[string]any{"name": "Two"})
	a.json(http.MethodPost, favPath+"/add/"+t2, nil).expect(t, http.StatusOK, "")
	a.json(http.MethodPost, favPath+"/add/"+t1, nil).expect(t, http.StatusOK, "")
	a.srv.Close()

	b := newAPI(t, Options{DataFile: file})
	if got := favouriteIDs(t, b.get(favPath).body); !reflect.DeepEqual(got, []string{t2, t1}) {
		t.Fatalf("after reload: %v", got)
	}
}
