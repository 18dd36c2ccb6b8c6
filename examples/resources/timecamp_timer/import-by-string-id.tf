import {
  to = timecamp_timer.work
  id = "running"
}
