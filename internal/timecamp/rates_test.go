package timecamp

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

func TestInternalBaseURL(t *testing.T) {
	cases := map[string]string{
		"https://app.timecamp.com/third_party/api":       "https://app.timecamp.com/internal/api",
		"https://app.timecamp.com/third_party/api/":      "https://app.timecamp.com/internal/api",
		"http://127.0.0.1:8080/third_party/api":          "http://127.0.0.1:8080/internal/api",
		"https://proxy.example/tc/third_party/api":       "https://proxy.example/tc/internal/api",
		"https://eu.example/api/v1":                      "https://eu.example/internal/api", // TimeCamp's "../../"
		"https://host.example/api":                       "https://host.example/internal/api",
		"https://host.example":                           "https://host.example/internal/api",
		"https://tc.example/prefix/third_party/api/////": "https://tc.example/prefix/internal/api",
	}
	for in, want := range cases {
		base, err := ParseBaseURL(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := InternalBaseURL(base).String(); got != want {
			t.Errorf("InternalBaseURL(%s) = %s, want %s", in, got, want)
		}
	}
}

func TestRateTargetPathsAndKinds(t *testing.T) {
	cases := []struct {
		target     RateTarget
		kind, path string
	}{
		{RateTarget{TaskID: 44}, RateTargetTask, "/task/44/rate"},
		{RateTarget{UserID: 12}, RateTargetUser, "/user/12/rate"},
		{RateTarget{GroupID: 11}, RateTargetGroup, "/group/11/rate"},
		{RateTarget{TaskID: 44, UserID: 12}, RateTargetTaskUser, "/task/44/user/12/rate"},
		{RateTarget{}, "", ""},
		{RateTarget{GroupID: 11, TaskID: 44}, "", ""},
		{RateTarget{GroupID: 11, UserID: 12}, "", ""},
	}
	for _, c := range cases {
		p, err := c.target.path()
		if c.target.Kind() != c.kind || p != c.path || (err != nil) != (c.path == "") {
			t.Errorf("%+v: kind %q path %q err %v; want %q %q", c.target, c.target.Kind(), p, err, c.kind, c.path)
		}
	}
	// An invalid target sends nothing.
	c, s := stubClient(t, http.StatusOK, `[]`)
	if _, err := c.Rates.List(ctxT(t), RateTarget{GroupID: 1, TaskID: 2}); err == nil {
		t.Error("List with a group and a task: no error")
	}
	if _, err := c.Rates.Set(ctxT(t), RateTarget{}, RateInput{RateTypeID: 1, Value: "1"}); err == nil || s.count() != 0 {
		t.Errorf("Set without a target: %v after %d requests", err, s.count())
	}
}

func TestRateListDecodesStringsAndKeys(t *testing.T) {
	// OAS's task example: keyed by task id, the value a two-decimal string.
	c, s := stubClient(t, http.StatusOK, `{"75091248":[
		{"rateId":145996,"rateTypeId":12,"value":"21.00","refType":"task","addDate":"2000-01-01","refId":"75091248"},
		{"rateId":145995,"rateTypeId":13,"value":"12.00","refType":"task","addDate":"2000-01-01","refId":"75091248"}]}`)
	rates, err := c.Rates.List(ctxT(t), RateTarget{TaskID: 75091248}, 12, 13)
	if err != nil {
		t.Fatal(err)
	}
	want := []Rate{
		{RateID: 145996, RateTypeID: 12, Value: "21.00", RefType: "task", AddDate: "2000-01-01", RefID: "75091248"},
		{RateID: 145995, RateTypeID: 13, Value: "12.00", RefType: "task", AddDate: "2000-01-01", RefID: "75091248"},
	}
	if !reflect.DeepEqual(rates, want) {
		t.Errorf("rates = %+v", rates)
	}
	r := s.requests()[0]
	q, _ := url.ParseQuery(r.Query)
	if r.Method != http.MethodGet || r.Path != "/api/task/75091248/rate" || q.Get("rate_id") != "12,13" || q.Get("format") != "json" {
		t.Errorf("sent %s %s?%s", r.Method, r.Path, r.Query)
	}
}

func TestRateGetPicksTheTypeAndDate(t *testing.T) {
	// A task-user list (keyed by the task id, refId "<task>_<user>"), with rows of another kind and
	// two dates for one type, which TimeCamp may keep (SPEC §17.15).
	body := `{"75091248":[
		{"rateId":1,"rateTypeId":12,"value":"21.00","refType":"task_user","addDate":"2000-01-01","refId":"75091248_12343"},
		{"rateId":2,"rateTypeId":12,"value":"25.50","refType":"task_user","addDate":"2024-01-01","refId":"75091248_12343"},
		{"rateId":3,"rateTypeId":12,"value":"99.00","refType":"task","addDate":"2025-01-01","refId":"75091248"},
		{"rateId":4,"rateTypeId":13,"value":"12.00","refType":"task_user","addDate":"2000-01-01","refId":"75091248_12343"}]}`
	c, s := stubClient(t, http.StatusOK, body)
	target := RateTarget{TaskID: 75091248, UserID: 12343}
	latest, err := c.Rates.Get(ctxT(t), target, 12, "")
	if err != nil || latest.RateID != 2 || latest.Value != "25.50" {
		t.Errorf("latest = %+v, %v; want rate 2 (the task's own rate 3 is not the override)", latest, err)
	}
	dated, err := c.Rates.Get(ctxT(t), target, 12, "2000-01-01")
	if err != nil || dated.RateID != 1 {
		t.Errorf("dated = %+v, %v", dated, err)
	}
	// A date no row has falls back to the latest row (the date was changed outside).
	if other, err := c.Rates.Get(ctxT(t), target, 12, "2023-05-05"); err != nil || other.RateID != 2 {
		t.Errorf("other date = %+v, %v; want the latest", other, err)
	}
	if _, err := c.Rates.Get(ctxT(t), target, 14, ""); !IsNotFound(err) {
		t.Errorf("another type: err = %v, want not found", err)
	}
	if r := s.requests()[0]; r.Path != "/api/task/75091248/user/12343/rate" || !strings.Contains(r.Query, "rate_id=12") {
		t.Errorf("sent %s?%s", r.Path, r.Query)
	}
}

func TestRateNotFoundSignals(t *testing.T) {
	// An unknown user (or one without rates) is 200 [] (OAS): the rate is not found.
	c, _ := stubClient(t, http.StatusOK, `[]`)
	if rates, err := c.Rates.List(ctxT(t), RateTarget{UserID: 5}); err != nil || len(rates) != 0 {
		t.Errorf("user [] = %v, %v", rates, err)
	}
	if _, err := c.Rates.Get(ctxT(t), RateTarget{UserID: 5}, 1, ""); !IsNotFound(err) {
		t.Errorf("user []: err = %v, want not found", err)
	}
	cases := []struct {
		target RateTarget
		body   string
		kind   string
	}{
		{RateTarget{TaskID: 3}, `{"message":"Task 3 not found"}`, "task"},
		{RateTarget{GroupID: 23}, `{"message":"Group 23 not found"}`, "group"},
		{RateTarget{TaskID: 3, UserID: 7}, `{"message":"User 7 not found"}`, "user"},
		{RateTarget{TaskID: 3}, `{"message":"RateType 123 not found"}`, "rate type"},
		{RateTarget{UserID: 7}, `"RateType 1 not found"`, "rate type"}, // the user endpoint's bare string
		{RateTarget{UserID: 7}, `"User 7 not found"`, "user"},
	}
	for _, tc := range cases {
		c, _ := stubClient(t, http.StatusNotFound, tc.body)
		_, err := c.Rates.Set(ctxT(t), tc.target, RateInput{RateTypeID: 123, Value: "1"})
		var nf *NotFoundError
		if !errors.As(err, &nf) || nf.Kind != tc.kind || StatusCode(err) != http.StatusNotFound {
			t.Errorf("%s: err = %v, want a %q not found", tc.body, err, tc.kind)
		}
		_, err = c.Rates.List(ctxT(t), tc.target)
		if !IsNotFound(err) {
			t.Errorf("GET %s: err = %v, want not found", tc.body, err)
		}
	}
	// 403 (plan or permission) stays an error.
	c403, _ := stubClient(t, http.StatusForbidden, `{"message":"You are not allowed to use specific billing rates. Please upgrade Your plan."}`)
	if _, err := c403.Rates.List(ctxT(t), RateTarget{TaskID: 3}); IsNotFound(err) || StatusCode(err) != 403 || !strings.Contains(err.Error(), "upgrade Your plan") {
		t.Errorf("403: %v", err)
	}
}

func TestRateSetSendsAnExactNumberAndReadsTheNumberReply(t *testing.T) {
	c, s := stubClient(t, http.StatusCreated, `{"rateId":145999,"rateTypeId":23,"value":333,"refType":"task","addDate":"2021-09-09","refId":"75091248"}`)
	r, err := c.Rates.Set(ctxT(t), RateTarget{TaskID: 75091248}, RateInput{RateTypeID: 23, Value: "12.30", AddDate: Set("2021-09-09")})
	if err != nil || r.RateID != 145999 || r.Value != "333" || r.AddDate != "2021-09-09" {
		t.Fatalf("Set = %+v, %v", r, err)
	}
	req := s.requests()[0]
	if req.Method != http.MethodPost || req.Path != "/api/task/75091248/rate" || req.Body != `{"addDate":"2021-09-09","rateTypeId":23,"value":12.30}` {
		t.Errorf("sent %s %s %s", req.Method, req.Path, req.Body)
	}
	for _, bad := range []string{"", "12,30", "1/2", "ten", `"1"`, "0x10", "NaN", "1.", ".5"} {
		if _, err := c.Rates.Set(ctxT(t), RateTarget{TaskID: 1}, RateInput{RateTypeID: 1, Value: bad}); err == nil {
			t.Errorf("value %q accepted", bad)
		}
	}
	if s.count() != 1 {
		t.Errorf("%d requests, want only the valid one", s.count())
	}
	// POST is an upsert: a lost reply may be sent again.
	flaky, fs := stubClient(t, http.StatusBadGateway, `{"message":"bad gateway"}`)
	_, _ = flaky.Rates.Set(ctxT(t), RateTarget{GroupID: 9}, RateInput{RateTypeID: 1, Value: "5"})
	if fs.count() < 2 {
		t.Errorf("Set after a 502 was sent %d times, want a retry", fs.count())
	}
}

func TestRateTypesShapes(t *testing.T) {
	cases := map[string][]RateType{
		// TS's declared type, TS's test mock, legacy /rate, keyed by id, v3-style wrapping, strings.
		`[{"rateTypeId":1,"name":"Billable rate","isCost":false},{"rateTypeId":2,"name":"Cost rate","isCost":true}]`: {{1, "Billable rate", false}, {2, "Cost rate", true}},
		`[{"id":1,"name":"Regular"}]`:                                    {{1, "Regular", false}},
		`[{"rate_id":8,"name":"Example no 1","is_cost":true}]`:           {{8, "Example no 1", true}},
		`{"9":{"name":"Keyed","is_cost":"1"},"3":{"id":"3","name":"B"}}`: {{3, "B", false}, {9, "Keyed", true}},
		`{"data":[{"rateTypeId":"4","name":"Wrapped","isCost":"0"}]}`:    {{4, "Wrapped", false}},
		`[]`: {},
	}
	for body, want := range cases {
		c, s := stubClient(t, http.StatusOK, body)
		got, err := c.Rates.Types(ctxT(t))
		if err != nil || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: %+v, %v; want %+v", body, got, err, want)
		}
		if r := s.requests()[0]; r.Path != "/internal/api/rate_type" || r.Header.Get("Authorization") != "Bearer "+testToken {
			t.Errorf("sent %s (auth %q); want the internal API next to the base, with the token", r.Path, r.Header.Get("Authorization"))
		}
	}
	c, _ := stubClient(t, http.StatusOK, `[{"name":"no id"}]`)
	if _, err := c.Rates.Types(ctxT(t)); err == nil {
		t.Error("a rate type without an id was accepted")
	}
}

