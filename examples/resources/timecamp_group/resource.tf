# A department directly under the account's root group (parent_id left out).
resource "timecamp_group" "engineering" {
  name = "Engineering"
}

# A team inside it. TimeCamp allows four levels counting the root group.
resource "timecamp_group" "platform" {
  name      = "Platform"
  parent_id = timecamp_group.engineering.id
}
