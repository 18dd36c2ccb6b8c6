# A whole TimeCamp organisation kept in Git: departments and teams, client projects with
# their tasks and budgets, and the tag lists people pick from when they track time.
#
# Dry run it against the bundled emulator with `make demo` from the repository root, or apply it
# to an account with TIMECAMP_API_TOKEN set (see README.md). Destroying archives tasks, tags and
# tag lists (TimeCamp keeps the time tracked on them) and deletes the groups.

terraform {
  required_providers {
    timecamp = {
      source = "timecamp-org/timecamp"
    }
  }
}

# Token and base URL come from TIMECAMP_API_TOKEN and TIMECAMP_BASE_URL.
provider "timecamp" {}

data "timecamp_current_user" "me" {}

# ---------------------------------------------------------------------------------------------
# People structure: departments under the root group, teams inside them, squads inside teams.
# With the root group that is four levels, the most TimeCamp allows.
# ---------------------------------------------------------------------------------------------

locals {
  departments = {
    engineering = "Engineering"
    sales       = "Sales"
    operations  = "Operations"
  }

  teams = {
    platform = { name = "Platform", department = "engineering" }
    product  = { name = "Product", department = "engineering" }
    emea     = { name = "EMEA", department = "sales" }
    americas = { name = "Americas", department = "sales" }
    finance  = { name = "Finance", department = "operations" }
  }

  squads = {
    sre              = { name = "SRE", team = "platform" }
    developer_exp    = { name = "Developer Experience", team = "platform" }
    mobile           = { name = "Mobile", team = "product" }
    dach             = { name = "DACH", team = "emea" }
    nordics          = { name = "Nordics", team = "emea" }
    accounts_payable = { name = "Accounts Payable", team = "finance" }
  }
}

resource "timecamp_group" "department" {
  for_each = local.departments

  name = each.value
}

resource "timecamp_group" "team" {
  for_each = local.teams

  name      = each.value.name
  parent_id = timecamp_group.department[each.value.department].id
}

resource "timecamp_group" "squad" {
  for_each = local.squads

  name      = each.value.name
  parent_id = timecamp_group.team[each.value.team].id
}

# ---------------------------------------------------------------------------------------------
# Projects (tasks at the root of the task tree) and their tasks. Budgets are in hours unless
# budget_unit = "fee", where they are a money amount in the account's currency.
# ---------------------------------------------------------------------------------------------

locals {
  projects = {
    acme_website = {
      name             = "ACME Corp: Website relaunch"
      note             = "Fixed scope, signed 2026-01-15. Account manager: EMEA."
      keywords         = "acme,web"
      external_task_id = "CRM-1042"
      budget           = 400
    }
    globex_app = {
      name             = "Globex: Mobile app"
      note             = "Fixed price. Invoice on each milestone."
      keywords         = "globex,mobile"
      external_task_id = "CRM-1057"
      budget           = 25000
      budget_unit      = "fee"
    }
    initech_support = {
      name             = "Initech: Support retainer"
      keywords         = "initech,support"
      external_task_id = "CRM-0988"
      budget           = 20
    }
    internal = {
      name     = "Internal"
      note     = "Time that is not billed to a client."
      billable = false
    }
  }

  tasks = {
    acme_discovery   = { project = "acme_website", name = "Discovery", budget = 40, external_task_id = "JIRA-ACME-1" }
    acme_design      = { project = "acme_website", name = "Design", budget = 80, external_task_id = "JIRA-ACME-2" }
    acme_development = { project = "acme_website", name = "Development", budget = 240, external_task_id = "JIRA-ACME-3" }
    acme_qa          = { project = "acme_website", name = "QA and launch", budget = 40, external_task_id = "JIRA-ACME-4" }

    globex_backend = { project = "globex_app", name = "Backend API", keywords = "globex,api" }
    globex_ios     = { project = "globex_app", name = "iOS app", keywords = "globex,ios" }
    globex_android = { project = "globex_app", name = "Android app", keywords = "globex,android" }
    globex_release = { project = "globex_app", name = "Store release", note = "App Store and Google Play submissions." }

    initech_tickets = { project = "initech_support", name = "Tickets", budget = 16 }
    initech_oncall  = { project = "initech_support", name = "On-call", budget = 4, note = "Out-of-hours pages only." }

    internal_meetings = { project = "internal", name = "Meetings", billable = false }
    internal_training = { project = "internal", name = "Training", billable = false, keywords = "learning" }
    internal_hiring   = { project = "internal", name = "Hiring", billable = false, keywords = "people" }
  }
}

resource "timecamp_task" "project" {
  for_each = local.projects

  name             = each.value.name
  note             = lookup(each.value, "note", null)
  keywords         = lookup(each.value, "keywords", null)
  external_task_id = lookup(each.value, "external_task_id", null)
  billable         = lookup(each.value, "billable", true)
  budget           = lookup(each.value, "budget", 0)
  budget_unit      = lookup(each.value, "budget_unit", "hours")
}

resource "timecamp_task" "task" {
  for_each = local.tasks

  name               = each.value.name
  parent_id          = timecamp_task.project[each.value.project].id
  note               = lookup(each.value, "note", null)
  keywords           = lookup(each.value, "keywords", null)
  external_task_id   = lookup(each.value, "external_task_id", null)
  external_parent_id = lookup(local.projects[each.value.project], "external_task_id", null)
  billable           = lookup(each.value, "billable", true)
  budget             = lookup(each.value, "budget", 0)
}

# ---------------------------------------------------------------------------------------------
# Tag lists and their tags.
# ---------------------------------------------------------------------------------------------

locals {
  tag_lists = {
    activity = { name = "Activity", tags = ["Meeting", "Development", "Code review", "Support"] }
    location = { name = "Location", tags = ["Remote", "Office", "Client site", "Travel"] }
  }

  # "activity/Meeting" => { list = "activity", name = "Meeting" }, ...
  tags = merge([
    for list_key, list in local.tag_lists : {
      for tag in list.tags : "${list_key}/${tag}" => { list = list_key, name = tag }
    }
  ]...)
}

resource "timecamp_tag_list" "list" {
  for_each = local.tag_lists

  name = each.value.name
}

resource "timecamp_tag" "tag" {
  for_each = local.tags

  tag_list_id = timecamp_tag_list.list[each.value.list].id
  name        = each.value.name
}
