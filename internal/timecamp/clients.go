package timecamp

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
)

// InvoiceClient is a client of the invoicing module (SPEC §13.1): the organisation invoices are
// made out to. (The name keeps it apart from Client, the API client.) clientId and currencyId
// arrive as numbers, rootGroupId and addedBy as strings; every field decodes either way.
type InvoiceClient struct {
	ClientID         Int        `json:"clientId"`
	OrganizationName String     `json:"organizationName"`
	FirstName        NullString `json:"firstName"`
	LastName         NullString `json:"lastName"`
	Email            NullString `json:"email"`
	Address          NullString `json:"address"`
	CurrencyID       Int        `json:"currencyId"`
	RootGroupID      Int        `json:"rootGroupId"`
	AddedBy          Int        `json:"addedBy"`
	Added            String     `json:"added"` // "YYYY-MM-DD HH:MM:SS", account time
}

// InvoiceClientInput holds the fields of a create or an update. Unset fields are not sent. The
// body is a form (SPEC §13.2), which has no null: a null field is sent as "", which clears it.
type InvoiceClientInput struct {
	OrganizationName Field[string] // required on create
	FirstName        Field[string]
	LastName         Field[string]
	Email            Field[string]
	Address          Field[string]
	CurrencyID       Field[int64]
}

func (in InvoiceClientInput) form(clientID int64) url.Values {
	f := url.Values{"clientId": {strconv.FormatInt(clientID, 10)}}
	putFormField(f, "organizationName", in.OrganizationName, func(s string) string { return s })
	putFormField(f, "firstName", in.FirstName, func(s string) string { return s })
	putFormField(f, "lastName", in.LastName, func(s string) string { return s })
	putFormField(f, "address", in.Address, func(s string) string { return s })
	putFormField(f, "email", in.Email, func(s string) string { return s })
	putFormField(f, "currencyId", in.CurrencyID, func(v int64) string { return strconv.FormatInt(v, 10) })
	return f
}

// putFormField adds a set field to a form body; null becomes "" (a form cannot say null).
func putFormField[T any](f url.Values, key string, field Field[T], encode func(T) string) {
	if !field.IsSet() {
		return
	}
	v, null := field.Value()
	if null {
		f.Set(key, "")
		return
	}
	f.Set(key, encode(v))
}

// ClientsService manages invoicing clients. TimeCamp has no read of one client: every read lists them.
// With Config.SnapshotReads the list is read once until a write of a client (see snapshot.go).
type ClientsService struct {
	c     *Client
	cache snapshot[[]InvoiceClient]
}

// List returns every client of the account, ordered by id. TimeCamp sends an object keyed by
// clientId (TS) or an array (OLD); both are read, and `[]` is an empty list.
func (s *ClientsService) List(ctx context.Context) ([]InvoiceClient, error) {
	return s.cache.get(ctx, s.load)
}

func (s *ClientsService) load(ctx context.Context) ([]InvoiceClient, error) {
	return listKeyed(ctx, s.c, "/client", clientID)
}

func clientID(cl *InvoiceClient) *Int { return &cl.ClientID }

// Get finds one client in the list; a missing client is ErrNotFound.
func (s *ClientsService) Get(ctx context.Context, id int64) (*InvoiceClient, error) {
	clients, err := s.List(ctx)
	return findByID(clients, err, "client", id, clientID)
}

// Create adds a client (PUT creates; form body with clientId=-1, as TimeCamp's own client sends
// it). The reply is the client (TS) or an array holding it (OLD). Never replayed: a duplicate
// client would be data corruption.
func (s *ClientsService) Create(ctx context.Context, in InvoiceClientInput) (*InvoiceClient, error) {
	defer s.cache.invalidate()
	req := request{method: http.MethodPut, path: "/client", form: in.form(-1)}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	cl, err := decodeOneKeyed(resp.body, "client", "clientId", clientID)
	if err != nil {
		return nil, &DecodeError{Method: req.method, Path: req.path, Body: abbreviate(resp.body), Err: err}
	}
	return cl, nil
}

// Update changes the set fields of a client (POST, form body). The reply is not relied on:
// callers read the client back. A client that does not exist is ErrNotFound, whatever status
// TimeCamp uses for it (the list is consulted to tell a refusal from a missing client).
func (s *ClientsService) Update(ctx context.Context, id int64, in InvoiceClientInput) error {
	_, err := s.c.do(ctx, request{method: http.MethodPost, path: "/client", form: in.form(id), replayable: true})
	s.cache.invalidate() // after the write, before explainRefusal reads the list
	return s.explainRefusal(ctx, id, err)
}

// Delete removes a client (JSON body {"clientId"}). TimeCamp refuses to delete a client that has
// invoices; that refusal comes back as the API's error. A client already gone is ErrNotFound.
func (s *ClientsService) Delete(ctx context.Context, id int64) error {
	_, err := s.c.do(ctx, request{method: http.MethodDelete, path: "/client", json: body{"clientId": id}, replayable: true})
	s.cache.invalidate()
	return s.explainRefusal(ctx, id, err)
}

// explainRefusal turns a 4xx about a client that is not in the list into ErrNotFound.
func (s *ClientsService) explainRefusal(ctx context.Context, id int64, err error) error {
	return refusalAsNotFound(ctx, "client", id, err, func(ctx context.Context, id int64) error {
		_, err := s.Get(ctx, id)
		return err
	})
}
