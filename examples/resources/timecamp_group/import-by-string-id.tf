import {
  to = timecamp_group.engineering
  id = "123456"
}
