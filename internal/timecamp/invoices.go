package timecamp

import (
	"context"
	"fmt"
	"math/big"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// Invoices of the invoicing module (SPEC §13.3). Open questions SPEC leaves, and the choice made:
//   - Which sub-fields an update replaces: the client always sends the whole invoice, every line
//     included (a line keeps its invoiceEntryId; a new one is -1), so either reading works.
//   - Whether TimeCamp rounds quantity, unitCost and subTotal: the client sends exact decimal text
//     and never goes through a float; the provider refuses more than 2 decimals.
//   - duration (seconds) beside quantity (hours): sent as quantity × 3600, rounded to a second,
//     as TimeCamp's own client does for time lines.
//   - The not-found signal of update and delete: the list decides (as for clients).

// Invoice statuses on the wire.
const (
	InvoiceStatusDraft   = 0
	InvoiceStatusPending = 1
	InvoiceStatusPaid    = 2
)

// Invoice line types on the wire.
const (
	InvoiceLineService = 0
	InvoiceLineProduct = 1
)

// NoTax is the taxId of a line without tax (TimeCamp's default).
const NoTax = -1

// Invoice is one invoice. Every field decodes leniently: userId is a number in lists and a
// string in the create reply, rootGroupId either, quote a bool or a flag; dates may be zero
// ("0000-00-00"), see IsZeroDate.
type Invoice struct {
	InvoiceID     Int                    `json:"invoiceId"`
	ClientID      Int                    `json:"clientId"`
	InvoiceNumber String                 `json:"invoiceNumber"`
	Description   NullString             `json:"description"`
	IssueDate     String                 `json:"issueDate"`
	DueDate       String                 `json:"dueDate"`
	EditDate      String                 `json:"editDate"`
	Status        Int                    `json:"status"`
	SentDate      String                 `json:"sentDate"`
	ViewedDate    String                 `json:"viewedDate"`
	AddDate       String                 `json:"addDate"`
	PaidDate      String                 `json:"paidDate"`
	NoteToClient  NullString             `json:"noteToClient"`
	PONumber      NullString             `json:"poNumber"`
	UserID        Int                    `json:"userId"`
	CurrencyID    Int                    `json:"currencyId"`
	RootGroupID   Int                    `json:"rootGroupId"`
	PublicHash    String                 `json:"publicHash"`
	StoredFileID  String                 `json:"storedFileId"`
	Quote         Bool                   `json:"quote"`
	Entries       Keyed[InvoiceEntryAPI] `json:"entries"` // an array on the wire; keyed also read
}

// InvoiceEntryAPI is one line of an invoice as TimeCamp sends it.
type InvoiceEntryAPI struct {
	InvoiceID      Int        `json:"invoiceId"`
	InvoiceEntryID Int        `json:"invoiceEntryId"`
	Description    NullString `json:"description"`
	Type           Int        `json:"type"`
	Quantity       Decimal    `json:"quantity"` // hours for a service line
	Duration       Int        `json:"duration"` // seconds
	UnitCost       Decimal    `json:"unitCost"`
	TaxID          Int        `json:"taxId"` // -1 (or 0) for none
	Name           NullString `json:"name"`
	SubTotal       Decimal    `json:"subTotal"`
	TTEntriesIDs   Keyed[Int] `json:"ttEntriesIds"`
}

// Lines returns the lines in TimeCamp's order (by invoiceEntryId, which grows as lines are added).
func (inv *Invoice) Lines() []InvoiceEntryAPI {
	lines := inv.Entries.Values()
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].InvoiceEntryID < lines[j].InvoiceEntryID })
	return lines
}

