package timecamptest

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// internal sends a GET to the internal API (outside BasePath) of the emulator.
func (a *api) internal(path string) result {
	a.t.Helper()
	req, err := http.NewRequest(http.MethodGet, strings.TrimSuffix(a.srv.URL, BasePath)+InternalBasePath+path, nil)
	if err != nil {
		a.t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+a.srv.Token)
	return a.exec(req)
}

func TestRateTypesInternalAndLegacy(t *testing.T) {
	a := newAPI(t, Options{})
	a.internal("/rate_type").expect(t, http.StatusOK,
		`[{"rateTypeId":1,"name":"Billable rate","isCost":false},{"rateTypeId":2,"name":"Cost rate","isCost":true}]`)
	a.get("/rate").expect(t, http.StatusOK,
		`[{"rate_id":1,"name":"Billable rate","is_cost":false},{"rate_id":2,"name":"Cost rate","is_cost":true}]`)
	// The request log names internal calls by their full path.
	if n := a.srv.RequestCount(http.MethodGet, "/internal/api/rate_type"); n != 1 {
		t.Errorf("request log counts %d GET /internal/api/rate_type, want 1", n)
	}
	// The internal API is not served below the public base, nor anything else below /internal/api.
	a.get("/internal/api/rate_type").expectMessage(t, http.StatusNotFound, "Not found")
	a.internal("/v3/projects").expectMessage(t, http.StatusNotFound, "Not found")
	// The token is required there too.
	req, _ := http.NewRequest(http.MethodGet, strings.TrimSuffix(a.srv.URL, BasePath)+"/internal/api/rate_type", nil)
	a.exec(req).expectMessage(t, http.StatusUnauthorized, "authentication required - api token not found")
}

func TestRatesWireShapes(t *testing.T) {
	a := newAPI(t, Options{})
	task := a.createTask(map[string]any{"name": "Website"})
	group := str(a.srv.RootGroupID())
	user := str(a.srv.AdminUserID())

	cases := []struct{ path, refType, refID, key string }{
		{"/task/" + task + "/rate", "task", task, task},
		{"/user/" + user + "/rate", "user", user, user},
		{"/group/" + group + "/rate", "group", group, group},
		{"/task/" + task + "/user/" + user + "/rate", "task_user", task + "_" + user, task},
	}
	for _, c := range cases {
		a.get(c.path).expect(t, http.StatusOK, `[]`)
		// POST: 201, value a number as sent, the date as sent.
		r := a.json(http.MethodPost, c.path, map[string]any{"rateTypeId": 1, "value": json.Number("12.30"), "addDate": "2021-09-09"}).expect(t, http.StatusCreated, "")
		o := decodeObject(t, r.body)
		requireKeys(t, o, "rateId", "rateTypeId", "value", "refType", "addDate", "refId")
		requireNumbers(t, o, "rateId", "rateTypeId", "value")
		if !strings.Contains(string(r.body), `"value":12.30`) || o["refType"] != c.refType || o["refId"] != c.refID || o["addDate"] != "2021-09-09" {
			t.Errorf("%s POST reply %s", c.path, r.body)
		}
		// GET: keyed by the scope id, the value a string with two decimals.
		g := decodeObject(t, a.get(c.path+"?rate_id=1").expect(t, http.StatusOK, "").body)
		requireKeys(t, g, c.key)
		rows := g[c.key].([]any)
		row := rows[0].(map[string]any)
		requireNumbers(t, row, "rateId", "rateTypeId")
		requireStrings(t, row, "value", "refType", "addDate", "refId")
		if len(rows) != 1 || row["value"] != "12.30" || row["rateId"] != o["rateId"] || row["refId"] != c.refID {
			t.Errorf("%s GET %v", c.path, g)
		}
		// POST again: the same rate (same rateId) takes the new value and keeps its date; 21 reads "21.00".
		again := decodeObject(t, a.json(http.MethodPost, c.path, map[string]any{"rateTypeId": "1", "value": 21}).expect(t, http.StatusCreated, "").body)
		if again["rateId"] != o["rateId"] || again["value"] != json.Number("21") || again["addDate"] != "2021-09-09" {
			t.Errorf("%s second POST %v", c.path, again)
		}
		a.get(c.path+"?rate_id=all").expect(t, http.StatusOK, `{"`+c.key+`":[{"rateId":`+string(o["rateId"].(json.Number))+
			`,"rateTypeId":1,"value":"21.00","refType":"`+c.refType+`","addDate":"2021-09-09","refId":"`+c.refID+`"}]}`)
		// Another rate type, undated: "2000-01-01". A rate_id filter of the other type leaves it out.
		cost := decodeObject(t, a.form(http.MethodPost, c.path, map[string][]string{"rateTypeId": {"2"}, "value": {"7.125"}}).expect(t, http.StatusCreated, "").body)
		if cost["addDate"] != "2000-01-01" || cost["value"] != json.Number("7.125") {
			t.Errorf("%s undated rate %v", c.path, cost)
		}
		if g := decodeObject(t, a.get(c.path+"?rate_id=2").body); len(g[c.key].([]any)) != 1 || g[c.key].([]any)[0].(map[string]any)["value"] != "7.13" {
			t.Errorf("%s rate_id=2: %v (values keep two decimals, rounded)", c.path, g)
		}
		if g := decodeObject(t, a.get(c.path).body); len(g[c.key].([]any)) != 2 {
			t.Errorf("%s all rates: %v", c.path, g)
		}
	}
	// The task's own rates do not include the task-user override.
	if g := decodeObject(t, a.get("/task/"+task+"/rate").body); len(g[task].([]any)) != 2 {
		t.Errorf("task rates mix in the override: %v", g)
	}
	if g := decodeObject(t, a.get("/task/"+task+"/user/all/rate").body); len(g[task].([]any)) != 2 {
		t.Errorf("task rates for all users: %v", g)
	}
}

