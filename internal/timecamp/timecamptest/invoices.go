package timecamptest

import (
	"fmt"
	"math/big"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
)

// Invoices (SPEC §13.3). The shapes: GET /invoice is an object keyed by invoiceId (`[]` when
// there are none); PUT /invoice creates (invoiceId in the body, -1 from TimeCamp's client, is
// ignored) and answers the invoice; POST /invoice updates and answers it; DELETE /invoice
// {"invoiceId": N} answers 200 {"message":"ok"}. Bodies are forms with PHP brackets
// (entries[0][ttEntriesIds][0]=…) or JSON with an entries array.
//
// Choices where SPEC is silent:
//   - Rendered types: invoiceId, clientId, status, currencyId, userId numbers, rootGroupId a
//     number in the list; the create reply sends userId and rootGroupId as strings (SPEC says
//     userId is one there). quantity, unitCost and subTotal are decimal strings, as PHP renders
//     DECIMAL columns; subTotal is quantity × unitCost, computed exactly (a sent subTotal is
//     ignored). Unset dates are zero dates ("0000-00-00", "0000-00-00 00:00:00").
//   - Validation (400 {"message"}): clientId must name a client; issueDate a date (dueDate a date
//     or empty); status 0-2; a line's type 0 or 1, quantity and unitCost decimal numbers, taxId -1
//     or a positive id (0 reads as -1; there is no tax list to check against); every linked time
//     entry must exist and be on no other invoice; invoiceEntryId -1 or a line of this invoice.
//   - An update changes the fields sent. When it sends entries, they become the invoice's lines:
//     a line with its invoiceEntryId keeps it, a -1 line is new, and lines not sent are removed.
//   - Linked time entries carry the invoice id (invoiceId on GET /entries) while they are linked.
//     Deleting a time entry takes it off its line; deleting an invoice frees its entries.
//   - A missing invoice on update or delete: 404 {"message":"Invoice not found"}.
//   - A client that has invoices cannot be deleted: 400 {"message":"Client has invoices"}.
const (
	firstInvoiceID      int64 = 700
	firstInvoiceEntryID int64 = 9100

	msgInvoiceNotFound   = "Invoice not found"
	msgInvoiceIDRequired = "invoiceId is required"
	msgInvoiceDeleted    = "ok"
	msgClientHasInvoices = "Client has invoices"
)

// InvoiceRecord is an invoice. Dates are "" when unset.
type InvoiceRecord struct {
	ID           int64               `json:"id"`
	ClientID     int64               `json:"client_id"`
	Number       string              `json:"number"`
	Description  string              `json:"description"`
	IssueDate    string              `json:"issue_date"`
	DueDate      string              `json:"due_date"`
	Status       int64               `json:"status"`
	NoteToClient string              `json:"note_to_client"`
	PONumber     string              `json:"po_number"`
	CurrencyID   int64               `json:"currency_id"`
	UserID       int64               `json:"user_id"`
	AddDate      string              `json:"add_date"`
	EditDate     string              `json:"edit_date"`
	PaidDate     string              `json:"paid_date,omitempty"`
	Lines        []InvoiceLineRecord `json:"lines"`
}

// InvoiceLineRecord is one line of an invoice; Quantity and UnitCost are decimal text.
type InvoiceLineRecord struct {
	ID           int64   `json:"id"`
	Description  string  `json:"description"`
	Name         string  `json:"name"`
	Type         int64   `json:"type"`
	Quantity     string  `json:"quantity"`
	UnitCost     string  `json:"unit_cost"`
	Duration     int64   `json:"duration"`
	TaxID        int64   `json:"tax_id"`
	TimeEntryIDs []int64 `json:"time_entry_ids,omitempty"`
}

func (r *InvoiceRecord) clone() InvoiceRecord {
	c := *r
	c.Lines = make([]InvoiceLineRecord, len(r.Lines))
	for i, l := range r.Lines {
		l.TimeEntryIDs = append([]int64(nil), l.TimeEntryIDs...)
		c.Lines[i] = l
	}
	return c
}

const zeroDate, zeroDateTime = "0000-00-00", "0000-00-00 00:00:00"

func orZero(s, zero string) string {
	if s == "" {
		return zero
	}
	return s
}

