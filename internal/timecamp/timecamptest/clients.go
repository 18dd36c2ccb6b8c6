package timecamptest

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
)

// Invoicing clients (SPEC §13). Where the sources are silent (§17.16) the
// emulator chooses, and says so here:
//   - GET /client answers an object keyed by clientId (TS, the §14
//     recommendation), `[]` when there are none; Options.LegacyClientShapes
//     switches to OLD's array.
//   - PUT /client (create) answers 200 with the new client as one object
//     (TS); LegacyClientShapes answers an array holding it (OLD). clientId in
//     the body (TS sends -1) is ignored: PUT always creates.
//   - Fields left out are stored as "" (a form cannot send null); text is
//     stored as sent, e-mail addresses are not checked. currencyId defaults
//     to 1 and must be a positive integer.
//   - A blank organizationName is a 400 {"message":"organizationName is
//     required"}.
//   - POST /client (update) changes only the fields sent and answers 200
//     with the client. Without clientId: 400 {"message":"clientId is
//     required"}.
//   - DELETE /client answers 200 {"message":"ok"}.
//   - A missing client on update or delete: 404 {"message":"Client not found"}.
//   - Deleting a client with invoices is refused (TS): see invoices.go.
const (
	msgClientNotFound       = "Client not found"
	msgClientIDRequired     = "clientId is required"
	msgClientOrgNameMissing = "organizationName is required"
	msgClientDeleted        = "ok"
	defaultClientCurrencyID = 1
)

// ClientRecord is an invoicing client.
type ClientRecord struct {
	ID               int64  `json:"id"`
	OrganizationName string `json:"organization_name"`
	FirstName        string `json:"first_name"`
	LastName         string `json:"last_name"`
	Email            string `json:"email"`
	Address          string `json:"address"`
	CurrencyID       int64  `json:"currency_id"`
	AddedBy          int64  `json:"added_by"`
	Added            string `json:"added"`
}

// clientObject renders a client as SPEC §13.1 shows it: clientId and
// currencyId numbers, rootGroupId and addedBy strings.
func (e *Emulator) clientObject(c *ClientRecord) object {
	return object{
		{"clientId", c.ID},
		{"firstName", c.FirstName},
		{"lastName", c.LastName},
		{"organizationName", c.OrganizationName},
		{"address", c.Address},
		{"currencyId", c.CurrencyID},
		{"email", c.Email},
		{"rootGroupId", str(e.acct.rootGroupID)},
		{"addedBy", str(c.AddedBy)},
		{"added", c.Added},
	}
}

// GET /client: every client, keyed by clientId (or an array, legacy).
func handleClientList(e *Emulator, _ *apiRequest) reply {
	ids := make([]int64, 0, len(e.acct.clients))
	for id := range e.acct.clients {
		ids = append(ids, id)
	}
	if e.opts.LegacyClientShapes {
		sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
		items := make([]any, 0, len(ids))
		for _, id := range ids {
			items = append(items, e.clientObject(e.acct.clients[id]))
		}
		return jsonReply(http.StatusOK, items)
	}
	return jsonReply(http.StatusOK, keyedByID(ids, func(id int64) object { return e.clientObject(e.acct.clients[id]) }))
}

// PUT /client: create.
func handleClientCreate(e *Emulator, r *apiRequest) reply {
	c := &ClientRecord{CurrencyID: defaultClientCurrencyID, AddedBy: e.acct.adminUserID, Added: e.timestamp()}
	if rep, ok := applyClientFields(r, c, true); !ok {
		return rep
	}
	c.ID = e.acct.newID(&e.acct.next.Client)
	e.acct.clients[c.ID] = c
	e.changed()
	if e.opts.LegacyClientShapes {
		return jsonReply(http.StatusOK, []any{e.clientObject(c)})
	}
	return jsonReply(http.StatusOK, e.clientObject(c))
}

// POST /client: update the fields sent.
func handleClientUpdate(e *Emulator, r *apiRequest) reply {
	cur, rep, ok := e.clientParam(r)
	if !ok {
		return rep
	}
	c := *cur
	if rep, ok := applyClientFields(r, &c, false); !ok {
		return rep
	}
	if c != *cur {
		*cur = c
		e.changed()
	}
	return jsonReply(http.StatusOK, e.clientObject(cur))
}

// DELETE /client {"clientId": N}.
func handleClientDelete(e *Emulator, r *apiRequest) reply {
	c, rep, ok := e.clientParam(r)
	if !ok {
		return rep
	}
	if e.clientHasInvoices(c.ID) {
		return messageReply(http.StatusBadRequest, msgClientHasInvoices)
	}
	delete(e.acct.clients, c.ID)
	e.changed()
	return messageReply(http.StatusOK, msgClientDeleted)
}

// clientParam finds the client named by the clientId parameter.
func (e *Emulator) clientParam(r *apiRequest) (*ClientRecord, reply, bool) {
	p := r.get("clientId")
	if p.isEmpty() {
		return nil, messageReply(http.StatusBadRequest, msgClientIDRequired), false
	}
	id, err := p.int()
	if err != nil {
		return nil, badRequest(err), false
	}
	c, ok := e.acct.clients[id]
	if !ok {
		return nil, messageReply(http.StatusNotFound, msgClientNotFound), false
	}
	return c, reply{}, true
}

// applyClientFields copies the fields present in r onto c.
func applyClientFields(r *apiRequest, c *ClientRecord, create bool) (reply, bool) {
	if p := r.get("organizationName"); create || p.present {
		name, err := p.text()
		if err != nil {
			return badRequest(err), false
		}
		if strings.TrimSpace(name) == "" {
			return messageReply(http.StatusBadRequest, msgClientOrgNameMissing), false
		}
		c.OrganizationName = name
	}
	for _, f := range []struct {
		name string
		dst  *string
	}{{"firstName", &c.FirstName}, {"lastName", &c.LastName}, {"email", &c.Email}, {"address", &c.Address}} {
		p := r.get(f.name)
		if !p.present {
			continue
		}
		v, err := p.text()
		if err != nil {
			return badRequest(err), false
		}
		*f.dst = v
	}
	if p := r.get("currencyId"); p.present && !p.isEmpty() {
		id, err := p.int()
		if err != nil || id <= 0 {
			return messageReply(http.StatusBadRequest, "Invalid value for currencyId"), false
		}
		c.CurrencyID = id
	}
	return reply{}, true
}

// loadClients restores the clients of a snapshot.
func (a *account) loadClients(s *Snapshot) error {
	a.clients = map[int64]*ClientRecord{}
	for _, c := range s.Clients {
		c := c
		if _, dup := a.clients[c.ID]; dup {
			return fmt.Errorf("duplicate client %d", c.ID)
		}
		if strings.TrimSpace(c.OrganizationName) == "" || c.CurrencyID <= 0 {
			return fmt.Errorf("client %d: organization name and a positive currency id are required", c.ID)
		}
		a.clients[c.ID] = &c
		a.next.Client = max(a.next.Client, c.ID+1)
	}
	return nil
}

// snapshotClients adds the clients to s, sorted by id.
func (a *account) snapshotClients(s *Snapshot) {
	for _, c := range a.clients {
		s.Clients = append(s.Clients, *c)
	}
	sort.Slice(s.Clients, func(i, j int) bool { return s.Clients[i].ID < s.Clients[j].ID })
}
