terraform {
  required_providers {
    timecamp = {
      source = "timecamp-org/timecamp"
    }
  }
}

# Settings are best left to the environment, so the token never lands in a file:
#
#   export TIMECAMP_API_TOKEN=...   # TimeCamp: Profile settings -> API token
#   export TIMECAMP_BASE_URL=...    # optional; default https://app.timecamp.com/third_party/api
#
# For a dry run against the bundled emulator, TIMECAMP_BASE_URL is
# http://127.0.0.1:<port>/third_party/api (see the provider documentation).
provider "timecamp" {}

# Every setting can also be written here; these are the defaults, except the token.
# provider "timecamp" {
#   api_token = var.timecamp_api_token
#   base_url  = "https://app.timecamp.com/third_party/api"
#   timeout   = "30s"
# }
