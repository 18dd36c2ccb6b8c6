package timecamp

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

// An invoice as the sources describe it: ids numbers, userId a string (create reply), rootGroupId
// a string, zero dates, quote a flag, money as strings and numbers.
const invoiceJSON = `{"invoiceId": 8, "clientId": 18855, "invoiceNumber": "2026/01", "description": null,
  "issueDate": "2026-02-10", "dueDate": "0000-00-00", "editDate": "2026-02-10 10:00:00", "status": "1",
  "sentDate": "0000-00-00 00:00:00", "viewedDate": "0000-00-00 00:00:00", "addDate": "2026-02-10 09:00:00",
  "paidDate": "0000-00-00 00:00:00", "noteToClient": "Thanks", "pass": "", "poNumber": "PO-1",
  "userId": "640", "currencyId": 1, "rootGroupId": "1208", "publicHash": "abc", "storedFileId": null, "quote": "0",
  "entries": [
    {"invoiceId": "8", "invoiceEntryId": 12, "description": "b", "type": 1, "quantity": 2, "duration": "0",
     "unitCost": "10.10", "taxId": "198", "name": "Licence", "subTotal": 20.2, "ttEntriesIds": []},
    {"invoiceId": 8, "invoiceEntryId": "11", "description": "a", "type": "0", "quantity": "5.55", "duration": 19980,
     "unitCost": 109, "taxId": -1, "name": "Admin", "subTotal": "604.95", "ttEntriesIds": ["263222996", 263222990]}
  ]}`

