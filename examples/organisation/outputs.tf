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

output "people" {
  description = "Each person's group, by display name."
  value       = { for k, u in timecamp_user.person : u.display_name => local.people[k].group }
}

output "project_members" {
  description = "Who works on each project, with their task role there."
  value = {
    for project, members in local.project_members : timecamp_task.project[project].name => [
      for person, role in members : "${timecamp_user.person[person].display_name} (${role})"
    ]
  }
}

output "hourly_rates" {
  description = "The rates set here, per hour, by what they apply to."
  value = merge(
    { for k, r in timecamp_billing_rate.project : "${timecamp_task.project[k].name}: billable" => r.value },
    { for k, r in timecamp_billing_rate.department_cost : "${timecamp_group.department[k].name}: cost" => r.value },
    { for k, r in timecamp_billing_rate.person_cost : "${timecamp_user.person[k].display_name}: cost" => r.value },
    { for k, r in timecamp_billing_rate.person_on_project : "${timecamp_user.person[split("/", k)[1]].display_name} on ${timecamp_task.project[split("/", k)[0]].name}: billable" => r.value },
  )
}

output "clients" {
  description = "Client id of each client, by organisation name."
  value       = { for k, c in timecamp_client.client : c.organization_name => c.id }
}
