# A tag list is imported by its TimeCamp tag list id.
terraform import timecamp_tag_list.activity 4321
