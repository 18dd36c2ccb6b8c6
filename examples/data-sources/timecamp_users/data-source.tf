# Everyone in the account, deactivated people included (flagged by `disabled`).
data "timecamp_users" "all" {}

# Only the people of one group.
data "timecamp_group" "engineering" {
  name = "Engineering"
}

data "timecamp_users" "engineering" {
  group_id = data.timecamp_group.engineering.id
}

output "active_emails" {
  value = [for u in data.timecamp_users.all.users : u.email if !u.disabled]
}
