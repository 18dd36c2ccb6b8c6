# ---------------------------------------------------------------------------------------------
# Billing: rates (what an hour is billed at, what it costs) and the clients invoices go to.
#
# A rate sits on exactly one target: a task, a group, a person, or a person on one task (which
# overrides the others). Values are exact decimals in the account's currency per hour. TimeCamp
# cannot delete a rate: destroying one leaves it in TimeCamp (with a warning).
# ---------------------------------------------------------------------------------------------

data "timecamp_rate_types" "all" {}

locals {
  # { "Billable rate" = "1", "Cost rate" = "2" } on a new account.
  rate_type_ids = { for t in data.timecamp_rate_types.all.rate_types : t.name => t.id }
  billable_rate = local.rate_type_ids["Billable rate"]
  cost_rate     = local.rate_type_ids["Cost rate"]

  # What each client project is billed at per hour.
  project_rates = {
    acme_website    = "120.00"
    globex_app      = "135.00"
    initech_support = "95.50"
  }

  # What an hour of each department costs the company.
  department_costs = {
    engineering = "62.50"
    sales       = "48.00"
    operations  = "41.00"
  }

  # People whose cost differs from their department's (the contractor invoices us).
  person_costs = {
    sam = "75.00"
  }

  # People billed at their own rate on one project: "<project>/<person>".
  person_project_rates = {
    "acme_website/ann"    = "150.00"
    "initech_support/bob" = "110.00"
  }
}

resource "timecamp_billing_rate" "project" {
  for_each = local.project_rates

  rate_type_id = local.billable_rate
  task_id      = timecamp_task.project[each.key].id
  value        = each.value
}

resource "timecamp_billing_rate" "department_cost" {
  for_each = local.department_costs

  rate_type_id = local.cost_rate
  group_id     = timecamp_group.department[each.key].id
  value        = each.value
  add_date     = "2026-01-01"
}

resource "timecamp_billing_rate" "person_cost" {
  for_each = local.person_costs

  rate_type_id = local.cost_rate
  user_id      = timecamp_user.person[each.key].user_id
  value        = each.value
}

resource "timecamp_billing_rate" "person_on_project" {
  for_each = local.person_project_rates

  rate_type_id = local.billable_rate
  task_id      = timecamp_task.project[split("/", each.key)[0]].id
  user_id      = timecamp_user.person[split("/", each.key)[1]].user_id
  value        = each.value
}

# ---------------------------------------------------------------------------------------------
# Clients of the invoicing module. Currency ids are TimeCamp's (its currency list, GET /currency;
# there is no data source for it): check them against your account before applying.
# ---------------------------------------------------------------------------------------------

locals {
  clients = {
    acme = {
      organization_name = "ACME Corp"
      first_name        = "Wile"
      last_name         = "Coyote"
      email             = "accounts.acme@example.com"
      address           = "1 Desert Road\nPhoenix, AZ 85001\nUSA"
      currency_id       = 1
    }
    globex = {
      organization_name = "Globex GmbH"
      first_name        = "Hank"
      last_name         = "Scorpio"
      email             = "invoices.globex@example.com"
      address           = "Hauptstrasse 12\n10115 Berlin\nGermany"
      currency_id       = 2
    }
    initech = {
      organization_name = "Initech Ltd"
      first_name        = "Bill"
      last_name         = "Lumbergh"
      email             = "ap.initech@example.com"
      currency_id       = 1
    }
  }
}

resource "timecamp_client" "client" {
  for_each = local.clients

  organization_name = each.value.organization_name
  first_name        = each.value.first_name
  last_name         = each.value.last_name
  email             = each.value.email
  address           = lookup(each.value, "address", null)
  currency_id       = each.value.currency_id
}
