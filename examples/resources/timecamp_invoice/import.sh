# An invoice is imported by its TimeCamp invoice id (invoiceId).
terraform import timecamp_invoice.february 701
