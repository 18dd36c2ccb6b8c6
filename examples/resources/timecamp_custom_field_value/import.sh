# A custom field value is imported as <template_id>:<resource_id>.
terraform import timecamp_custom_field_value.website_priority 915:87654321
