import {
  to = timecamp_task.website
  id = "87654321"
}
