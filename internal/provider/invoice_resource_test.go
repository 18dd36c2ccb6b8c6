package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

// invoiceFixture is a client and three time entries made through the API.
type invoiceFixture struct {
	client  int64
	entries [3]int64
}

func newInvoiceFixture(t *testing.T, env *accEnv) invoiceFixture {
	t.Helper()
	ctx := context.Background()
	cl, err := env.Client.Clients.Create(ctx, timecamp.InvoiceClientInput{OrganizationName: timecamp.Set("Invoiced Ltd"), CurrencyID: timecamp.Set[int64](3)})
	if err != nil {
		t.Fatalf("creating the client: %v", err)
	}
	f := invoiceFixture{client: int64(cl.ClientID)}
	for i := range f.entries {
		id, err := env.Client.Entries.Create(ctx, timecamp.EntryInput{Date: timecamp.Set(fmt.Sprintf("2026-02-0%d", i+2)), Duration: timecamp.Set[int64](3600)})
		if err != nil {
			t.Fatalf("creating time entry %d: %v", i, err)
		}
		f.entries[i] = id
	}
	return f
}

func (f invoiceFixture) created() string {
	return fmt.Sprintf(`
resource "timecamp_invoice" "inv" {
  client_id      = %d
  number         = "2026/001"
  description    = "February"
  issue_date     = "2026-03-01"
  due_date       = "2026-03-15"
  status         = "PENDING"
  note_to_client = "Thank you"
  po_number      = "PO-77"

  lines = [
    {
      name           = "Development"
      description    = "Hours in February"
      quantity       = "5.55"
      unit_cost      = "109"
      time_entry_ids = [%d, %d]
    },
    {
      name      = "Licence"
      type      = "product"
      quantity  = "2"
      unit_cost = "10.10"
      tax_id    = 198
    },
  ]
}
`, f.client, f.entries[0], f.entries[1])
}

// The first line changes (quantity, one time entry swapped), the licence line goes, a new line
// comes; the status is PAID and the due date removed.
func (f invoiceFixture) updated() string {
	return fmt.Sprintf(`
resource "timecamp_invoice" "inv" {
  client_id      = %d
  number         = "2026/001"
  description    = "February"
  issue_date     = "2026-03-01"
  status         = "PAID"
  note_to_client = "Thank you"
  po_number      = "PO-77"

  lines = [
    {
      name           = "Development"
      description    = "Hours in February"
      quantity       = "6"
      unit_cost      = "109.00"
      time_entry_ids = [%d, %d]
    },
    {
      name      = "Support"
      quantity  = "0.25"
      unit_cost = "0.1"
    },
  ]
}
`, f.client, f.entries[0], f.entries[2])
}

type invoiceLineWant struct {
	name, quantity, unitCost string
	typ                      int64
	tax                      int64 // 0: none
	entries                  []int64
}

// checkInvoiceInAPI compares TimeCamp's copy of the invoice with what the configuration says.
func checkInvoiceInAPI(env *accEnv, status int64, dueDate string, lines ...invoiceLineWant) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := stateID(s, "timecamp_invoice.inv")
		if err != nil {
			return err
		}
		inv, err := env.Client.Invoices.Get(context.Background(), id)
		if err != nil {
			return fmt.Errorf("reading invoice %d: %w", id, err)
		}
		if inv.Status != timecamp.Int(status) || (dueDate == "" && !timecamp.IsZeroDate(inv.DueDate)) || (dueDate != "" && string(inv.DueDate) != dueDate) {
			return fmt.Errorf("TimeCamp has status %d and due date %q, want %d and %q", inv.Status, inv.DueDate, status, dueDate)
		}
		got := inv.Lines()
		if len(got) != len(lines) {
			return fmt.Errorf("TimeCamp has %d lines, want %d", len(got), len(lines))
		}
		for i, w := range lines {
			g := got[i]
			if g.Name.Value != w.name || !timecamp.DecimalEqual(string(g.Quantity), w.quantity) || !timecamp.DecimalEqual(string(g.UnitCost), w.unitCost) ||
				int64(g.Type) != w.typ || (w.tax == 0 && g.HasTax()) || (w.tax != 0 && int64(g.TaxID) != w.tax) ||
				fmt.Sprint(g.TimeEntryIDs()) != fmt.Sprint(w.entries) {
				return fmt.Errorf("line %d in TimeCamp: %+v, want %+v", i, g, w)
			}
		}
		return nil
	}
}