func TestRateTypesFallBackToLegacyRate(t *testing.T) {
	for _, status := range []int{http.StatusNotFound, http.StatusForbidden, http.StatusUnauthorized} {
		s := newStub(t, func(w http.ResponseWriter, r *http.Request, _ int) {
			w.Header().Set("Content-Type", "application/json")
			if strings.HasPrefix(r.URL.Path, "/internal/") {
				w.WriteHeader(status)
				_, _ = io.WriteString(w, `{"message":"nope"}`)
				return
			}
			_, _ = io.WriteString(w, `[{"rate_id":8,"name":"Example no 1","is_cost":true}]`)
		})
		c := newTestClient(t, s.base(), testToken, nil)
		got, err := c.Rates.Types(ctxT(t))
		if err != nil || !reflect.DeepEqual(got, []RateType{{8, "Example no 1", true}}) {
			t.Errorf("%d: %+v, %v", status, got, err)
		}
		if reqs := s.requests(); len(reqs) != 2 || reqs[1].Path != "/api/rate" {
			t.Errorf("%d: requests %+v", status, reqs)
		}
	}
	// When both refuse, the error names both.
	c, _ := stubClient(t, http.StatusNotFound, `{"message":"nope"}`)
	if _, err := c.Rates.Types(ctxT(t)); err == nil || !strings.Contains(err.Error(), "internal API") || !strings.Contains(err.Error(), "/rate") {
		t.Errorf("both refused: %v", err)
	}
}

