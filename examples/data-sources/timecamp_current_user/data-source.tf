# The user the API token belongs to.
data "timecamp_current_user" "me" {}

output "applied_by" {
  value = data.timecamp_current_user.me.email
}

# Groups without a parent_id are created under this group.
output "root_group_id" {
  value = data.timecamp_current_user.me.root_group_id
}
