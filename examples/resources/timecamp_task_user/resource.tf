resource "timecamp_task" "website" {
  name = "ACME Corp: Website relaunch"
}

resource "timecamp_user" "ann" {
  email = "ann.smith@example.com"
}

resource "timecamp_user" "bob" {
  email = "bob@example.com"
}

data "timecamp_roles" "all" {}

locals {
  task_roles = { for r in data.timecamp_roles.all.roles : r.name => r.role_id }
}

# Ann leads the project.
resource "timecamp_task_user" "ann_website" {
  task_id = timecamp_task.website.id
  user_id = timecamp_user.ann.user_id
  role_id = local.task_roles["Project Manager"]
}

# Bob tracks time on it (role_id defaults to 3, Regular User). Each assignment names only its own
# person, so the two never undo each other.
resource "timecamp_task_user" "bob_website" {
  task_id = timecamp_task.website.id
  user_id = timecamp_user.bob.user_id
}
