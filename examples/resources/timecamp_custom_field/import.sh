# A custom field is imported by its TimeCamp template id.
terraform import timecamp_custom_field.priority 915
