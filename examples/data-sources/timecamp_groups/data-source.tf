data "timecamp_current_user" "me" {}

# The departments: the groups directly under the account's root group.
data "timecamp_groups" "departments" {
  parent_id = data.timecamp_current_user.me.root_group_id
}

output "department_ids" {
  value = { for g in data.timecamp_groups.departments.groups : g.name => g.id }
}
