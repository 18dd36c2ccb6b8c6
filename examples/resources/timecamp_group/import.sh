# A group is imported by its TimeCamp group id.
terraform import timecamp_group.engineering 123456
