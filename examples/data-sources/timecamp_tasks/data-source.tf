# The active projects: the tasks at the root of the tree.
data "timecamp_tasks" "projects" {
  parent_id = 0
}

# Archived tasks anywhere in the tree.
data "timecamp_tasks" "archived" {
  status = "archived"
}

output "projects" {
  value = { for t in data.timecamp_tasks.projects.tasks : t.name => t.id }
}
