# ---------------------------------------------------------------------------------------------
# Custom fields: templates that every person or task carries, and the values some of them have.
# Values are text, also for number fields. Destroying a template deletes it with its values;
# destroying a value unassigns it (the field then shows its default, if it has one).
# ---------------------------------------------------------------------------------------------

resource "timecamp_custom_field" "cost_centre" {
  name          = "Cost centre"
  resource_type = "user"
  field_type    = "string"
  options = [
    jsonencode({ value = "CC-100", label = "Engineering" }),
    jsonencode({ value = "CC-200", label = "Sales" }),
    jsonencode({ value = "CC-300", label = "Operations" }),
  ]
}

resource "timecamp_custom_field" "priority" {
  name          = "Priority"
  resource_type = "task"
  field_type    = "number"
  required      = true
  default_value = "3" # what every task without a value of its own shows
}

resource "timecamp_custom_field" "contract" {
  name          = "Contract"
  resource_type = "task"
  field_type    = "string"
}

locals {
  # The cost centre of the department heads, by person.
  cost_centres = {
    ann   = "CC-100"
    franz = "CC-200"
    olga  = "CC-300"
  }

  # Priority and contract reference of the client projects, by project.
  project_fields = {
    acme_website    = { priority = "1", contract = "ACME-2026-001" }
    globex_app      = { priority = "2", contract = "GLX-2026-014" }
    initech_support = { priority = "2", contract = "INI-RET-2025" }
  }
}

resource "timecamp_custom_field_value" "cost_centre" {
  for_each = local.cost_centres

  template_id = timecamp_custom_field.cost_centre.id
  resource_id = timecamp_user.person[each.key].user_id
  value       = each.value
}

resource "timecamp_custom_field_value" "priority" {
  for_each = local.project_fields

  template_id = timecamp_custom_field.priority.id
  resource_id = timecamp_task.project[each.key].id
  value       = each.value.priority
}

resource "timecamp_custom_field_value" "contract" {
  for_each = local.project_fields

  template_id = timecamp_custom_field.contract.id
  resource_id = timecamp_task.project[each.key].id
  value       = each.value.contract
}
