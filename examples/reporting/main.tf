# A weekly report read from TimeCamp: this week's hours and income per project and per day, the
# running timer, and the applications used at the computer. It only reads (data sources): applying
# it creates nothing, it just records the report in the state's outputs.
#
#   terraform apply                          # this week (the week of today's date in UTC)
#   terraform apply -var week_of=2026-03-04  # the week of another day
#   terraform output -raw report
#
# `make demo` applies it to the bundled emulator's demo week (timecamp-emulator -seed-demo).
#
# Plans are made twice (plan, then again at apply, or the next plan) and must agree. So "today"
# comes from plantimestamp(), which is one fixed time within a plan, and only its date is used:
# two plans on the same day read the same week and give the same report. timestamp() would be
# unknown at plan time and defer every data source below to apply time: no plan would ever be
# empty. For the same reason the report shows when the timer started, not for how long it has
# been running (data.timecamp_timer.now.elapsed changes with every read).

terraform {
  required_version = ">= 1.5.0" # plantimestamp()

  required_providers {
    timecamp = {
      source = "timecamp-org/timecamp"
    }
  }
}

# Token and base URL come from TIMECAMP_API_TOKEN and TIMECAMP_BASE_URL.
provider "timecamp" {}

variable "week_of" {
  description = "Any day of the week to report on, YYYY-MM-DD. Default: today (the plan's date in UTC; set it where the account's time zone is another day)."
  type        = string
  default     = null

  validation {
    condition     = var.week_of == null || can(formatdate("YYYY-MM-DD", "${var.week_of}T00:00:00Z"))
    error_message = "The week_of value must be a date written YYYY-MM-DD, such as 2026-03-04."
  }
}

# ---------------------------------------------------------------------------------------------
# The week: Monday to Sunday around the day asked for.
# ---------------------------------------------------------------------------------------------

locals {
  weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

  day      = coalesce(var.week_of, formatdate("YYYY-MM-DD", plantimestamp()))
  midnight = "${local.day}T00:00:00Z"
  monday   = timeadd(local.midnight, "-${24 * index(local.weekdays, formatdate("EEEE", local.midnight))}h")

  # "2026-03-02" => "Monday", ... for the seven days of the week.
  days = { for i, name in local.weekdays : formatdate("YYYY-MM-DD", timeadd(local.monday, "${24 * i}h")) => name }
  from = formatdate("YYYY-MM-DD", local.monday)
  to   = formatdate("YYYY-MM-DD", timeadd(local.monday, "144h"))
}

# ---------------------------------------------------------------------------------------------
# What TimeCamp has: the entries of everyone in the account, the task tree (to find each task's
# project), the token user's timer and computer activity.
# ---------------------------------------------------------------------------------------------

data "timecamp_users" "all" {}

data "timecamp_time_entries" "week" {
  from     = local.from
  to       = local.to
  user_ids = [for u in data.timecamp_users.all.users : u.user_id if !u.disabled]
}

# Archived tasks too: time tracked this week may be on a task archived since.
data "timecamp_tasks" "all" {
  status = "all"
}

data "timecamp_timer" "now" {}

# At most 7 days, which a week is.
data "timecamp_computer_activities" "week" {
  from = local.from
  to   = local.to
}

# ---------------------------------------------------------------------------------------------
# Sums. Durations are in seconds; income and cost are decimal text (tonumber() them).
# ---------------------------------------------------------------------------------------------