// checkEntriesInvoiced checks which invoice each time entry is billed on (0: none).
func checkEntriesInvoiced(env *accEnv, want map[int64]*int64) resource.TestCheckFunc {
	return func(*terraform.State) error {
		list, err := env.Client.Entries.List(context.Background(), timecamp.EntryListOptions{From: "2026-02-01", To: "2026-02-28"})
		if err != nil {
			return err
		}
		for _, e := range list {
			if w, ok := want[int64(e.ID)]; ok {
				wantID := int64(0)
				if w != nil {
					wantID = *w
				}
				if int64(e.InvoiceID) != wantID {
					return fmt.Errorf("time entry %d is on invoice %d, want %d", e.ID, e.InvoiceID, wantID)
				}
			}
		}
		return nil
	}
}

func TestAccInvoiceResource_lifecycle(t *testing.T) {
	env := newAccEnv(t)
	if env.Emulator == nil {
		t.Skip("makes time entries and invoices with fixed dates; run against the emulator")
	}
	f := newInvoiceFixture(t, env)
	created, updated := env.config(f.created()), env.config(f.updated())
	name := "timecamp_invoice.inv"
	var id int64
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             checkGoneFromAPI("timecamp_invoice", env.Client.Invoices.Get),
		Steps: []resource.TestStep{
			{
				Config: created,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					// Known at plan time, exactly: 5.55 × 109 and 2 × 10.10.
					plancheck.ExpectKnownValue(name, tfjsonpath.New("lines").AtSliceIndex(0).AtMapKey("sub_total"), knownvalue.StringExact("604.95")),
					plancheck.ExpectKnownValue(name, tfjsonpath.New("lines").AtSliceIndex(1).AtMapKey("sub_total"), knownvalue.StringExact("20.20")),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					captureID(name, &id),
					resource.TestCheckResourceAttr(name, "client_id", strconv.FormatInt(f.client, 10)),
					resource.TestCheckResourceAttr(name, "currency_id", "3"), // the client's
					resource.TestCheckResourceAttr(name, "status", "PENDING"),
					resource.TestCheckResourceAttr(name, "lines.#", "2"),
					resource.TestCheckResourceAttr(name, "lines.0.type", "service"),
					resource.TestCheckResourceAttr(name, "lines.0.quantity", "5.55"),
					resource.TestCheckResourceAttr(name, "lines.0.unit_cost", "109"),
					resource.TestCheckResourceAttr(name, "lines.0.time_entry_ids.#", "2"),
					resource.TestCheckNoResourceAttr(name, "lines.0.tax_id"),
					resource.TestCheckResourceAttr(name, "lines.1.unit_cost", "10.10"),
					resource.TestCheckResourceAttr(name, "lines.1.tax_id", "198"),
					resource.TestCheckNoResourceAttr(name, "lines.1.time_entry_ids"),
					resource.TestCheckNoResourceAttr(name, "lines.1.description"),
					resource.TestCheckResourceAttrSet(name, "public_hash"),
					resource.TestMatchResourceAttr(name, "add_date", regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$`)),
					checkInvoiceInAPI(env, timecamp.InvoiceStatusPending, "2026-03-15",
						invoiceLineWant{name: "Development", quantity: "5.55", unitCost: "109", entries: []int64{f.entries[0], f.entries[1]}},
						invoiceLineWant{name: "Licence", quantity: "2", unitCost: "10.1", typ: 1, tax: 198}),
					checkEntriesInvoiced(env, map[int64]*int64{f.entries[0]: &id, f.entries[1]: &id, f.entries[2]: nil}),
				),
			},
			// Nothing ignored: every attribute is read back from GET /invoice.
			importStep(name),
			emptyPlanStep(created),
			{
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(name, plancheck.ResourceActionUpdate),
					// 0.25 × 0.1 = 0.025: TimeCamp's rounding decides, so it is unknown until apply.
					plancheck.ExpectUnknownValue(name, tfjsonpath.New("lines").AtSliceIndex(1).AtMapKey("sub_total")),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkIDUnchanged(name, &id),
					resource.TestCheckResourceAttr(name, "lines.#", "2"),
					resource.TestCheckResourceAttr(name, "lines.0.unit_cost", "109.00"),
					resource.TestCheckResourceAttr(name, "lines.0.sub_total", "654.00"),
					resource.TestCheckResourceAttr(name, "lines.1.sub_total", "0.025"),
					resource.TestCheckNoResourceAttr(name, "due_date"),
					checkInvoiceInAPI(env, timecamp.InvoiceStatusPaid, "",
						invoiceLineWant{name: "Development", quantity: "6", unitCost: "109", entries: []int64{f.entries[0], f.entries[2]}},
						invoiceLineWant{name: "Support", quantity: "0.25", unitCost: "0.1"}),
					checkEntriesInvoiced(env, map[int64]*int64{f.entries[0]: &id, f.entries[1]: nil, f.entries[2]: &id}),
				),
			},
			emptyPlanStep(updated),
			// unit_cost is "109.00" in the configuration and "109.00" in TimeCamp, sub_total from TimeCamp.
			importStep(name),
			outOfBandStep(t, updated, name, plancheck.ResourceActionUpdate, func(ctx context.Context) error {
				inv, err := env.Client.Invoices.Get(ctx, id)
				if err != nil {
					return err
				}
				lines := inv.Lines()
				return env.Client.Invoices.Update(ctx, id, timecamp.InvoiceInput{
					ClientID: f.client, Number: "2026/001-X", Description: "February", IssueDate: "2026-03-01", Status: timecamp.InvoiceStatusDraft,
					NoteToClient: "Thank you", PONumber: "PO-77",
					Lines: []timecamp.InvoiceLineInput{{EntryID: int64(lines[0].InvoiceEntryID), Name: "Development", Quantity: "6", UnitCost: "99", TaxID: timecamp.NoTax}},
				})
			}),
			{
				// The apply of the step above put everything back.
				Config: updated,
				Check: checkInvoiceInAPI(env, timecamp.InvoiceStatusPaid, "",
					invoiceLineWant{name: "Development", quantity: "6", unitCost: "109", entries: []int64{f.entries[0], f.entries[2]}},
					invoiceLineWant{name: "Support", quantity: "0.25", unitCost: "0.1"}),
			},
			outOfBandStep(t, updated, name, plancheck.ResourceActionCreate, func(ctx context.Context) error {
				return env.Client.Invoices.Delete(ctx, id)
			}),
			{
				Config: updated,
				Check: resource.ComposeAggregateTestCheckFunc(
					func(s *terraform.State) error {
						if got, err := stateID(s, name); err != nil || got == id {
							return fmt.Errorf("invoice still has the id %d of the one deleted outside Terraform (%v)", got, err)
						}
						return nil
					},
					checkInvoiceInAPI(env, timecamp.InvoiceStatusPaid, "",
						invoiceLineWant{name: "Development", quantity: "6", unitCost: "109", entries: []int64{f.entries[0], f.entries[2]}},
						invoiceLineWant{name: "Support", quantity: "0.25", unitCost: "0.1"}),
				),
			},
			emptyPlanStep(updated),
		},
	})
}

// Wrong values fail at plan time, naming the attribute, and nothing is created.
func TestAccInvoiceResource_validation(t *testing.T) {
	env := newAccEnv(t)
	bad := func(top, line string) string {
		return env.config(fmt.Sprintf(`
resource "timecamp_invoice" "inv" {
  client_id  = 40000
  number     = "X-1"
  issue_date = "2026-03-01"
  %s
  lines = [{
    name      = "Work"
    %s
  }]
}
`, top, line))
	}
	step := func(cfg, want string) resource.TestStep {
		return resource.TestStep{Config: cfg, PlanOnly: true, ExpectError: regexp.MustCompile(want)}
	}
	ok := `quantity = "1"` + "\n" + `unit_cost = "10"`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			step(bad("", `quantity = "1"`+"\n"+`unit_cost = "10.125"`), `(?s)Attribute lines\[0\]\.unit_cost: "10.125" has 3 decimals; at\s+most\s+2`),
			step(bad("", `quantity = "-1"`+"\n"+`unit_cost = "10"`), `(?s)Attribute lines\[0\]\.quantity: "-1" is not a decimal\s+number\s+0\s+or\s+more`),
			step(bad("", `quantity = "1e3"`+"\n"+`unit_cost = "10"`), `(?s)Attribute lines\[0\]\.quantity: "1e3" is not a decimal\s+number`),
			step(bad("", ok+"\n"+`type = "hours"`), `(?s)lines\[0\]\.type value must be one of.*"service".*"product"`),
			step(bad("", ok+"\n"+`tax_id = 0`), `(?s)lines\[0\]\.tax_id value must be at least 1`),
			step(bad(`status = "SENT"`, ok), `(?s)Attribute status value must be one of.*"DRAFT".*"PENDING".*"PAID"`),
			step(bad(`due_date = "2026-02-28"`, ok), `(?s)due_date.*The due date 2026-02-28 is before the issue date 2026-03-01`),
			step(bad(`due_date = "15.03.2026"`, ok), `(?s)due_date.*"15.03.2026" is not a date written YYYY-MM-DD`),
			step(env.config(`
resource "timecamp_invoice" "inv" {
  client_id  = 40000
  number     = "X-1"
  issue_date = "2026-03-01"
  lines      = []
}
`), `(?s)Attribute lines list must contain at least 1 elements`),
			{
				Config:        bad("", ok),
				ResourceName:  "timecamp_invoice.inv",
				ImportState:   true,
				ImportStateId: "INV-1",
				ExpectError:   regexp.MustCompile(`(?s)Invalid import ID.*invoice.*"INV-1"`),
			},
		},
		CheckDestroy: func(*terraform.State) error {
			list, err := env.Client.Invoices.List(context.Background())
			if err == nil && len(list) != 0 && env.Emulator != nil {
				return fmt.Errorf("rejected configurations created %d invoices", len(list))
			}
			return err
		},
	})
}

// A time entry that does not exist is refused by TimeCamp; the error says what was attempted,
// names the cause, and nothing is left in state.
func TestAccInvoiceResource_apiRefusal(t *testing.T) {
	env := newAccEnv(t)
	if env.Emulator == nil {
		t.Skip("relies on the emulator's ids")
	}
	f := newInvoiceFixture(t, env)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.config(fmt.Sprintf(`
resource "timecamp_invoice" "inv" {
  client_id  = %d
  number     = "X-1"
  issue_date = "2026-03-01"
  lines = [{
    name           = "Work"
    quantity       = "1"
    unit_cost      = "10"
    time_entry_ids = [1]
  }]
}
`, f.client)),
			ExpectError: regexp.MustCompile(`(?s)Unable to create invoice.*"X-1".*time\s+entries\s+exist.*time\s+entry\s+1\s+does\s+not\s+exist`),
		}},
		CheckDestroy: checkGoneFromAPI("timecamp_invoice", env.Client.Invoices.Get),
	})
}

// The invoice beside the client and time entry it bills, all in one configuration: the entry
// reads as invoiced after a refresh, nothing is planned afterwards, and destroy takes the invoice
// down before the entry and the client.
func TestAccInvoiceResource_withClientAndEntry(t *testing.T) {
	env := newAccEnv(t)
	cfg := env.config(`
resource "timecamp_client" "acme" {
  organization_name = "Acme"
}

resource "timecamp_time_entry" "work" {
  date     = "2026-02-02"
  duration = 5400
  note     = "Billed work"
}

resource "timecamp_invoice" "inv" {
  client_id  = tonumber(timecamp_client.acme.id)
  number     = "A-1"
  issue_date = "2026-03-01"
  lines = [{
    name           = "Work"
    quantity       = "1.5"
    unit_cost      = "80"
    time_entry_ids = [tonumber(timecamp_time_entry.work.id)]
  }]
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			checkGoneFromAPI("timecamp_invoice", env.Client.Invoices.Get),
			checkClientsDestroyed(env),
		),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("timecamp_invoice.inv", "lines.0.sub_total", "120.00"),
					resource.TestCheckResourceAttrPair("timecamp_invoice.inv", "client_id", "timecamp_client.acme", "id"),
					resource.TestCheckResourceAttrPair("timecamp_invoice.inv", "lines.0.time_entry_ids.0", "timecamp_time_entry.work", "id"),
				),
			},
			{
				// After a refresh the entry shows the invoice it is billed on, and nothing is planned.
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.TestCheckResourceAttrPair("timecamp_time_entry.work", "invoice_id", "timecamp_invoice.inv", "id"),
			},
			importStep("timecamp_invoice.inv"),
		},
	})
}
