# Every active tag list, with its tags.
data "timecamp_tag_lists" "active" {}

# One list by name, archived or not.
data "timecamp_tag_lists" "activity" {
  name   = "Activity"
  status = "all"
}

output "activity_tags" {
  value = [
    for tag in one(data.timecamp_tag_lists.activity.tag_lists).tags : tag.name if !tag.archived
  ]
}
