package timecamptest

import (
	"encoding/json"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
)

// invoiceFixture is an emulator with one client and two time entries of the admin.
func invoiceFixture(t *testing.T, opts Options) (a *api, clientID string, entries []string) {
	t.Helper()
	a = newAPI(t, opts)
	clientID = clientIDOf(t, a.createClient(url.Values{"organizationName": {"Acme"}, "currencyId": {"4"}}))
	for _, d := range []string{"2026-02-02", "2026-02-03"} {
		o := decodeObject(t, a.json(http.MethodPost, "/entries", map[string]any{"date": d, "duration": 3600}).expect(t, http.StatusCreated, "").body)
		entries = append(entries, o["entry_id"].(json.Number).String())
	}
	return a, clientID, entries
}

func invoiceForm(clientID string, lines ...map[string]string) url.Values {
	f := url.Values{"invoiceId": {"-1"}, "clientId": {clientID}, "invoiceNumber": {"INV-1"}, "issueDate": {"2026-02-10"}}
	for i, l := range lines {
		for k, v := range l {
			f.Set("entries["+itoa(i)+"]"+k, v)
		}
	}
	return f
}

func itoa(i int) string { return str(int64(i)) }

func entryInvoiceID(t *testing.T, a *api, entryID string) string {
	t.Helper()
	list, _ := decode(t, a.get("/entries?from=2026-02-01&to=2026-02-28").body).([]any)
	for _, it := range list {
		o := it.(map[string]any)
		if o["id"].(json.Number).String() == entryID {
			return o["invoiceId"].(string)
		}
	}
	t.Fatalf("entry %s not listed", entryID)
	return ""
}

func TestInvoiceCreateBracketFormAndList(t *testing.T) {
	a, clientID, entries := invoiceFixture(t, Options{})
	a.get("/invoice").expect(t, http.StatusOK, "[]")

	r := a.form(http.MethodPut, "/invoice", invoiceForm(clientID, map[string]string{
		"[invoiceEntryId]": "-1", "[name]": "Work", "[type]": "0", "[quantity]": "5.55", "[unitCost]": "109",
		"[taxId]": "-1", "[subTotal]": "1", "[ttEntriesIds][0]": entries[1], "[ttEntriesIds][1]": entries[0],
	}, map[string]string{"[name]": "Licence", "[type]": "1", "[quantity]": "2", "[unitCost]": "10.10", "[taxId]": "198"})).
		expect(t, http.StatusOK, "")
	created := decodeObject(t, r.body)
	requireNumbers(t, created, "invoiceId", "clientId", "status", "currencyId")
	requireStrings(t, created, "userId", "rootGroupId", "invoiceNumber", "dueDate", "paidDate")
	if created["dueDate"] != "0000-00-00" || created["paidDate"] != "0000-00-00 00:00:00" || created["currencyId"] != json.Number("4") {
		t.Fatalf("created %v", created)
	}
	id := created["invoiceId"].(json.Number).String()

	list := decodeObject(t, a.get("/invoice").body)
	requireKeys(t, list, id)
	inv := list[id].(map[string]any)
	requireNumbers(t, inv, "userId", "rootGroupId")
	lines := inv["entries"].([]any)
	if len(lines) != 2 {
		t.Fatalf("lines %v", lines)
	}
	first, second := lines[0].(map[string]any), lines[1].(map[string]any)
	requireStrings(t, first, "quantity", "unitCost", "subTotal")
	if first["subTotal"] != "604.95" || first["taxId"] != json.Number("-1") || second["subTotal"] != "20.20" || second["taxId"] != json.Number("198") {
		t.Fatalf("lines %v", lines)
	}
	ids := first["ttEntriesIds"].([]any)
	if len(ids) != 2 || ids[0].(json.Number).String() != entries[0] {
		t.Fatalf("ttEntriesIds %v, want both entries ascending", ids)
	}
	if got := entryInvoiceID(t, a, entries[0]); got != id {
		t.Fatalf("linked entry has invoiceId %s, want %s", got, id)
	}
}

