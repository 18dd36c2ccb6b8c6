# Every client of the invoicing module, ordered by id.
data "timecamp_clients" "all" {}

# Only the clients with exactly this organisation name.
data "timecamp_clients" "acme" {
  organization_name = "Acme Sp. z o.o."
}

output "client_names" {
  value = [for c in data.timecamp_clients.all.clients : c.organization_name]
}
