# An invoice of the invoicing module, made out to a client and built from lines.
resource "timecamp_client" "acme" {
  organization_name = "Acme Sp. z o.o."
}

resource "timecamp_time_entry" "design" {
  date     = "2026-02-02"
  duration = 19980
  note     = "Design review"
}

resource "timecamp_invoice" "february" {
  client_id      = tonumber(timecamp_client.acme.id)
  number         = "2026/02"
  issue_date     = "2026-03-01"
  due_date       = "2026-03-15"
  status         = "PENDING"
  note_to_client = "Thank you for your business."

  lines = [
    {
      # Tracked time: 5.55 hours at 109, billed from the time entry above.
      name           = "Design"
      quantity       = "5.55"
      unit_cost      = "109"
      time_entry_ids = [tonumber(timecamp_time_entry.design.id)]
    },
    {
      # Money is exact decimal text: never a float, at most 2 decimals.
      name      = "Licence"
      type      = "product"
      quantity  = "2"
      unit_cost = "10.10"
    },
  ]
}

output "february_sub_totals" {
  value = [for l in timecamp_invoice.february.lines : l.sub_total]
}
