# The custom fields of tasks: template ids for timecamp_custom_field_value.
data "timecamp_custom_fields" "task_fields" {
  resource_type = "task"
}

# Template ids by name. TimeCamp does not say that names are unique, so each name maps to the
# list of ids that have it (a plain `f.name => f.id` would fail on a shared name).
output "task_field_ids_by_name" {
  value = { for f in data.timecamp_custom_fields.task_fields.custom_fields : f.name => f.id... }
}
