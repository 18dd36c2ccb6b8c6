resource "timecamp_group" "engineering" {
  name = "Engineering"
}

# Invited into Engineering as a supervisor. Creation waits until TimeCamp lists the person.
resource "timecamp_user" "ann" {
  email        = "ann.smith@example.com"
  display_name = "Ann Smith"
  group_id     = timecamp_group.engineering.id
  role         = "supervisor"
}

# Invited into the root group as a plain user, without an invitation e-mail (single sign-on);
# the person picks their own display name.
resource "timecamp_user" "bob" {
  email             = "bob@example.com"
  send_invite_email = false
}

# Destroy deactivates a person (their tracked time stays). delete_on_destroy = true removes
# them from the account instead, which presumably loses their tracked time.
resource "timecamp_user" "contractor" {
  email             = "temp.contractor@example.com"
  role              = "guest"
  delete_on_destroy = true
}
