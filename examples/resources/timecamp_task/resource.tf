# A project is a task without a parent.
resource "timecamp_task" "website" {
  name             = "ACME Corp: Website relaunch"
  note             = "Fixed scope, signed 2026-01-15."
  keywords         = "acme,web"
  external_task_id = "CRM-1042"
  budget           = 300 # hours
}

# Tasks inside the project.
resource "timecamp_task" "design" {
  name      = "Design"
  parent_id = timecamp_task.website.id
  budget    = 60 # hours
}

resource "timecamp_task" "development" {
  name        = "Development"
  parent_id   = timecamp_task.website.id
  budget      = 18000 # a money amount in the account's currency
  budget_unit = "fee"
}

# Internal work is not billable. Destroying a task archives it (tracked time stays);
# delete_on_destroy = true deletes it instead, with all the time tracked on it.
resource "timecamp_task" "internal" {
  name     = "Internal meetings"
  billable = false
}