// invoiceObject renders an invoice; created switches to the create reply's string ids.
func (e *Emulator) invoiceObject(inv *InvoiceRecord, created bool) object {
	var userID, rootGroupID any = inv.UserID, e.acct.rootGroupID
	if created {
		userID, rootGroupID = str(inv.UserID), str(e.acct.rootGroupID)
	}
	lines := make([]any, 0, len(inv.Lines))
	for _, l := range inv.Lines {
		ids := make([]any, 0, len(l.TimeEntryIDs))
		for _, id := range l.TimeEntryIDs {
			ids = append(ids, id)
		}
		lines = append(lines, object{
			{"invoiceId", inv.ID},
			{"invoiceEntryId", l.ID},
			{"description", l.Description},
			{"type", l.Type},
			{"quantity", l.Quantity},
			{"duration", l.Duration},
			{"unitCost", l.UnitCost},
			{"taxId", l.TaxID},
			{"name", l.Name},
			{"subTotal", lineSubTotal(l)},
			{"ttEntriesIds", ids},
		})
	}
	return object{
		{"invoiceId", inv.ID},
		{"clientId", inv.ClientID},
		{"invoiceNumber", inv.Number},
		{"description", inv.Description},
		{"issueDate", orZero(inv.IssueDate, zeroDate)},
		{"dueDate", orZero(inv.DueDate, zeroDate)},
		{"editDate", orZero(inv.EditDate, zeroDateTime)},
		{"status", inv.Status},
		{"sentDate", zeroDateTime},
		{"viewedDate", zeroDateTime},
		{"addDate", orZero(inv.AddDate, zeroDateTime)},
		{"paidDate", orZero(inv.PaidDate, zeroDateTime)},
		{"noteToClient", inv.NoteToClient},
		{"pass", ""},
		{"poNumber", inv.PONumber},
		{"userId", userID},
		{"currencyId", inv.CurrencyID},
		{"rootGroupId", rootGroupID},
		{"publicHash", fmt.Sprintf("%016x", uint64(inv.ID)*0x9E3779B97F4A7C15)},
		{"storedFileId", nil},
		{"quote", false},
		{"entries", lines},
	}
}

// lineSubTotal is quantity × unitCost, exact, with at least two decimals ("604.95", "15.00").
func lineSubTotal(l InvoiceLineRecord) string {
	q, okQ := new(big.Rat).SetString(l.Quantity)
	c, okC := new(big.Rat).SetString(l.UnitCost)
	if !okQ || !okC {
		return "0.00"
	}
	p := new(big.Rat).Mul(q, c)
	s := strings.TrimRight(p.FloatString(10), "0")
	if i := strings.Index(s, "."); len(s)-i-1 < 2 {
		s += strings.Repeat("0", 2-(len(s)-i-1))
	}
	return s
}

// GET /invoice: every invoice keyed by invoiceId.
func handleInvoiceList(e *Emulator, _ *apiRequest) reply {
	ids := make([]int64, 0, len(e.acct.invoices))
	for id := range e.acct.invoices {
		ids = append(ids, id)
	}
	return jsonReply(http.StatusOK, keyedByID(ids, func(id int64) object { return e.invoiceObject(e.acct.invoices[id], false) }))
}

// PUT /invoice: create.
func handleInvoiceCreate(e *Emulator, r *apiRequest) reply {
	inv := &InvoiceRecord{UserID: e.acct.adminUserID, AddDate: e.timestamp(), EditDate: e.timestamp()}
	if rep, ok := e.applyInvoiceFields(r, inv, true); !ok {
		return rep
	}
	inv.ID = e.acct.newID(&e.acct.next.Invoice)
	e.assignLineIDs(inv)
	e.acct.invoices[inv.ID] = inv
	e.linkInvoiceEntries(inv)
	e.changed()
	return jsonReply(http.StatusOK, e.invoiceObject(inv, true))
}

// POST /invoice: update the fields sent; entries, when sent, replace the lines.
func handleInvoiceUpdate(e *Emulator, r *apiRequest) reply {
	cur, rep, ok := e.invoiceParam(r)
	if !ok {
		return rep
	}
	next := cur.clone()
	if rep, ok := e.applyInvoiceFields(r, &next, false); !ok {
		return rep
	}
	e.unlinkInvoiceEntries(cur)
	e.assignLineIDs(&next)
	next.EditDate = e.timestamp()
	*cur = next
	e.linkInvoiceEntries(cur)
	e.changed()
	return jsonReply(http.StatusOK, e.invoiceObject(cur, false))
}

