resource "timecamp_task" "support" {
  name = "Customer support"
}

# Pin the task in the task picker of the API token's user (at most 10 favourites per user).
resource "timecamp_favorite_task" "support" {
  task_id = timecamp_task.support.id
}
