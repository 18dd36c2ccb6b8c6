import {
  to = timecamp_invoice.february
  id = "701"
}