// DELETE /invoice {"invoiceId": N}.
func handleInvoiceDelete(e *Emulator, r *apiRequest) reply {
	inv, rep, ok := e.invoiceParam(r)
	if !ok {
		return rep
	}
	e.unlinkInvoiceEntries(inv)
	delete(e.acct.invoices, inv.ID)
	e.changed()
	return messageReply(http.StatusOK, msgInvoiceDeleted)
}

func (e *Emulator) invoiceParam(r *apiRequest) (*InvoiceRecord, reply, bool) {
	p := r.get("invoiceId")
	if p.isEmpty() {
		return nil, messageReply(http.StatusBadRequest, msgInvoiceIDRequired), false
	}
	id, err := p.int()
	if err != nil {
		return nil, badRequest(err), false
	}
	inv, ok := e.acct.invoices[id]
	if !ok {
		return nil, messageReply(http.StatusNotFound, msgInvoiceNotFound), false
	}
	return inv, reply{}, true
}

// clientHasInvoices reports whether a client is named by an invoice (client delete refuses it).
func (e *Emulator) clientHasInvoices(clientID int64) bool {
	for _, inv := range e.acct.invoices {
		if inv.ClientID == clientID {
			return true
		}
	}
	return false
}

// applyInvoiceFields copies the fields present in r onto inv, validating them.
func (e *Emulator) applyInvoiceFields(r *apiRequest, inv *InvoiceRecord, create bool) (reply, bool) {
	fail := func(format string, args ...any) (reply, bool) {
		return messageReply(http.StatusBadRequest, fmt.Sprintf(format, args...)), false
	}
	if p := r.get("clientId"); create || p.present {
		id, err := p.int()
		if err != nil {
			return badRequest(err), false
		}
		cl, ok := e.acct.clients[id]
		if !ok {
			return fail("Client %d does not exist", id)
		}
		inv.ClientID = id
		if create {
			inv.CurrencyID = cl.CurrencyID
		}
	}
	for _, f := range []struct {
		name string
		dst  *string
	}{{"invoiceNumber", &inv.Number}, {"description", &inv.Description}, {"noteToClient", &inv.NoteToClient}, {"poNumber", &inv.PONumber}} {
		if p := r.get(f.name); p.present {
			v, err := p.text()
			if err != nil {
				return badRequest(err), false
			}
			*f.dst = v
		}
	}
	for _, f := range []struct {
		name     string
		dst      *string
		required bool
	}{{"issueDate", &inv.IssueDate, true}, {"dueDate", &inv.DueDate, false}} {
		p := r.get(f.name)
		if !p.present && (!create || !f.required) {
			continue
		}
		v, _ := p.text()
		v = strings.TrimSpace(v)
		switch {
		case (v == "" || v == zeroDate) && !f.required:
			*f.dst = ""
		case validDate(v):
			*f.dst = v
		default:
			return fail("Invalid value for %s: a date YYYY-MM-DD is required", f.name)
		}
	}
	if p := r.get("status"); p.present {
		s, err := p.int()
		if err != nil || s < 0 || s > 2 {
			return fail("Invalid value for status")
		}
		if s == 2 && inv.Status != 2 {
			inv.PaidDate = e.timestamp()
		} else if s != 2 {
			inv.PaidDate = ""
		}
		inv.Status = s
	}
	if p := r.get("currencyId"); p.present && !p.isEmpty() {
		id, err := p.int()
		if err != nil || id <= 0 {
			return fail("Invalid value for currencyId")
		}
		inv.CurrencyID = id
	}
	lines, present, err := invoiceLineParams(r)
	if err != nil {
		return badRequest(err), false
	}
	if !present {
		return reply{}, true
	}
	own := map[int64]bool{}
	for _, l := range inv.Lines {
		own[l.ID] = true
	}
	taken := map[int64]bool{}
	var out []InvoiceLineRecord
	for i, lp := range lines {
		l, msg := e.invoiceLine(lp, inv.ID, own)
		if msg != "" {
			return fail("entries[%d]: %s", i, msg)
		}
		for _, id := range l.TimeEntryIDs {
			if taken[id] {
				return fail("entries[%d]: time entry %d is on two lines", i, id)
			}
			taken[id] = true
		}
		out = append(out, l)
	}
	inv.Lines = out
	return reply{}, true
}

