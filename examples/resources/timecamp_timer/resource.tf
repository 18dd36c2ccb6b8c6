resource "timecamp_task" "website" {
  name = "Website redesign"
}

# Applying starts a timer on the task (TimeCamp decides the start time, at apply);
# destroying it stops the timer, and the time tracked stays in the timer's time entry.
# If the timer is stopped outside Terraform, the next plan starts a new one.
resource "timecamp_timer" "work" {
  task_id = timecamp_task.website.id
  note    = "Homepage layout"
}

output "timer_started_at" {
  value = timecamp_timer.work.started_at
}
