import {
  to = timecamp_billing_rate.website
  id = "task:87654321:1"
}
