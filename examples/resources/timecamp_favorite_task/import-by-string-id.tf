import {
  to = timecamp_favorite_task.support
  id = "81272870"
}