var decimalPattern = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// invoiceLine reads one line; msg says what is wrong with it.
func (e *Emulator) invoiceLine(p *apiRequest, invoiceID int64, own map[int64]bool) (InvoiceLineRecord, string) {
	var l InvoiceLineRecord
	id, err := p.get("invoiceEntryId").int()
	switch {
	case err != nil:
		return l, "invalid invoiceEntryId"
	case id > 0 && !own[id]:
		return l, fmt.Sprintf("invoice entry %d is not a line of this invoice", id)
	case id > 0:
		l.ID = id
	}
	for _, f := range []struct {
		name string
		dst  *string
	}{{"description", &l.Description}, {"name", &l.Name}} {
		v, err := p.get(f.name).text()
		if err != nil {
			return l, "invalid " + f.name
		}
		*f.dst = v
	}
	if l.Type, err = p.get("type").int(); err != nil || (l.Type != 0 && l.Type != 1) {
		return l, "type must be 0 (service) or 1 (product)"
	}
	for _, f := range []struct {
		name string
		dst  *string
	}{{"quantity", &l.Quantity}, {"unitCost", &l.UnitCost}} {
		v, _ := p.get(f.name).text()
		v = strings.TrimSpace(v)
		if !decimalPattern.MatchString(v) {
			return l, f.name + " must be a decimal number"
		}
		*f.dst = v
	}
	if l.Duration, err = p.get("duration").int(); err != nil || l.Duration < 0 {
		return l, "invalid duration"
	}
	tax := p.get("taxId")
	if l.TaxID = -1; tax.present && !tax.isEmpty() {
		t, err := tax.int()
		if err != nil || t < -1 {
			return l, "invalid taxId"
		}
		if t > 0 {
			l.TaxID = t
		}
	}
	ids, err := p.get("ttEntriesIds").ints()
	if err != nil {
		return l, "invalid ttEntriesIds"
	}
	for _, id := range normalizeIDs(ids) {
		entry, ok := e.acct.entries.byID[id]
		if !ok {
			return l, fmt.Sprintf("time entry %d does not exist", id)
		}
		if entry.InvoiceID != 0 && entry.InvoiceID != invoiceID {
			if _, other := e.acct.invoices[entry.InvoiceID]; other {
				return l, fmt.Sprintf("time entry %d is already on invoice %d", id, entry.InvoiceID)
			}
		}
		l.TimeEntryIDs = append(l.TimeEntryIDs, id)
	}
	return l, ""
}

// invoiceLineParams returns the lines of r as requests of their own: from a JSON array of
// objects, or from the bracketed form keys entries[i][field] and entries[i][ttEntriesIds][j].
func invoiceLineParams(r *apiRequest) ([]*apiRequest, bool, error) {
	if p := r.get("entries"); p.present {
		items, ok := p.raw.([]any)
		if !ok {
			if s, isText := p.raw.(string); isText && strings.TrimSpace(s) == "" {
				return nil, true, nil
			}
			return nil, false, errBadRequest("Invalid value for entries")
		}
		var out []*apiRequest
		for _, it := range items {
			m, ok := it.(map[string]any)
			if !ok {
				return nil, false, errBadRequest("Invalid value for entries")
			}
			out = append(out, &apiRequest{params: m})
		}
		return out, true, nil
	}
	byIndex := map[int]*apiRequest{}
	for key, v := range r.params {
		rest, ok := strings.CutPrefix(key, "entries[")
		if !ok {
			continue
		}
		idx, field, ok := strings.Cut(rest, "][")
		n, err := strconv.Atoi(idx)
		if !ok || err != nil || n < 0 || !strings.HasSuffix(field, "]") {
			return nil, false, errBadRequest("Invalid form key " + key)
		}
		field = strings.TrimSuffix(field, "]")
		line := byIndex[n]
		if line == nil {
			line = &apiRequest{params: map[string]any{}}
			byIndex[n] = line
		}
		if name, j, isList := strings.Cut(field, "]["); isList {
			// entries[i][ttEntriesIds][j]: collect in index order below.
			pos, err := strconv.Atoi(j)
			if err != nil {
				return nil, false, errBadRequest("Invalid form key " + key)
			}
			list, _ := line.params[name].(map[int]any)
			if list == nil {
				list = map[int]any{}
				line.params[name] = list
			}
			list[pos] = v
			continue
		}
		line.params[field] = v
	}
	if len(byIndex) == 0 {
		return nil, false, nil
	}
	idx := make([]int, 0, len(byIndex))
	for i := range byIndex {
		idx = append(idx, i)
	}
	sort.Ints(idx)
	out := make([]*apiRequest, 0, len(idx))
	for _, i := range idx {
		line := byIndex[i]
		for name, v := range line.params {
			if list, ok := v.(map[int]any); ok {
				pos := make([]int, 0, len(list))
				for j := range list {
					pos = append(pos, j)
				}
				sort.Ints(pos)
				items := make([]any, 0, len(pos))
				for _, j := range pos {
					items = append(items, list[j])
				}
				line.params[name] = items
			}
		}
		out = append(out, line)
	}
	return out, true, nil
}