func TestRatesNotFound(t *testing.T) {
	a := newAPI(t, Options{})
	task := a.createTask(map[string]any{"name": "Website"})
	group := str(a.srv.RootGroupID())
	user := str(a.srv.AdminUserID())
	set := map[string]any{"rateTypeId": 1, "value": 10}

	a.get("/task/99/rate").expectMessage(t, http.StatusNotFound, "Task 99 not found")
	a.json(http.MethodPost, "/task/99/rate", set).expectMessage(t, http.StatusNotFound, "Task 99 not found")
	a.get("/group/98/rate").expectMessage(t, http.StatusNotFound, "Group 98 not found")
	a.json(http.MethodPost, "/group/98/rate", set).expectMessage(t, http.StatusNotFound, "Group 98 not found")
	a.get("/user/97/rate").expect(t, http.StatusOK, `[]`) // an unknown user has no rates
	a.json(http.MethodPost, "/user/97/rate", set).expect(t, http.StatusNotFound, `"User 97 not found"`)
	a.json(http.MethodPost, "/task/"+task+"/user/97/rate", set).expectMessage(t, http.StatusNotFound, "User 97 not found")
	a.get("/task/99/user/"+user+"/rate").expectMessage(t, http.StatusNotFound, "Task 99 not found")
	// A removed user (whose record stays) is an unknown user here.
	a.srv.mu.Lock()
	a.srv.acct.users[4242] = &UserRecord{ID: 4242, Email: "gone@example.com", GroupID: a.srv.acct.rootGroupID, Removed: true}
	a.srv.mu.Unlock()
	a.get("/user/4242/rate").expect(t, http.StatusOK, `[]`)
	a.json(http.MethodPost, "/user/4242/rate", set).expect(t, http.StatusNotFound, `"User 4242 not found"`)
	a.json(http.MethodPost, "/task/"+task+"/user/4242/rate", set).expectMessage(t, http.StatusNotFound, "User 4242 not found")

	// An unknown rate type: {"message"} except on the user endpoint, which sends a bare string.
	bad := map[string]any{"rateTypeId": 123, "value": 10}
	a.json(http.MethodPost, "/task/"+task+"/rate", bad).expectMessage(t, http.StatusNotFound, "RateType 123 not found")
	a.json(http.MethodPost, "/group/"+group+"/rate", bad).expectMessage(t, http.StatusNotFound, "RateType 123 not found")
	a.json(http.MethodPost, "/user/"+user+"/rate", bad).expect(t, http.StatusNotFound, `"RateType 123 not found"`)

	a.json(http.MethodPost, "/task/"+task+"/rate", map[string]any{"value": 1}).expectMessage(t, http.StatusBadRequest, "Missing rateTypeId")
	a.json(http.MethodPost, "/task/"+task+"/rate", map[string]any{"rateTypeId": 1, "value": "ten"}).expectMessage(t, http.StatusBadRequest, "Invalid value for value")
	a.json(http.MethodPost, "/task/"+task+"/rate", map[string]any{"rateTypeId": 1, "value": 1, "addDate": "21-09-09"}).expect(t, http.StatusBadRequest, "")
	a.get("/task/"+task+"/rate").expect(t, http.StatusOK, `[]`)
}
