import {
  to = timecamp_client.acme
  id = "18855"
}
