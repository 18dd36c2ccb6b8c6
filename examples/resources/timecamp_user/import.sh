# A person is imported by their TimeCamp user id (see the timecamp_users data source).
terraform import timecamp_user.ann 1234567