// TestRatesAgainstEmulator sets and reads a rate on each target through the emulator.
func TestRatesAgainstEmulator(t *testing.T) {
	c, srv := emulatorClient(t, timecamptest.Options{})
	ctx := ctxT(t)
	types, err := c.Rates.Types(ctx)
	if err != nil || len(types) != 2 || !types[1].IsCost {
		t.Fatalf("types = %+v, %v", types, err)
	}
	if n := srv.RequestCount(http.MethodGet, "/internal/api/rate_type"); n != 1 {
		t.Errorf("%d GET /internal/api/rate_type, want 1", n)
	}
	task, err := c.Tasks.Create(ctx, TaskInput{Name: Set("Website")})
	if err != nil {
		t.Fatal(err)
	}
	targets := []RateTarget{
		{TaskID: int64(task.TaskID)}, {UserID: srv.AdminUserID()}, {GroupID: srv.RootGroupID()},
		{TaskID: int64(task.TaskID), UserID: srv.AdminUserID()},
	}
	for _, target := range targets {
		if _, err := c.Rates.Get(ctx, target, 1, ""); !IsNotFound(err) {
			t.Errorf("%s before any rate: %v", target, err)
		}
		set, err := c.Rates.Set(ctx, target, RateInput{RateTypeID: 1, Value: "12.3"})
		if err != nil || set.Value != "12.3" || string(set.RefType) != target.Kind() {
			t.Fatalf("%s: Set = %+v, %v", target, set, err)
		}
		got, err := c.Rates.Get(ctx, target, 1, "")
		if err != nil || got.Value != "12.30" || got.AddDate != "2000-01-01" || got.RateID != set.RateID {
			t.Errorf("%s: Get = %+v, %v", target, got, err)
		}
		if _, err := c.Rates.Set(ctx, target, RateInput{RateTypeID: 77, Value: "1"}); !IsNotFound(err) {
			t.Errorf("%s: unknown rate type: %v", target, err)
		}
	}
	if _, err := c.Rates.Get(ctx, RateTarget{UserID: 4242}, 1, ""); !IsNotFound(err) {
		t.Errorf("unknown user: %v", err)
	}
	if _, err := c.Rates.Set(ctx, RateTarget{TaskID: 4242}, RateInput{RateTypeID: 1, Value: "1"}); !IsNotFound(err) {
		t.Errorf("unknown task: %v", err)
	}
}
