import {
  to = timecamp_user.ann
  id = "1234567"
}
