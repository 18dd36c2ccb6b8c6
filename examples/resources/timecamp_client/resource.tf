# A client of the invoicing module (the module must be enabled on the account).
resource "timecamp_client" "acme" {
  organization_name = "Acme Sp. z o.o."
  first_name        = "Wile"
  last_name         = "Coyote"
  email             = "billing@acme.example"
  address           = "1 Desert Road\n00-001 Warsaw"
  currency_id       = 2
}

# Only the organisation name is required; the currency defaults to TimeCamp's.
resource "timecamp_client" "small" {
  organization_name = "Small Shop"
}
