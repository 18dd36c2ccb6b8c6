package timecamp

import (
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

// One client as SPEC §13.1 shows it: clientId and currencyId numbers, rootGroupId and addedBy strings.
const clientJSON = `{"clientId": 18855, "firstName": "aaaa", "lastName": "bbb", "organizationName": "Example Sp. z o.o.",
  "address": "Street 1", "currencyId": 1, "email": "a@example.com", "rootGroupId": "1208", "addedBy": "640",
  "added": "2014-03-24 17:00:21"}`

var wantClient = InvoiceClient{ClientID: 18855, FirstName: NullString{"aaaa", true}, LastName: NullString{"bbb", true},
	OrganizationName: "Example Sp. z o.o.", Address: NullString{"Street 1", true}, CurrencyID: 1,
	Email: NullString{"a@example.com", true}, RootGroupID: 1208, AddedBy: 640, Added: "2014-03-24 17:00:21"}

func TestClientsListShapes(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       []int64
	}{
		{"keyed by clientId (TS)", `{"18855": ` + clientJSON + `, "7": {"clientId": "7", "organizationName": "B", "currencyId": "2"}}`, []int64{7, 18855}},
		{"array (OLD)", `[` + clientJSON + `, {"clientId": 7, "organizationName": "B"}]`, []int64{7, 18855}},
		{"keyed, id only in the key", `{"7": {"organizationName": "B"}}`, []int64{7}},
		{"empty as []", `[]`, nil},
		{"empty as {}", `{}`, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := stubClient(t, http.StatusOK, tc.body)
			got, err := c.Clients.List(ctxT(t))
			if err != nil {
				t.Fatal(err)
			}
			var ids []int64
			for _, cl := range got {
				ids = append(ids, int64(cl.ClientID))
				if cl.ClientID == 18855 && cl != wantClient {
					t.Errorf("client decoded as %+v", cl)
				}
			}
			if len(ids) != len(tc.want) || (len(ids) > 0 && (ids[0] != tc.want[0] || ids[len(ids)-1] != tc.want[len(tc.want)-1])) {
				t.Fatalf("ids %v, want %v", ids, tc.want)
			}
		})
	}

	// An array item without its id cannot be used.
	c, _ := stubClient(t, http.StatusOK, `[{"organizationName": "B"}]`)
	var decodeErr *DecodeError
	if _, err := c.Clients.List(ctxT(t)); !errors.As(err, &decodeErr) {
		t.Fatalf("err = %v, want a DecodeError", err)
	}
}

func TestClientsGetMissing(t *testing.T) {
	c, _ := stubClient(t, http.StatusOK, `{"18855": `+clientJSON+`}`)
	if _, err := c.Clients.Get(ctxT(t), 1); !IsNotFound(err) {
		t.Fatalf("err = %v, want not found", err)
	}
	got, err := c.Clients.Get(ctxT(t), 18855)
	if err != nil || *got != wantClient {
		t.Fatalf("Get = %+v, %v", got, err)
	}
}

