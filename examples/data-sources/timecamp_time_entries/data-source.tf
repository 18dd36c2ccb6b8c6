# This week's entries (Monday to Sunday) of the token's user, with tags and rates.
locals {
  today  = formatdate("YYYY-MM-DD", timestamp())
  monday = formatdate("YYYY-MM-DD", timeadd(timestamp(), format("-%dh", 24 * (index(["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"], formatdate("EEEE", timestamp()))))))
}

data "timecamp_time_entries" "this_week" {
  from = local.monday
  to   = local.today
}

# Hours per task this week.
output "hours_per_task" {
  value = {
    for name, seconds in {
      for e in data.timecamp_time_entries.this_week.entries :
      (e.task_name == "" ? "(no task)" : e.task_name) => e.duration...
    } : name => sum(seconds) / 3600
  }
}

# Billable income this week (rates are decimal text: tonumber() them).
output "income" {
  value = sum(concat([0], [for e in data.timecamp_time_entries.this_week.entries : tonumber(e.total_income) if e.total_income != null]))
}

# One task's entries of the last 30 days, for the token's user.
data "timecamp_current_user" "me" {}

data "timecamp_task" "backend" {
  name = "Backend"
}

data "timecamp_time_entries" "backend" {
  from          = formatdate("YYYY-MM-DD", timeadd(timestamp(), "-720h"))
  to            = local.today
  task_id       = data.timecamp_task.backend.id
  user_ids      = [data.timecamp_current_user.me.user_id]
  include_rates = false
}

output "backend_log" {
  value = [for e in data.timecamp_time_entries.backend.entries : "${e.start != null ? e.start : e.date} ${e.note}"]
}
