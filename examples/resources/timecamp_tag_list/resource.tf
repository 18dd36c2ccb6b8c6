# Destroying a tag list archives it: TimeCamp has no way to delete one.
resource "timecamp_tag_list" "activity" {
  name = "Activity"
}
