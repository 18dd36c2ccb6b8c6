# The custom fields of tasks, by name: template ids for timecamp_custom_field_value.
data "timecamp_custom_fields" "task_fields" {
  resource_type = "task"
}

output "task_field_ids" {
  value = { for f in data.timecamp_custom_fields.task_fields.custom_fields : f.name => f.id }
}