func TestInvoiceDecodeLenient(t *testing.T) {
	for _, tc := range []struct{ name, body string }{
		{"keyed by invoiceId", `{"8": ` + invoiceJSON + `}`},
		{"array", `[` + invoiceJSON + `]`},
		{"keyed, id only in the key", `{"8": ` + strings.Replace(invoiceJSON, `"invoiceId": 8,`, ``, 1) + `}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := stubClient(t, http.StatusOK, tc.body)
			inv, err := c.Invoices.Get(ctxT(t), 8)
			if err != nil {
				t.Fatal(err)
			}
			if inv.ClientID != 18855 || inv.UserID != 640 || inv.RootGroupID != 1208 || inv.Status != InvoiceStatusPending ||
				bool(inv.Quote) || inv.Description.Valid || inv.PONumber.Value != "PO-1" || !IsZeroDate(inv.DueDate) || IsZeroDate(inv.IssueDate) {
				t.Fatalf("invoice decoded as %+v", inv)
			}
			lines := inv.Lines()
			if len(lines) != 2 || lines[0].InvoiceEntryID != 11 || lines[1].InvoiceEntryID != 12 {
				t.Fatalf("lines %+v", lines)
			}
			a, b := lines[0], lines[1]
			if a.Quantity != "5.55" || a.UnitCost != "109" || a.SubTotal != "604.95" || a.HasTax() || a.Type != InvoiceLineService ||
				len(a.TimeEntryIDs()) != 2 || a.TimeEntryIDs()[0] != 263222990 {
				t.Fatalf("line a %+v", a)
			}
			if b.UnitCost != "10.10" || b.SubTotal != "20.2" || b.TaxID != 198 || b.Type != InvoiceLineProduct || len(b.TimeEntryIDs()) != 0 {
				t.Fatalf("line b %+v", b)
			}
		})
	}
	c, _ := stubClient(t, http.StatusOK, `[]`)
	if _, err := c.Invoices.Get(ctxT(t), 8); !IsNotFound(err) {
		t.Fatalf("empty list: %v", err)
	}
	c, _ = stubClient(t, http.StatusOK, `[{"clientId": 1}]`)
	var decodeErr *DecodeError
	if _, err := c.Invoices.List(ctxT(t)); !errors.As(err, &decodeErr) {
		t.Fatalf("array item without id: %v", err)
	}
}

// The create body is the bracketed form SPEC §13.3 describes, with invoiceId=-1, exact money,
// and the create is not replayed when the reply is lost.
func TestInvoiceCreateFormAndNoReplay(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, invoiceJSON)
	in := InvoiceInput{ClientID: 18855, Number: "2026/01", IssueDate: "2026-02-10", Status: InvoiceStatusDraft,
		CurrencyID: Set[int64](2),
		Lines: []InvoiceLineInput{{EntryID: -1, Name: "Admin", Quantity: "5.55", UnitCost: "109", TaxID: NoTax,
			TimeEntryIDs: []int64{263222996, 263222990}}, {Name: "Licence", Type: InvoiceLineProduct, Quantity: "0.1", UnitCost: "0.2", TaxID: 198}}}
	inv, err := c.Invoices.Create(ctxT(t), in)
	if err != nil || inv.InvoiceID != 8 {
		t.Fatalf("Create = %+v, %v", inv, err)
	}
	req := s.requests()[0]
	if req.Method != http.MethodPut || !strings.HasSuffix(req.Path, "/invoice") || req.Header.Get("Content-Type") != "application/x-www-form-urlencoded" {
		t.Fatalf("request %s %s %s", req.Method, req.Path, req.Header.Get("Content-Type"))
	}
	form, err := url.ParseQuery(req.Body)
	if err != nil {
		t.Fatal(err)
	}
	for key, want := range map[string]string{
		"invoiceId": "-1", "clientId": "18855", "invoiceNumber": "2026/01", "issueDate": "2026-02-10", "status": "0",
		"currencyId": "2", "dueDate": "",
		"entries[0][invoiceEntryId]": "-1", "entries[0][quantity]": "5.55", "entries[0][unitCost]": "109",
		"entries[0][subTotal]": "604.95", "entries[0][duration]": "19980", "entries[0][taxId]": "-1", "entries[0][type]": "0",
		"entries[0][ttEntriesIds][0]": "263222996", "entries[0][ttEntriesIds][1]": "263222990",
		"entries[1][invoiceEntryId]": "-1", "entries[1][subTotal]": "0.02", "entries[1][type]": "1", "entries[1][taxId]": "198",
	} {
		if got, ok := form[key]; !ok || got[0] != want {
			t.Errorf("form %s = %v, want %q", key, got, want)
		}
	}
	if _, ok := form["entries[1][ttEntriesIds][0]"]; ok {
		t.Error("a line without time entries sent ttEntriesIds")
	}

	lost := newStub(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(http.StatusBadGateway) })
	lc := newTestClient(t, lost.base(), testToken, nil)
	if _, err := lc.Invoices.Create(ctxT(t), in); StatusCode(err) != http.StatusBadGateway || lost.count() != 1 {
		t.Fatalf("create after 502: %v, %d requests (want 1: never replayed)", err, lost.count())
	}
}

func TestInvoiceLineAmountsExact(t *testing.T) {
	for _, tc := range []struct{ q, c, sub string }{{"5.55", "109", "604.95"}, {"0.3", "109", "32.7"}, {"0.1", "0.2", "0.02"}, {"1.25", "10.10", "12.625"}, {"3", "0", "0"}} {
		if got, _, err := lineAmounts(tc.q, tc.c); err != nil || got != tc.sub {
			t.Errorf("%s × %s = %q, %v; want %s", tc.q, tc.c, got, err, tc.sub)
		}
	}
	if _, _, err := lineAmounts("x", "1"); err == nil {
		t.Error("a quantity that is not a number was accepted")
	}
	if !DecimalEqual("12.30", "12.3") || DecimalEqual("12.3", "12.31") || DecimalEqual("", "0") {
		t.Error("DecimalEqual")
	}
}

func TestInvoicesAgainstEmulator(t *testing.T) {
	c, _ := emulatorClient(t, timecamptest.Options{})
	ctx := ctxT(t)
	cl, err := c.Clients.Create(ctx, InvoiceClientInput{OrganizationName: Set("Acme"), CurrencyID: Set[int64](3)})
	if err != nil {
		t.Fatal(err)
	}
	entryID, err := c.Entries.Create(ctx, EntryInput{Date: Set("2026-02-02"), Duration: Set[int64](3600)})
	if err != nil {
		t.Fatal(err)
	}
	in := InvoiceInput{ClientID: int64(cl.ClientID), Number: "A-1", IssueDate: "2026-02-10", DueDate: "2026-03-10",
		Lines: []InvoiceLineInput{{Name: "Work", Quantity: "1.5", UnitCost: "100.10", TaxID: NoTax, TimeEntryIDs: []int64{entryID}}}}
	created, err := c.Invoices.Create(ctx, in)
	if err != nil {
		t.Fatal(err)
	}
	id := int64(created.InvoiceID)
	inv, err := c.Invoices.Get(ctx, id)
	if err != nil || inv.CurrencyID != 3 || inv.InvoiceNumber != "A-1" || string(inv.DueDate) != "2026-03-10" || len(inv.Lines()) != 1 {
		t.Fatalf("after create %+v, %v", inv, err)
	}
	line := inv.Lines()[0]
	if !DecimalEqual(string(line.SubTotal), "150.15") || line.HasTax() || len(line.TimeEntryIDs()) != 1 || line.TimeEntryIDs()[0] != entryID {
		t.Fatalf("line %+v", line)
	}

	// Update: the first line keeps its id, a second is added; the time entry is let go.
	in.Status, in.DueDate = InvoiceStatusPaid, ""
	in.Lines = []InvoiceLineInput{{EntryID: int64(line.InvoiceEntryID), Name: "Work", Quantity: "2", UnitCost: "100.10", TaxID: 7},
		{EntryID: -1, Name: "Extra", Type: InvoiceLineProduct, Quantity: "1", UnitCost: "5"}}
	if err := c.Invoices.Update(ctx, id, in); err != nil {
		t.Fatal(err)
	}
	inv, _ = c.Invoices.Get(ctx, id)
	lines := inv.Lines()
	if inv.Status != InvoiceStatusPaid || !IsZeroDate(inv.DueDate) || len(lines) != 2 || lines[0].InvoiceEntryID != line.InvoiceEntryID ||
		lines[0].TaxID != 7 || !DecimalEqual(string(lines[0].SubTotal), "200.2") || len(lines[0].TimeEntryIDs()) != 0 || lines[1].Name.Value != "Extra" {
		t.Fatalf("after update %+v", inv)
	}

	// A client with invoices cannot be deleted; the refusal is not "not found".
	if err := c.Clients.Delete(ctx, int64(cl.ClientID)); err == nil || IsNotFound(err) || !strings.Contains(err.Error(), "Client has invoices") {
		t.Fatalf("delete of an invoiced client: %v", err)
	}
	if err := c.Invoices.Delete(ctx, id); err != nil {
		t.Fatal(err)
	}
	if err := c.Invoices.Delete(ctx, id); !IsNotFound(err) {
		t.Fatalf("second delete: %v", err)
	}
	if err := c.Invoices.Update(ctx, id, in); !IsNotFound(err) {
		t.Fatalf("update of a deleted invoice: %v", err)
	}
	if err := c.Clients.Delete(ctx, int64(cl.ClientID)); err != nil {
		t.Fatalf("client delete after its invoice went: %v", err)
	}
}

// A create whose reply is lost is not sent again: the invoice exists once.
func TestInvoiceCreateLostReplyAgainstEmulator(t *testing.T) {
	c, srv := emulatorClient(t, timecamptest.Options{})
	ctx := ctxT(t)
	cl, err := c.Clients.Create(ctx, InvoiceClientInput{OrganizationName: Set("Acme")})
	if err != nil {
		t.Fatal(err)
	}
	srv.InjectFault(timecamptest.Fault{Method: http.MethodPut, Path: "/invoice", LoseReply: true})
	_, err = c.Invoices.Create(ctx, InvoiceInput{ClientID: int64(cl.ClientID), Number: "1", IssueDate: "2026-01-01",
		Lines: []InvoiceLineInput{{Name: "x", Quantity: "1", UnitCost: "1", TaxID: NoTax}}})
	if err == nil {
		t.Fatal("a lost reply read as success")
	}
	if n := srv.RequestCount(http.MethodPut, "/invoice"); n != 1 {
		t.Fatalf("PUT /invoice sent %d times", n)
	}
	if list, err := c.Invoices.List(ctx); err != nil || len(list) != 1 {
		t.Fatalf("%d invoices (%v): the create happened once", len(list), err)
	}
}

// Any body decodes to invoices or to an error, never to a panic; a create reply that decodes has
// an id.
func FuzzDecodeInvoices(f *testing.F) {
	addSeeds(f, invoiceJSON, `{"8": `+invoiceJSON+`}`, `[`+invoiceJSON+`]`, `[]`, `{}`, `null`, ``, `"[]"`,
		`{"8": {"entries": {"3": {"invoiceEntryId": 3, "ttEntriesIds": {"0": "5"}}}}}`, `{"invoiceId": "x"}`,
		`{"invoiceId": 1, "quote": "yes"}`, `{"invoiceId": 1, "entries": [{"unitCost": "1,5"}]}`, `<html></html>`)
	f.Fuzz(func(t *testing.T, data []byte) {
		var keyed Keyed[Invoice]
		if err := json.Unmarshal(data, &keyed); err == nil {
			for _, inv := range keyed {
				for _, l := range inv.Lines() {
					_ = l.TimeEntryIDs()
				}
			}
		}
		if inv, err := decodeOneKeyed(data, "invoice", "invoiceId", invoiceID); err == nil && inv.InvoiceID <= 0 {
			t.Fatalf("a create reply without an id decoded: %+v", inv)
		}
	})
}
