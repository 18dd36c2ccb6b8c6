# A task (or project) is imported by its TimeCamp task id.
terraform import timecamp_task.website 87654321
