# The active projects: the tasks at the root of the tree.
data "timecamp_tasks" "projects" {
  parent_id = 0
}

# Archived tasks anywhere in the tree.
data "timecamp_tasks" "archived" {
  status = "archived"
}

# Project ids by name. Names need not be unique (two projects may share one), so each name maps
# to the list of ids that have it: { "Website" = ["80000000"], ... }. A plain
# `t.name => t.id` would fail with "Duplicate object key" on the first shared name.
output "project_ids_by_name" {
  value = { for t in data.timecamp_tasks.projects.tasks : t.name => t.id... }
}