locals {
  tasks = { for t in data.timecamp_tasks.all.tasks : t.id => t }

  # Each task's parent, a project its own (so that walking up stops there). Four steps up reach
  # the project from a task nested five levels deep.
  up         = { for id, t in local.tasks : id => t.parent_id == null ? id : tostring(t.parent_id) }
  up2        = { for id, p in local.up : id => lookup(local.up, p, p) }
  project_of = { for id, p in local.up2 : id => lookup(local.up2, p, p) }

  entries = [
    for e in data.timecamp_time_entries.week.entries : merge(e, {
      project = (
        e.task_id == null ? "(no task)" :
        try(local.tasks[local.project_of[tostring(e.task_id)]].name, e.task_name)
      )
      income = e.total_income == null ? 0 : tonumber(e.total_income)
    })
  ]

  seconds_by_project = { for e in local.entries : e.project => e.duration... }
  income_by_project  = { for e in local.entries : e.project => e.income... }
  billable_by_project = {
    for e in local.entries : e.project => (e.billable ? e.duration : 0)...
  }
  seconds_by_day  = { for e in local.entries : e.date => e.duration... }
  seconds_by_user = { for e in local.entries : e.user_name => e.duration... }

  total_seconds = sum(concat([0], local.entries[*].duration))
  total_income  = sum(concat([0], local.entries[*].income))

  # Applications by minutes of use, most used first ("00000123 Slack" sorts as text).
  app_seconds = {
    for a in data.timecamp_computer_activities.week.activities :
    coalesce(a.application_name, "(unknown)") => a.time_span...
  }
  apps_by_use = reverse(sort([
    for app, spans in local.app_seconds : format("%08d %s", floor(sum(spans) / 60), app)
  ]))
  top_apps = [
    for line in slice(local.apps_by_use, 0, min(5, length(local.apps_by_use))) :
    format("%-24s %5d min", substr(line, 9, -1), tonumber(substr(line, 0, 8)))
  ]

  timer = data.timecamp_timer.now
  timer_line = (
    local.timer.running
    ? format("running since %s on %s%s",
      local.timer.started_at,
      local.timer.task_id == null ? "no task" : join(" / ", distinct([
        try(local.tasks[local.project_of[tostring(local.timer.task_id)]].name, ""),
        coalesce(local.timer.task_name, ""),
      ])),
    local.timer.note == null ? "" : " (${local.timer.note})")
    : "not running"
  )
}

# ---------------------------------------------------------------------------------------------
# The report.
# ---------------------------------------------------------------------------------------------

output "week" {
  description = "The week reported on, Monday to Sunday."
  value       = "${local.from} to ${local.to}"
}

output "hours_by_project" {
  description = "Hours tracked this week per project (tasks counted in their project)."
  value       = { for p, s in local.seconds_by_project : p => floor(sum(s) / 36) / 100 }
}

output "income_by_project" {
  description = "Income this week per project, in the account's currency (billable time times its rate)."
  value       = { for p, i in local.income_by_project : p => sum(i) }
}

output "hours_by_day" {
  description = "Hours tracked on each day of the week."
  value       = { for d, name in local.days : "${d} ${name}" => floor(sum(lookup(local.seconds_by_day, d, [0])) / 36) / 100 }
}

output "timer" {
  description = "The API token user's timer: since when and on what it runs."
  value       = local.timer_line
}

output "top_applications" {
  description = "The five applications used most this week (the token's user), in minutes."
  value       = local.top_apps
}

output "counts" {
  description = "How much the report is built from: time entries, computer activities, people and tasks read, and whether a timer runs."
  value = {
    time_entries        = length(local.entries)
    computer_activities = length(data.timecamp_computer_activities.week.activities)
    users               = length(data.timecamp_users.all.users)
    tasks               = length(local.tasks)
    timer_running       = local.timer.running
  }
}

output "report" {
  description = "All of it as text: terraform output -raw report."
  value = join("\n", concat(
    [
      format("Week %s to %s: %d time entries, %.1f h, income %.2f", local.from, local.to, length(local.entries), local.total_seconds / 3600, local.total_income),
      "",
      format("  %-32s %7s %9s %10s", "Project", "Hours", "Billable", "Income"),
    ],
    [
      for p, s in local.seconds_by_project : format("  %-32s %7.1f %9.1f %10.2f",
      p, sum(s) / 3600, sum(local.billable_by_project[p]) / 3600, sum(local.income_by_project[p]))
    ],
    ["", "  Hours per day"],
    [for d, name in local.days : format("  %-10s %s %5.1f", name, d, sum(lookup(local.seconds_by_day, d, [0])) / 3600)],
    ["", "  Hours per person"],
    [for u, s in local.seconds_by_user : format("  %-32s %5.1f", u, sum(s) / 3600)],
    ["", "  Timer: ${local.timer_line}", "", "  Most used applications"],
    [for line in local.top_apps : "  ${line}"],
  ))
}
