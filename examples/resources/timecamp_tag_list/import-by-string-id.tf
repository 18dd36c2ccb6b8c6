import {
  to = timecamp_tag_list.activity
  id = "4321"
}
