data "timecamp_rate_types" "billable" {
  name = "Billable rate"
}

data "timecamp_rate_types" "cost" {
  name = "Cost rate"
}

locals {
  billable = data.timecamp_rate_types.billable.rate_types[0].id
  cost     = data.timecamp_rate_types.cost.rate_types[0].id
}

resource "timecamp_task" "website" {
  name = "ACME Corp: Website relaunch"
}

resource "timecamp_group" "consultants" {
  name = "Consultants"
}

data "timecamp_current_user" "me" {}

# What the project is billed at. Values are exact decimals: 95.50 reads back as TimeCamp's "95.50".
resource "timecamp_billing_rate" "website" {
  rate_type_id = local.billable
  task_id      = timecamp_task.website.id
  value        = 95.50
}

# What an hour of the Consultants group costs, from a date on.
resource "timecamp_billing_rate" "consultants_cost" {
  rate_type_id = local.cost
  group_id     = timecamp_group.consultants.id
  value        = 42
  add_date     = "2025-01-01"
}

# A person's own rate, and that person's rate on one project (overrides both).
resource "timecamp_billing_rate" "me" {
  rate_type_id = local.billable
  user_id      = data.timecamp_current_user.me.user_id
  value        = 80
}

resource "timecamp_billing_rate" "me_on_website" {
  rate_type_id = local.billable
  task_id      = timecamp_task.website.id
  user_id      = data.timecamp_current_user.me.user_id
  value        = 120
}

# TimeCamp cannot delete a rate: destroying one of these leaves it in TimeCamp (with a warning).
