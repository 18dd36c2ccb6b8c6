# By name: an error if no group, or more than one, has this name.
data "timecamp_group" "engineering" {
  name = "Engineering"
}

# By name under a given parent, when the same name appears in several departments.
data "timecamp_group" "engineering_platform" {
  name      = "Platform"
  parent_id = data.timecamp_group.engineering.id
}

# By id.
data "timecamp_group" "sales" {
  id = "123456"
}
