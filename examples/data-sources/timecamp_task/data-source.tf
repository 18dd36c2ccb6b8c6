# By the id another system (a CRM, an issue tracker) keeps for it.
data "timecamp_task" "website" {
  external_task_id = "CRM-1042"
}

# By name under a given parent: names repeat across projects.
data "timecamp_task" "website_design" {
  name      = "Design"
  parent_id = data.timecamp_task.website.id
}

output "design_budget_hours" {
  value = data.timecamp_task.website_design.budget
}
