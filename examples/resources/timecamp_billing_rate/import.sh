# A billing rate is imported by its target and rate type id:
#   task:<task_id>:<rate_type_id>
#   user:<user_id>:<rate_type_id>
#   group:<group_id>:<rate_type_id>
#   task_user:<task_id>:<user_id>:<rate_type_id>
terraform import timecamp_billing_rate.website task:87654321:1
terraform import timecamp_billing_rate.me_on_website task_user:87654321:1234567:1