func TestInvoiceValidation(t *testing.T) {
	a, clientID, entries := invoiceFixture(t, Options{})
	good := map[string]string{"[name]": "Work", "[quantity]": "1", "[unitCost]": "10"}
	with := func(k, v string) map[string]string {
		m := map[string]string{}
		for key, val := range good {
			m[key] = val
		}
		m[k] = v
		return m
	}
	a.form(http.MethodPut, "/invoice", invoiceForm("1", good)).expectMessage(t, http.StatusBadRequest, "Client 1 does not exist")
	bad := invoiceForm(clientID, good)
	bad.Set("issueDate", "10/02/2026")
	a.form(http.MethodPut, "/invoice", bad).expectMessage(t, http.StatusBadRequest, "Invalid value for issueDate: a date YYYY-MM-DD is required")
	bad = invoiceForm(clientID, good)
	bad.Set("status", "3")
	a.form(http.MethodPut, "/invoice", bad).expectMessage(t, http.StatusBadRequest, "Invalid value for status")
	a.form(http.MethodPut, "/invoice", invoiceForm(clientID, with("[type]", "2"))).
		expectMessage(t, http.StatusBadRequest, "entries[0]: type must be 0 (service) or 1 (product)")
	a.form(http.MethodPut, "/invoice", invoiceForm(clientID, with("[unitCost]", "1,5"))).
		expectMessage(t, http.StatusBadRequest, "entries[0]: unitCost must be a decimal number")
	a.form(http.MethodPut, "/invoice", invoiceForm(clientID, with("[ttEntriesIds][0]", "1"))).
		expectMessage(t, http.StatusBadRequest, "entries[0]: time entry 1 does not exist")
	a.form(http.MethodPut, "/invoice", invoiceForm(clientID, with("[invoiceEntryId]", "5"))).
		expectMessage(t, http.StatusBadRequest, "entries[0]: invoice entry 5 is not a line of this invoice")
	a.get("/invoice").expect(t, http.StatusOK, "[]") // nothing was created by the refusals

	// A time entry on one invoice cannot go on another.
	a.form(http.MethodPut, "/invoice", invoiceForm(clientID, with("[ttEntriesIds][0]", entries[0]))).expect(t, http.StatusOK, "")
	r := a.form(http.MethodPut, "/invoice", invoiceForm(clientID, with("[ttEntriesIds][0]", entries[0])))
	if r.status != http.StatusBadRequest || !strings.Contains(string(r.body), "is already on invoice") {
		t.Fatalf("second invoice for one entry: %d %s", r.status, r.body)
	}
}

