# A person is imported by their TimeCamp user id (see the timecamp_users data source). Only an
# active person other than the API token's own user: to bring back a deactivated person, declare
# the resource with their address and apply, which reactivates them.
terraform import timecamp_user.ann 1234567
