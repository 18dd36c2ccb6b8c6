output "applied_by" {
  description = "The user the API token belongs to."
  value       = data.timecamp_current_user.me.email
}

output "root_group_id" {
  description = "The account's root group: departments are created under it."
  value       = data.timecamp_current_user.me.root_group_id
}

output "group_ids" {
  description = "Group id of every department, team and squad, by name."
  value = merge(
    { for k, g in timecamp_group.department : g.name => g.id },
    { for k, g in timecamp_group.team : g.name => g.id },
    { for k, g in timecamp_group.squad : g.name => g.id },
  )
}

output "project_ids" {
  description = "Task id of every project, by name."
  value       = { for k, p in timecamp_task.project : p.name => p.id }
}

output "hour_budget" {
  description = "Hours budgeted on projects whose budget is in hours."
  value       = sum([for p in timecamp_task.project : p.budget if p.budget_unit == "hours"])
}

output "tags" {
  description = "Tag names in each tag list."
  value = {
    for list_key, l in timecamp_tag_list.list : l.name => [
      for tag_key, t in timecamp_tag.tag : t.name if local.tags[tag_key].list == list_key
    ]
  }
}
