import {
  to = timecamp_task_user.ann_website
  id = "87654321:1234567"
}
