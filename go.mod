module github.com/timecamp-org/terraform-provider-timecamp

go 1.26.0
