resource "timecamp_task" "website" {
  name = "Website relaunch"
}

resource "timecamp_tag_list" "activity" {
  name = "Activity"
}

resource "timecamp_tag" "meeting" {
  tag_list_id = timecamp_tag_list.activity.id
  name        = "Meeting"
}

# A start and an end time (wall-clock time in the account's time zone). The duration is computed.
resource "timecamp_time_entry" "kickoff" {
  date       = "2026-03-02"
  start_time = "09:00"
  end_time   = "10:30"
  task_id    = timecamp_task.website.id
  note       = "Kick-off with the client"
  billable   = true
  tags       = [timecamp_tag.meeting.id]
}

# A start time and a duration in seconds: the end time is computed (11:15:00).
resource "timecamp_time_entry" "review" {
  date       = "2026-03-02"
  start_time = "10:45"
  duration   = 30 * 60
  task_id    = timecamp_task.website.id
  note       = "Design review"
}

# A duration alone: an entry without a time frame. Destroy deletes the entry.
resource "timecamp_time_entry" "email" {
  date     = "2026-03-02"
  duration = 45 * 60
  note     = "Email"
}
