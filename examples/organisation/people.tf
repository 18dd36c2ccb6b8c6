# ---------------------------------------------------------------------------------------------
# People: invited by e-mail into their department, team or squad, with their group role and the
# projects they work on (with their task role there).
#
# Group roles: administrator, supervisor, user (the default) or guest. Task roles come from the
# account (timecamp_roles): every account has "Project Manager", "Regular User" and "Guest".
# Destroying a person deactivates them; the time they tracked stays in the account.
# ---------------------------------------------------------------------------------------------

locals {
  # E-mail addresses are <first>.<last>@example.com.
  people = {
    ann    = { name = "Ann Smith", group = "engineering", role = "supervisor" }
    bob    = { name = "Bob Jones", group = "sre" }
    chen   = { name = "Chen Wei", group = "developer_exp" }
    dev    = { name = "Dev Patel", group = "mobile" }
    elena  = { name = "Elena Rossi", group = "mobile" }
    franz  = { name = "Franz Huber", group = "dach", role = "supervisor" }
    ingrid = { name = "Ingrid Larsen", group = "nordics" }
    maria  = { name = "Maria Garcia", group = "americas" }
    olga   = { name = "Olga Novak", group = "finance", role = "supervisor" }
    pat    = { name = "Pat Kelly", group = "accounts_payable" }
    # A contractor on the support retainer: a guest in the account, added without an invitation
    # e-mail (they sign in with single sign-on), and removed rather than deactivated on destroy.
    sam = { name = "Sam Taylor", group = "platform", role = "guest", send_invite_email = false, delete_on_destroy = true }
  }

  # Who works on which project, with their task role there.
  project_members = {
    acme_website    = { ann = "Project Manager", bob = "Regular User", chen = "Regular User", franz = "Guest" }
    globex_app      = { dev = "Project Manager", elena = "Regular User", ingrid = "Guest" }
    initech_support = { bob = "Project Manager", sam = "Regular User", maria = "Guest" }
    internal        = { olga = "Project Manager", ann = "Regular User", pat = "Regular User" }
  }

  # Every group of main.tf by its key, so that a person can name a department, team or squad.
  group_ids = merge(
    { for k, g in timecamp_group.department : k => g.id },
    { for k, g in timecamp_group.team : k => g.id },
    { for k, g in timecamp_group.squad : k => g.id },
  )

  # "acme_website/ann" => { person = "ann", project = "acme_website", role = "Project Manager" }, ...
  assignments = merge([
    for project, members in local.project_members : {
      for person, role in members : "${project}/${person}" => { person = person, project = project, role = role }
    }
  ]...)

  task_role_ids = { for r in data.timecamp_roles.all.roles : r.name => r.role_id }
}

data "timecamp_roles" "all" {}

resource "timecamp_user" "person" {
  for_each = local.people

  email             = "${replace(lower(each.value.name), " ", ".")}@example.com"
  display_name      = each.value.name
  group_id          = local.group_ids[each.value.group]
  role              = lookup(each.value, "role", "user")
  send_invite_email = lookup(each.value, "send_invite_email", true)
  delete_on_destroy = lookup(each.value, "delete_on_destroy", false)
}

# One resource per person and project: assignments made for one person never touch another's.
resource "timecamp_task_user" "assignment" {
  for_each = local.assignments

  task_id = timecamp_task.project[each.value.project].id
  user_id = timecamp_user.person[each.value.person].user_id
  role_id = local.task_role_ids[each.value.role]
}

# The tasks the API token's user works on most, pinned in their task picker (at most 10).
resource "timecamp_favorite_task" "pinned" {
  for_each = toset(["acme_development", "initech_tickets"])

  task_id = timecamp_task.task[each.key].id
}