// TimeEntryIDs returns the linked time entries of a line, ascending.
func (e *InvoiceEntryAPI) TimeEntryIDs() []int64 {
	ids := make([]int64, 0, len(e.TTEntriesIDs))
	for _, id := range e.TTEntriesIDs {
		if id != 0 {
			ids = append(ids, int64(id))
		}
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids
}

// HasTax reports whether the line names a tax; -1 and 0 both mean none.
func (e *InvoiceEntryAPI) HasTax() bool { return e.TaxID > 0 }

// IsZeroDate reports TimeCamp's "no date": "", "0000-00-00" or "0000-00-00 00:00:00" (SPEC §1.6.9).
func IsZeroDate(s String) bool {
	t := strings.TrimSpace(string(s))
	return t == "" || strings.HasPrefix(t, "0000-00-00")
}

// InvoiceInput is the whole of an invoice as the client writes it. The body is a form with PHP
// brackets (SPEC §13.3); a form cannot say null, so empty texts are sent as "".
type InvoiceInput struct {
	ClientID     int64
	Number       string
	Description  string
	IssueDate    string // YYYY-MM-DD
	DueDate      string // YYYY-MM-DD, "" for none
	Status       int64
	NoteToClient string
	PONumber     string
	CurrencyID   Field[int64] // unset: TimeCamp's default
	Lines        []InvoiceLineInput
}

// InvoiceLineInput is one line. EntryID is the invoiceEntryId of a line that exists, or -1.
type InvoiceLineInput struct {
	EntryID      int64
	Description  string
	Name         string
	Type         int64
	Quantity     string // exact decimal text
	UnitCost     string // exact decimal text
	TaxID        int64  // NoTax for none
	TimeEntryIDs []int64
}

// form renders in with the bracket notation TimeCamp's own client sends:
// entries[0][unitCost]=109&entries[0][ttEntriesIds][0]=263222996.
func (in InvoiceInput) form(invoiceID int64) (url.Values, error) {
	f := url.Values{
		"invoiceId":     {strconv.FormatInt(invoiceID, 10)},
		"clientId":      {strconv.FormatInt(in.ClientID, 10)},
		"invoiceNumber": {in.Number},
		"description":   {in.Description},
		"issueDate":     {in.IssueDate},
		"dueDate":       {in.DueDate},
		"status":        {strconv.FormatInt(in.Status, 10)},
		"noteToClient":  {in.NoteToClient},
		"poNumber":      {in.PONumber},
	}
	putFormField(f, "currencyId", in.CurrencyID, func(v int64) string { return strconv.FormatInt(v, 10) })
	for i, l := range in.Lines {
		sub, duration, err := lineAmounts(l.Quantity, l.UnitCost)
		if err != nil {
			return nil, fmt.Errorf("invoice line %d: %w", i+1, err)
		}
		entryID := l.EntryID
		if entryID <= 0 {
			entryID = -1
		}
		p := fmt.Sprintf("entries[%d]", i)
		f.Set(p+"[invoiceId]", strconv.FormatInt(invoiceID, 10))
		f.Set(p+"[invoiceEntryId]", strconv.FormatInt(entryID, 10))
		f.Set(p+"[description]", l.Description)
		f.Set(p+"[type]", strconv.FormatInt(l.Type, 10))
		f.Set(p+"[duration]", strconv.FormatInt(duration, 10))
		f.Set(p+"[quantity]", l.Quantity)
		f.Set(p+"[unitCost]", l.UnitCost)
		f.Set(p+"[taxId]", strconv.FormatInt(l.TaxID, 10))
		f.Set(p+"[name]", l.Name)
		f.Set(p+"[subTotal]", sub)
		for j, id := range l.TimeEntryIDs {
			f.Set(fmt.Sprintf("%s[ttEntriesIds][%d]", p, j), strconv.FormatInt(id, 10))
		}
	}
	return f, nil
}

// lineAmounts computes a line's subTotal (quantity × unitCost, exact) and its duration in seconds.
func lineAmounts(quantity, unitCost string) (subTotal string, seconds int64, err error) {
	q, ok := new(big.Rat).SetString(quantity)
	if !ok {
		return "", 0, fmt.Errorf("quantity %q is not a decimal number", quantity)
	}
	c, ok := new(big.Rat).SetString(unitCost)
	if !ok {
		return "", 0, fmt.Errorf("unit cost %q is not a decimal number", unitCost)
	}
	sec := new(big.Rat).Mul(q, big.NewRat(3600, 1))
	secs, _ := new(big.Float).SetRat(sec).Int64()
	if frac := new(big.Rat).Sub(sec, new(big.Rat).SetInt64(secs)); frac.Cmp(big.NewRat(1, 2)) >= 0 {
		secs++
	}
	return DecimalText(new(big.Rat).Mul(q, c)), secs, nil
}

// DecimalText renders an exact decimal without trailing zeros ("604.95", "15", "0.125"). A value
// that has no finite decimal form (a third, say) gets 10 decimals; callers only multiply decimals.
func DecimalText(r *big.Rat) string {
	s := r.FloatString(10)
	if strings.Contains(s, ".") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	if s == "-0" {
		s = "0"
	}
	return s
}

// DecimalEqual reports whether two decimal texts name the same number ("12.30" and "12.3").
func DecimalEqual(a, b string) bool {
	x, okA := new(big.Rat).SetString(strings.TrimSpace(a))
	y, okB := new(big.Rat).SetString(strings.TrimSpace(b))
	return okA && okB && x.Cmp(y) == 0
}

// InvoicesService manages invoices. There is no read of one invoice: every read lists them.
// With Config.SnapshotReads the list is read once until a write of an invoice (see snapshot.go).
type InvoicesService struct {
	c     *Client
	cache snapshot[[]Invoice]
}

// List returns every invoice of the account, ordered by id. TimeCamp sends an object keyed by
// invoiceId (OLD, TS, INFAKT); an array is read too, and `[]` is an empty list.
func (s *InvoicesService) List(ctx context.Context) ([]Invoice, error) {
	return s.cache.get(ctx, s.load)
}

func (s *InvoicesService) load(ctx context.Context) ([]Invoice, error) {
	return listKeyed(ctx, s.c, "/invoice", invoiceID)
}

func invoiceID(inv *Invoice) *Int { return &inv.InvoiceID }

// Get finds one invoice in the list; a missing invoice is ErrNotFound.
func (s *InvoicesService) Get(ctx context.Context, id int64) (*Invoice, error) {
	all, err := s.List(ctx)
	return findByID(all, err, "invoice", id, invoiceID)
}

// Create adds an invoice (PUT creates, invoiceId=-1). The reply is the invoice; an array holding
// it or an object keyed by its id are read too. Never replayed: a duplicate invoice would be sent
// to a client twice.
func (s *InvoicesService) Create(ctx context.Context, in InvoiceInput) (*Invoice, error) {
	defer s.cache.invalidate()
	form, err := in.form(-1)
	if err != nil {
		return nil, err
	}
	req := request{method: http.MethodPut, path: "/invoice", form: form}
	resp, err := s.c.do(ctx, req)
	if err != nil {
		return nil, err
	}
	inv, err := decodeOneKeyed(resp.body, "invoice", "invoiceId", invoiceID)
	if err != nil {
		return nil, &DecodeError{Method: req.method, Path: req.path, Body: abbreviate(resp.body), Err: err}
	}
	return inv, nil
}

// Update rewrites an invoice (POST, same encoding, the real invoiceId). The whole invoice is
// sent, so a replay after a lost reply writes the same thing again. Callers read it back.
func (s *InvoicesService) Update(ctx context.Context, id int64, in InvoiceInput) error {
	form, err := in.form(id)
	if err != nil {
		return err
	}
	_, err = s.c.do(ctx, request{method: http.MethodPost, path: "/invoice", form: form, replayable: true})
	s.cache.invalidate() // after the write, before explainRefusal reads the list
	return s.explainRefusal(ctx, id, err)
}

// Delete removes an invoice (JSON body {"invoiceId": N}). An invoice already gone is ErrNotFound.
func (s *InvoicesService) Delete(ctx context.Context, id int64) error {
	_, err := s.c.do(ctx, request{method: http.MethodDelete, path: "/invoice", json: body{"invoiceId": id}, replayable: true})
	s.cache.invalidate()
	return s.explainRefusal(ctx, id, err)
}

// explainRefusal turns a 4xx about an invoice that is not in the list into ErrNotFound.
func (s *InvoicesService) explainRefusal(ctx context.Context, id int64, err error) error {
	return refusalAsNotFound(ctx, "invoice", id, err, func(ctx context.Context, id int64) error {
		_, err := s.Get(ctx, id)
		return err
	})
}
