# The timer of the API token's user, read at each plan and apply.
data "timecamp_timer" "now" {}

output "timer" {
  value = (
    data.timecamp_timer.now.running
    ? "${coalesce(data.timecamp_timer.now.task_name, "No task")}: ${floor(data.timecamp_timer.now.elapsed / 60)} min since ${data.timecamp_timer.now.started_at}"
    : "No timer running"
  )
}
