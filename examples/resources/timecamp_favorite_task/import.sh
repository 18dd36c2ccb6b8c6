# A favourite is imported by the id of the pinned task; the task must be a favourite of the token's user.
terraform import timecamp_favorite_task.support 81272870
