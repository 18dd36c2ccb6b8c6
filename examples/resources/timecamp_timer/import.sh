# A timer is imported by its TimeCamp timer id, or by "running" for whichever timer of the
# API token's user is running now.
terraform import timecamp_timer.work 6445832
terraform import timecamp_timer.work running
