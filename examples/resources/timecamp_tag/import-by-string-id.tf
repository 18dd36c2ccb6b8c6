import {
  to = timecamp_tag.meeting
  id = "98765"
}