func TestInvoiceUpdateDeleteJSON(t *testing.T) {
	a, clientID, entries := invoiceFixture(t, Options{})
	created := decodeObject(t, a.form(http.MethodPut, "/invoice", invoiceForm(clientID,
		map[string]string{"[name]": "A", "[quantity]": "1", "[unitCost]": "10", "[ttEntriesIds][0]": entries[0]},
		map[string]string{"[name]": "B", "[quantity]": "1", "[unitCost]": "20"})).expect(t, http.StatusOK, "").body)
	id := created["invoiceId"].(json.Number)
	lines := created["entries"].([]any)
	firstLine := lines[0].(map[string]any)["invoiceEntryId"].(json.Number)

	// Fields not sent stay; no entries sent: the lines stay.
	r := a.form(http.MethodPost, "/invoice", url.Values{"invoiceId": {id.String()}, "noteToClient": {"Thanks"}, "status": {"2"}}).expect(t, http.StatusOK, "")
	o := decodeObject(t, r.body)
	if o["noteToClient"] != "Thanks" || o["invoiceNumber"] != "INV-1" || len(o["entries"].([]any)) != 2 || o["paidDate"] == "0000-00-00 00:00:00" {
		t.Fatalf("after a partial update %v", o)
	}

	// JSON entries replace the lines: the first keeps its id and lets its time entry go.
	r = a.json(http.MethodPost, "/invoice", map[string]any{"invoiceId": id, "entries": []any{
		map[string]any{"invoiceEntryId": firstLine, "name": "A2", "quantity": 2, "unitCost": "10", "ttEntriesIds": []any{entries[1]}},
	}}).expect(t, http.StatusOK, "")
	got := decodeObject(t, r.body)["entries"].([]any)
	if len(got) != 1 || got[0].(map[string]any)["invoiceEntryId"] != firstLine || got[0].(map[string]any)["subTotal"] != "20.00" {
		t.Fatalf("replaced lines %v", got)
	}
	if entryInvoiceID(t, a, entries[0]) != "0" || entryInvoiceID(t, a, entries[1]) != id.String() {
		t.Fatal("time entry links not moved")
	}

	// A deleted time entry leaves its line.
	n := json.Number(entries[1])
	a.json(http.MethodDelete, "/entries", map[string]any{"id": n}).expect(t, http.StatusOK, "")
	inv := decodeObject(t, a.get("/invoice").body)[id.String()].(map[string]any)
	if ids := inv["entries"].([]any)[0].(map[string]any)["ttEntriesIds"].([]any); len(ids) != 0 {
		t.Fatalf("deleted entry still linked: %v", ids)
	}

	// The client cannot go while it has the invoice.
	a.json(http.MethodDelete, "/client", map[string]any{"clientId": json.Number(clientID)}).expectMessage(t, http.StatusBadRequest, "Client has invoices")
	a.json(http.MethodDelete, "/invoice", map[string]any{"invoiceId": id}).expectMessage(t, http.StatusOK, "ok")
	a.get("/invoice").expect(t, http.StatusOK, "[]")
	a.json(http.MethodDelete, "/invoice", map[string]any{"invoiceId": id}).expectMessage(t, http.StatusNotFound, "Invoice not found")
	a.form(http.MethodPost, "/invoice", url.Values{"invoiceId": {id.String()}}).expectMessage(t, http.StatusNotFound, "Invoice not found")
	a.json(http.MethodDelete, "/invoice", map[string]any{}).expectMessage(t, http.StatusBadRequest, "invoiceId is required")
	a.json(http.MethodDelete, "/client", map[string]any{"clientId": json.Number(clientID)}).expectMessage(t, http.StatusOK, "ok")
}

func TestInvoicesPersist(t *testing.T) {
	file := filepath.Join(t.TempDir(), "account.json")
	a, clientID, entries := invoiceFixture(t, Options{DataFile: file})
	id := decodeObject(t, a.form(http.MethodPut, "/invoice", invoiceForm(clientID,
		map[string]string{"[name]": "A", "[quantity]": "1.5", "[unitCost]": "10.10", "[ttEntriesIds][0]": entries[0]})).
		expect(t, http.StatusOK, "").body)["invoiceId"].(json.Number).String()
	before := a.get("/invoice").body
	a.srv.Close()

	b := newAPI(t, Options{DataFile: file})
	b.get("/invoice").expect(t, http.StatusOK, string(before))
	next := decodeObject(t, b.form(http.MethodPut, "/invoice", invoiceForm(clientID,
		map[string]string{"[name]": "B", "[quantity]": "1", "[unitCost]": "1"})).expect(t, http.StatusOK, "").body)
	if next["invoiceId"].(json.Number).String() == id {
		t.Fatalf("invoice id %s handed out twice", id)
	}
	if line := next["entries"].([]any)[0].(map[string]any); line["invoiceEntryId"] == decodeObject(t, before)[id].(map[string]any)["entries"].([]any)[0].(map[string]any)["invoiceEntryId"] {
		t.Fatal("line id handed out twice")
	}
}
