# A tag is imported by its TimeCamp tag id.
terraform import timecamp_tag.meeting 98765
