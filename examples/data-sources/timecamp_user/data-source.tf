# By e-mail address (case is ignored): an error if nobody has it.
data "timecamp_user" "ann" {
  email = "ann.smith@example.com"
}

# By display name: an error if nobody, or more than one person, has it.
data "timecamp_user" "bob" {
  display_name = "Bob Jones"
}

# By id.
data "timecamp_user" "carol" {
  id = "1234567"
}

# Assign an existing person to a project without managing the person.
resource "timecamp_task_user" "ann_website" {
  task_id = 87654321
  user_id = data.timecamp_user.ann.user_id
}
