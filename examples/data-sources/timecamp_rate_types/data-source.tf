data "timecamp_rate_types" "all" {}

# Rate type ids by name, e.g. { "Billable rate" = "1", "Cost rate" = "2" }.
output "rate_type_ids" {
  value = { for t in data.timecamp_rate_types.all.rate_types : t.name => t.id }
}

# One rate type by name (the list is empty when no rate type has that name).
data "timecamp_rate_types" "cost" {
  name = "Cost rate"
}

output "cost_rate_type_id" {
  value = one(data.timecamp_rate_types.cost.rate_types).id
}
