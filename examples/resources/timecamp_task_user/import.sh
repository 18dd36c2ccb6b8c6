# An assignment is imported as <task_id>:<user_id>.
terraform import timecamp_task_user.ann_website 87654321:1234567
