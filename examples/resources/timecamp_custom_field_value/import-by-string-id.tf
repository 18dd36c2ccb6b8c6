import {
  to = timecamp_custom_field_value.website_priority
  id = "915:87654321"
}
