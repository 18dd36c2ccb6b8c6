package timecamptest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"testing"
)

func (a *api) createClient(form url.Values) map[string]any {
	a.t.Helper()
	return decodeObject(a.t, a.form(http.MethodPut, "/client", form).expect(a.t, http.StatusOK, "").body)
}

func clientIDOf(t *testing.T, o map[string]any) string {
	t.Helper()
	n, ok := o["clientId"].(json.Number)
	if !ok {
		t.Fatalf("clientId = %#v, want a JSON number", o["clientId"])
	}
	return n.String()
}

func TestClientCreateListShapes(t *testing.T) {
	clock := &fixedClock{now: mustTime("2026-03-24 17:00:21")}
	a := newAPI(t, Options{Now: clock.Now})
	a.get("/client").expect(t, http.StatusOK, "[]")

	// Form-encoded like TimeCamp's own client, with clientId=-1.
	c := a.createClient(url.Values{"clientId": {"-1"}, "organizationName": {"Example Sp. z o.o."},
		"firstName": {"Ada"}, "lastName": {"Lovelace"}, "email": {"ada@example.com"}, "address": {"1 Main St\nLondon"}, "currencyId": {"2"}})
	id := clientIDOf(t, c)
	if n, _ := strconv.ParseInt(id, 10, 64); n < firstClientID {
		t.Fatalf("client id %s not from its range", id)
	}
	root, admin := str(a.srv.RootGroupID()), str(a.srv.AdminUserID())
	want := `{"clientId":` + id + `,"firstName":"Ada","lastName":"Lovelace","organizationName":"Example Sp. z o.o.",` +
		`"address":"1 Main St\nLondon","currencyId":2,"email":"ada@example.com","rootGroupId":"` + root +
		`","addedBy":"` + admin + `","added":"2026-03-24 17:00:21"}`
	a.get("/client").expect(t, http.StatusOK, `{"`+id+`":`+want+`}`)

	// Fields left out are "", currency 1; JSON bodies work too.
	c2 := decodeObject(t, a.json(http.MethodPut, "/client", map[string]any{"organizationName": "Solo"}).expect(t, http.StatusOK, "").body)
	requireNumbers(t, c2, "clientId", "currencyId")
	requireStrings(t, c2, "firstName", "lastName", "address", "email", "rootGroupId", "addedBy", "added")
	if c2["firstName"] != "" || c2["email"] != "" || c2["currencyId"] != json.Number("1") {
		t.Fatalf("defaults: %v", c2)
	}
	requireKeys(t, decodeObject(t, a.get("/client").body), id, clientIDOf(t, c2))
}

func TestClientLegacyShapes(t *testing.T) {
	a := newAPI(t, Options{LegacyClientShapes: true})
	a.get("/client").expect(t, http.StatusOK, "[]")
	r := a.form(http.MethodPut, "/client", url.Values{"organizationName": {"Old"}}).expect(t, http.StatusOK, "")
	items, ok := decode(t, r.body).([]any)
	if !ok || len(items) != 1 {
		t.Fatalf("legacy create reply %s, want an array of one client", r.body)
	}
	list, ok := decode(t, a.get("/client").body).([]any)
	if !ok || len(list) != 1 || list[0].(map[string]any)["organizationName"] != "Old" {
		t.Fatalf("legacy list %v, want an array", list)
	}
}

func TestClientUpdateDelete(t *testing.T) {
	a := newAPI(t, Options{})
	id := clientIDOf(t, a.createClient(url.Values{"organizationName": {"Acme"}, "firstName": {"Wile"}, "email": {"w@acme.test"}}))

	// Only the fields sent change; "" clears.
	r := a.form(http.MethodPost, "/client", url.Values{"clientId": {id}, "organizationName": {"Acme Ltd"}, "email": {""}, "currencyId": {"3"}}).
		expect(t, http.StatusOK, "")
	o := decodeObject(t, r.body)
	if o["organizationName"] != "Acme Ltd" || o["email"] != "" || o["firstName"] != "Wile" || o["currencyId"] != json.Number("3") {
		t.Fatalf("updated client %v", o)
	}

	a.form(http.MethodPost, "/client", url.Values{"clientId": {id}, "organizationName": {" "}}).
		expectMessage(t, http.StatusBadRequest, "organizationName is required")
	a.form(http.MethodPost, "/client", url.Values{"clientId": {id}, "currencyId": {"0"}}).
		expectMessage(t, http.StatusBadRequest, "Invalid value for currencyId")
	a.form(http.MethodPost, "/client", url.Values{"organizationName": {"x"}}).
		expectMessage(t, http.StatusBadRequest, "clientId is required")
	a.form(http.MethodPost, "/client", url.Values{"clientId": {"1"}, "organizationName": {"x"}}).
		expectMessage(t, http.StatusNotFound, "Client not found")
	a.form(http.MethodPut, "/client", url.Values{"firstName": {"Nameless"}}).
		expectMessage(t, http.StatusBadRequest, "organizationName is required")

	n, _ := strconv.ParseInt(id, 10, 64)
	a.json(http.MethodDelete, "/client", map[string]any{"clientId": n}).expectMessage(t, http.StatusOK, "ok")
	a.get("/client").expect(t, http.StatusOK, "[]")
	a.json(http.MethodDelete, "/client", map[string]any{"clientId": n}).expectMessage(t, http.StatusNotFound, "Client not found")
}

func TestClientsPersist(t *testing.T) {
	file := filepath.Join(t.TempDir(), "account.json")
	a := newAPI(t, Options{DataFile: file})
	id := clientIDOf(t, a.createClient(url.Values{"organizationName": {"Kept"}, "address": {"Here"}}))
	before := a.get("/client").body
	a.srv.Close()

	b := newAPI(t, Options{DataFile: file})
	b.get("/client").expect(t, http.StatusOK, string(before))
	next := clientIDOf(t, b.createClient(url.Values{"organizationName": {"Next"}}))
	if next == id {
		t.Fatalf("id %s handed out twice", id)
	}
}
