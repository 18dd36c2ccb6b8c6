# A client is imported by its TimeCamp client id (clientId).
terraform import timecamp_client.acme 18855
