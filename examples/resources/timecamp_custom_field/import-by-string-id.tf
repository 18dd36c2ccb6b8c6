import {
  to = timecamp_custom_field.priority
  id = "915"
}
