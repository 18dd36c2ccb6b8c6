resource "timecamp_tag_list" "activity" {
  name = "Activity"
}

# Destroying a tag archives it: TimeCamp has no way to delete one.
resource "timecamp_tag" "meeting" {
  tag_list_id = timecamp_tag_list.activity.id
  name        = "Meeting"
}
