data "timecamp_current_user" "me" {}

# The departments: the groups directly under the account's root group.
data "timecamp_groups" "departments" {
  parent_id = data.timecamp_current_user.me.root_group_id
}

# Department ids by name. Two groups may share a name, so each name maps to the list of ids
# that have it: { "Engineering" = ["500001"], ... }. A plain `g.name => g.id` would fail with
# "Duplicate object key" on the first shared name.
output "department_ids_by_name" {
  value = { for g in data.timecamp_groups.departments.groups : g.name => g.id... }
}
