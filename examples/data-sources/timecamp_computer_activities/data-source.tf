# One week (at most 7 days) of the desktop app's activity, for two users.
data "timecamp_computer_activities" "week" {
  from     = "2024-03-04"
  to       = "2024-03-10"
  user_ids = [1200000, 1200001]
}

# Minutes per application and user, the application named as TimeCamp shows it.
locals {
  seconds_by_app = {
    for a in data.timecamp_computer_activities.week.activities :
    "${a.user_id} ${coalesce(a.application_name, "unknown")}" => a.time_span...
  }
}

output "minutes_by_app" {
  value = { for k, spans in local.seconds_by_app : k => floor(sum(spans) / 60) }
}