func TestClientsCreateReplyShapes(t *testing.T) {
	for _, tc := range []struct{ name, body string }{
		{"object (TS)", clientJSON},
		{"array of one (OLD)", `[` + clientJSON + `]`},
		{"keyed by the new id", `{"18855": ` + clientJSON + `}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, _ := stubClient(t, http.StatusOK, tc.body)
			got, err := c.Clients.Create(ctxT(t), InvoiceClientInput{OrganizationName: Set("Example Sp. z o.o.")})
			if err != nil {
				t.Fatal(err)
			}
			if *got != wantClient {
				t.Fatalf("created %+v", got)
			}
		})
	}
	for _, body := range []string{`[]`, `{"message": "ok"}`, `[` + clientJSON + `,` + clientJSON + `]`, `17`} {
		c, _ := stubClient(t, http.StatusOK, body)
		var decodeErr *DecodeError
		if _, err := c.Clients.Create(ctxT(t), InvoiceClientInput{OrganizationName: Set("x")}); !errors.As(err, &decodeErr) {
			t.Errorf("reply %s: err = %v, want a DecodeError", body, err)
		}
	}
}

// The create request on the wire: PUT /client, form-encoded, clientId=-1, only the fields set.
func TestClientsCreateWire(t *testing.T) {
	c, s := stubClient(t, http.StatusOK, clientJSON)
	_, err := c.Clients.Create(ctxT(t), InvoiceClientInput{
		OrganizationName: Set("R&D = Ltd"), FirstName: Set("Ada"), Email: Set("ada+x@example.com"),
		Address: Null[string](), CurrencyID: Set[int64](3),
	})
	if err != nil {
		t.Fatal(err)
	}
	reqs := s.requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	r := reqs[0]
	if r.Method != http.MethodPut || r.Path != "/api/client" {
		t.Fatalf("%s %s", r.Method, r.Path)
	}
	if ct := r.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" {
		t.Fatalf("Content-Type %q", ct)
	}
	form, err := url.ParseQuery(r.Body)
	if err != nil {
		t.Fatalf("body %q is not a form: %v", r.Body, err)
	}
	want := url.Values{"clientId": {"-1"}, "organizationName": {"R&D = Ltd"}, "firstName": {"Ada"},
		"email": {"ada+x@example.com"}, "address": {""}, "currencyId": {"3"}}
	if form.Encode() != want.Encode() {
		t.Fatalf("form\n got %s\nwant %s", form.Encode(), want.Encode())
	}
	if strings.Contains(r.Body, "lastName") {
		t.Fatalf("unset lastName was sent: %s", r.Body)
	}
}

// A create is never sent twice, even on a 5xx.
func TestClientsCreateNotReplayed(t *testing.T) {
	c, s := stubClient(t, http.StatusBadGateway, `{"message":"bad gateway"}`)
	if _, err := c.Clients.Create(ctxT(t), InvoiceClientInput{OrganizationName: Set("x")}); StatusCode(err) != http.StatusBadGateway {
		t.Fatalf("err = %v", err)
	}
	if s.count() != 1 {
		t.Fatalf("create sent %d times", s.count())
	}
}

func TestClientsUpdateAndDeleteWire(t *testing.T) {
	s := newStub(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, clientJSON)
	})
	c := newTestClient(t, s.base(), testToken, nil)
	if err := c.Clients.Update(ctxT(t), 18855, InvoiceClientInput{LastName: Null[string](), Email: Set("b@example.com")}); err != nil {
		t.Fatal(err)
	}
	if err := c.Clients.Delete(ctxT(t), 18855); err != nil {
		t.Fatal(err)
	}
	reqs := s.requests()
	up, del := reqs[0], reqs[1]
	if up.Method != http.MethodPost || up.Header.Get("Content-Type") != "application/x-www-form-urlencoded" ||
		up.Body != "clientId=18855&email=b%40example.com&lastName=" {
		t.Fatalf("update: %s %s %q", up.Method, up.Header.Get("Content-Type"), up.Body)
	}
	if del.Method != http.MethodDelete || del.Header.Get("Content-Type") != "application/json" || del.Body != `{"clientId":18855}` {
		t.Fatalf("delete: %s %s %q", del.Method, del.Header.Get("Content-Type"), del.Body)
	}
}

// Whatever status TimeCamp uses for a missing client on update or delete, the list decides.
func TestClientsRefusalOrNotFound(t *testing.T) {
	for _, status := range []int{http.StatusBadRequest, http.StatusForbidden, http.StatusNotFound} {
		s := newStub(t, func(w http.ResponseWriter, r *http.Request, _ int) {
			w.Header().Set("Content-Type", "application/json")
			if r.Method == http.MethodGet {
				_, _ = io.WriteString(w, `{"18855": `+clientJSON+`}`)
				return
			}
			w.WriteHeader(status)
			_, _ = io.WriteString(w, `{"message":"Client has invoices"}`)
		})
		c := newTestClient(t, s.base(), testToken, nil)
		if err := c.Clients.Delete(ctxT(t), 7); !IsNotFound(err) {
			t.Errorf("%d for a client not in the list: err = %v, want not found", status, err)
		}
		err := c.Clients.Delete(ctxT(t), 18855)
		if IsNotFound(err) || StatusCode(err) != status || !strings.Contains(err.Error(), "Client has invoices") {
			t.Errorf("%d for a listed client: err = %v, want the API's refusal", status, err)
		}
		if err := c.Clients.Update(ctxT(t), 7, InvoiceClientInput{FirstName: Set("x")}); !IsNotFound(err) {
			t.Errorf("update %d: err = %v, want not found", status, err)
		}
	}
}

func TestClientsAgainstEmulator(t *testing.T) {
	for _, legacy := range []bool{false, true} {
		c, _ := emulatorClient(t, timecamptest.Options{LegacyClientShapes: legacy})
		ctx := ctxT(t)
		cl, err := c.Clients.Create(ctx, InvoiceClientInput{OrganizationName: Set("Acme"), Email: Set("a@acme.test"), CurrencyID: Set[int64](2)})
		if err != nil {
			t.Fatal(err)
		}
		if cl.ClientID == 0 || cl.OrganizationName != "Acme" || cl.CurrencyID != 2 || cl.RootGroupID == 0 || cl.AddedBy == 0 || cl.Added == "" {
			t.Fatalf("legacy=%v: created %+v", legacy, cl)
		}
		id := int64(cl.ClientID)
		if err := c.Clients.Update(ctx, id, InvoiceClientInput{Email: Null[string](), FirstName: Set("Wile")}); err != nil {
			t.Fatal(err)
		}
		got, err := c.Clients.Get(ctx, id)
		if err != nil || got.Email.Value != "" || got.FirstName.Value != "Wile" || got.OrganizationName != "Acme" {
			t.Fatalf("legacy=%v: after update %+v, %v", legacy, got, err)
		}
		if err := c.Clients.Delete(ctx, id); err != nil {
			t.Fatal(err)
		}
		if err := c.Clients.Delete(ctx, id); !IsNotFound(err) {
			t.Fatalf("second delete: %v", err)
		}
		if err := c.Clients.Update(ctx, id, InvoiceClientInput{FirstName: Set("x")}); !IsNotFound(err) {
			t.Fatalf("update of a deleted client: %v", err)
		}
		if list, err := c.Clients.List(ctx); err != nil || len(list) != 0 {
			t.Fatalf("list after delete: %v, %v", list, err)
		}
	}
}
