# A required number field on tasks: every task shows 3 until it gets a value of its own.
resource "timecamp_custom_field" "priority" {
  name          = "Priority"
  resource_type = "task"
  field_type    = "number"
  required      = true
  default_value = "3"
}

# A text field on people. Options are JSON objects passed through to TimeCamp's fieldOptions.
# Destroying a field deletes it, with the values people and tasks had for it.
resource "timecamp_custom_field" "cost_centre" {
  name          = "Cost centre"
  resource_type = "user"
  field_type    = "string"
  options = [
    jsonencode({ value = "CC-100", label = "Engineering" }),
    jsonencode({ value = "CC-200", label = "Sales" }),
  ]
}
