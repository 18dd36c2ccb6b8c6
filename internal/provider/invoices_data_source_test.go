package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

func TestAccInvoicesDataSource_emptyAccount(t *testing.T) {
	env := newAccEnv(t)
	if env.Emulator == nil {
		t.Skip("needs an account without invoices")
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.config(`
data "timecamp_invoices" "all" {}
data "timecamp_invoices" "paid" {
  status = "PAID"
}
`),
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.timecamp_invoices.all", "invoices.#", "0"),
				resource.TestCheckResourceAttr("data.timecamp_invoices.paid", "invoices.#", "0"),
			),
		}},
	})
}

// A busy account: 3 clients, 60 invoices of 5 lines each, 300 linked time entries; filters by
// client and by status, and one invoice read in full.
func TestAccInvoicesDataSource_busyAccount(t *testing.T) {
	env := newAccEnv(t)
	if env.Emulator == nil {
		t.Skip("creates many invoices; run against the emulator")
	}
	ctx := context.Background()
	var clients []int64
	for i := 0; i < 3; i++ {
		cl, err := env.Client.Clients.Create(ctx, timecamp.InvoiceClientInput{OrganizationName: timecamp.Set(fmt.Sprintf("Client %d", i))})
		if err != nil {
			t.Fatal(err)
		}
		clients = append(clients, int64(cl.ClientID))
	}
	perClient, paidOfFirst := map[int64]int{}, 0
	var firstID int64
	var firstEntries []int64
	for i := 0; i < 60; i++ {
		client := clients[i%3]
		status := int64(i % 3)
		in := timecamp.InvoiceInput{ClientID: client, Number: fmt.Sprintf("B-%03d", i), IssueDate: "2026-03-01", Status: status}
		if i%2 == 0 {
			in.DueDate = "2026-03-31"
			in.NoteToClient = "note"
		}
		for j := 0; j < 5; j++ {
			entry, err := env.Client.Entries.Create(ctx, timecamp.EntryInput{Date: timecamp.Set("2026-02-10"), Duration: timecamp.Set[int64](900)})
			if err != nil {
				t.Fatal(err)
			}
			line := timecamp.InvoiceLineInput{Name: fmt.Sprintf("Line %d", j), Quantity: "0.25", UnitCost: fmt.Sprintf("%d.%02d", 100+j, 5*j),
				TaxID: timecamp.NoTax, TimeEntryIDs: []int64{entry}}
			if j == 4 {
				line.Type, line.TaxID = timecamp.InvoiceLineProduct, 12
			}
			in.Lines = append(in.Lines, line)
			if i == 0 {
				firstEntries = append(firstEntries, entry)
			}
		}
		created, err := env.Client.Invoices.Create(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			firstID = int64(created.InvoiceID)
		}
		perClient[client]++
		if client == clients[0] && status == timecamp.InvoiceStatusPaid {
			paidOfFirst++
		}
	}
	all := "data.timecamp_invoices.all"
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			// A filter TimeCamp does not know fails at plan time (lower case is not accepted).
			Config: env.config(`
data "timecamp_invoices" "bad" {
  status = "paid"
}
`),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(`(?s)Attribute status value must be one of.*"PAID"`),
		}, {
			Config: env.config(fmt.Sprintf(`
data "timecamp_invoices" "all" {}
data "timecamp_invoices" "first_client" {
  client_id = %d
}
data "timecamp_invoices" "first_client_paid" {
  client_id = %d
  status    = "PAID"
}
`, clients[0], clients[0])),
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr(all, "invoices.#", "60"),
				resource.TestCheckResourceAttr("data.timecamp_invoices.first_client", "invoices.#", strconv.Itoa(perClient[clients[0]])),
				resource.TestCheckResourceAttr("data.timecamp_invoices.first_client_paid", "invoices.#", strconv.Itoa(paidOfFirst)),
				// The first invoice, in full.
				resource.TestCheckResourceAttr(all, "invoices.0.id", strconv.FormatInt(firstID, 10)),
				resource.TestCheckResourceAttr(all, "invoices.0.number", "B-000"),
				resource.TestCheckResourceAttr(all, "invoices.0.status", "DRAFT"),
				resource.TestCheckResourceAttr(all, "invoices.0.due_date", "2026-03-31"),
				resource.TestCheckResourceAttr(all, "invoices.0.note_to_client", "note"),
				resource.TestCheckNoResourceAttr(all, "invoices.0.description"),
				resource.TestCheckNoResourceAttr(all, "invoices.1.due_date"), // a zero date reads as null
				resource.TestCheckResourceAttr(all, "invoices.0.lines.#", "5"),
				resource.TestCheckResourceAttr(all, "invoices.0.lines.1.unit_cost", "101.05"),
				resource.TestCheckResourceAttr(all, "invoices.0.lines.1.sub_total", "25.2625"),
				resource.TestCheckResourceAttr(all, "invoices.0.lines.1.type", "service"),
				resource.TestCheckNoResourceAttr(all, "invoices.0.lines.1.tax_id"),
				resource.TestCheckResourceAttr(all, "invoices.0.lines.4.type", "product"),
				resource.TestCheckResourceAttr(all, "invoices.0.lines.4.tax_id", "12"),
				resource.TestCheckTypeSetElemAttr(all, "invoices.0.lines.0.time_entry_ids.*", strconv.FormatInt(firstEntries[0], 10)),
				resource.TestCheckResourceAttr(all, "invoices.59.number", "B-059"),
				resource.TestCheckResourceAttr(all, "invoices.59.status", "PAID"),
			),
		}},
	})
}