// assignLineIDs gives new lines (id 0) their ids.
func (e *Emulator) assignLineIDs(inv *InvoiceRecord) {
	for i := range inv.Lines {
		if inv.Lines[i].ID <= 0 {
			inv.Lines[i].ID = e.acct.newID(&e.acct.next.InvoiceEntry)
		}
	}
}

func (e *Emulator) linkInvoiceEntries(inv *InvoiceRecord) {
	for _, l := range inv.Lines {
		for _, id := range l.TimeEntryIDs {
			if entry, ok := e.acct.entries.byID[id]; ok {
				entry.InvoiceID = inv.ID
			}
		}
	}
}

func (e *Emulator) unlinkInvoiceEntries(inv *InvoiceRecord) {
	for _, l := range inv.Lines {
		for _, id := range l.TimeEntryIDs {
			if entry, ok := e.acct.entries.byID[id]; ok && entry.InvoiceID == inv.ID {
				entry.InvoiceID = 0
			}
		}
	}
}

// dropInvoicedEntry takes a deleted time entry off every line that links it.
func (e *Emulator) dropInvoicedEntry(entryID int64) {
	for _, inv := range e.acct.invoices {
		for i, l := range inv.Lines {
			kept := l.TimeEntryIDs[:0]
			for _, id := range l.TimeEntryIDs {
				if id != entryID {
					kept = append(kept, id)
				}
			}
			inv.Lines[i].TimeEntryIDs = kept
		}
	}
}

// loadInvoices restores the invoices of a snapshot; clients and entries are loaded first.
func (a *account) loadInvoices(s *Snapshot) error {
	a.invoices = map[int64]*InvoiceRecord{}
	a.next.Invoice = max(a.next.Invoice, firstInvoiceID)
	a.next.InvoiceEntry = max(a.next.InvoiceEntry, firstInvoiceEntryID)
	lineIDs := map[int64]bool{}
	for _, inv := range s.Invoices {
		inv := inv.clone()
		if _, dup := a.invoices[inv.ID]; dup {
			return fmt.Errorf("duplicate invoice %d", inv.ID)
		}
		if _, ok := a.clients[inv.ClientID]; !ok {
			return fmt.Errorf("invoice %d: client %d does not exist", inv.ID, inv.ClientID)
		}
		if !validDate(inv.IssueDate) || (inv.DueDate != "" && !validDate(inv.DueDate)) || inv.Status < 0 || inv.Status > 2 {
			return fmt.Errorf("invoice %d: invalid dates or status", inv.ID)
		}
		for _, l := range inv.Lines {
			if lineIDs[l.ID] || l.ID <= 0 {
				return fmt.Errorf("invoice %d: duplicate or missing line id %d", inv.ID, l.ID)
			}
			lineIDs[l.ID] = true
			if !decimalPattern.MatchString(l.Quantity) || !decimalPattern.MatchString(l.UnitCost) {
				return fmt.Errorf("invoice %d line %d: quantity and unit cost must be decimal numbers", inv.ID, l.ID)
			}
			for _, id := range l.TimeEntryIDs {
				if _, ok := a.entries.byID[id]; !ok {
					return fmt.Errorf("invoice %d line %d: time entry %d does not exist", inv.ID, l.ID, id)
				}
			}
			a.next.InvoiceEntry = max(a.next.InvoiceEntry, l.ID+1)
		}
		a.invoices[inv.ID] = &inv
		a.next.Invoice = max(a.next.Invoice, inv.ID+1)
	}
	return nil
}

// snapshotInvoices adds the invoices to s, sorted by id.
func (a *account) snapshotInvoices(s *Snapshot) {
	for _, inv := range a.invoices {
		s.Invoices = append(s.Invoices, inv.clone())
	}
	sort.Slice(s.Invoices, func(i, j int) bool { return s.Invoices[i].ID < s.Invoices[j].ID })
}
