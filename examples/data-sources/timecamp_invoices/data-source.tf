# Every invoice of the account with its lines, ordered by id.
data "timecamp_invoices" "all" {}

# Only the unpaid invoices of one client.
data "timecamp_invoices" "acme_pending" {
  client_id = 40000
  status    = "PENDING"
}

output "amount_due" {
  value = sum(flatten([
    for inv in data.timecamp_invoices.acme_pending.invoices : [for l in inv.lines : tonumber(l.sub_total)]
  ]))
}
