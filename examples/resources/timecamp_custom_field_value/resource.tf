resource "timecamp_task" "website" {
  name = "ACME Corp: Website relaunch"
}

resource "timecamp_custom_field" "priority" {
  name          = "Priority"
  resource_type = "task"
  field_type    = "number"
}

# Values are text, also for number fields. Destroying this unassigns the value.
resource "timecamp_custom_field_value" "website_priority" {
  template_id = timecamp_custom_field.priority.id
  resource_id = timecamp_task.website.id
  value       = "1"
}

# A value on a person: resource_id is a user id when the field's resource_type is "user".
data "timecamp_current_user" "me" {}

resource "timecamp_custom_field" "cost_centre" {
  name          = "Cost centre"
  resource_type = "user"
  field_type    = "string"
}

resource "timecamp_custom_field_value" "my_cost_centre" {
  template_id = timecamp_custom_field.cost_centre.id
  resource_id = data.timecamp_current_user.me.user_id
  value       = "CC-100"
}
