# By organisation name: an error if no client, or more than one, has this name.
data "timecamp_client" "acme" {
  organization_name = "Acme Sp. z o.o."
}

# By id.
data "timecamp_client" "by_id" {
  id = "18855"
}
