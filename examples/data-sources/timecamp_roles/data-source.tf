# The task roles of the account: 1 Project Manager, 3 Regular User, 4 Guest, and any custom ones.
data "timecamp_roles" "all" {}

output "task_role_ids" {
  value = { for r in data.timecamp_roles.all.roles : r.name => r.role_id }
}
