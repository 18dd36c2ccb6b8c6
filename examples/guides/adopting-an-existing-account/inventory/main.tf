# The inventory of an account to adopt (the guide "Adopting an existing account"): it only reads
# the account, and writes an `import` block for every object Terraform can adopt.
#
#   terraform apply
#   terraform output -raw import_blocks > ../account/imports.tf

terraform {
  required_providers {
    timecamp = {
      source = "timecamp-org/timecamp"
    }
  }
}

provider "timecamp" {}

data "timecamp_current_user" "me" {}

data "timecamp_groups" "all" {}

data "timecamp_tasks" "all" {
  status = "all"
}

data "timecamp_tag_lists" "all" {
  status = "all"
}

data "timecamp_users" "all" {}

data "timecamp_clients" "all" {}

data "timecamp_custom_fields" "all" {}

locals {
  # Every object to adopt: its resource type, its name in TimeCamp and its import id.
  objects = concat(
    # Every group but the root group, which Terraform cannot manage.
    [for g in data.timecamp_groups.all.groups : { type = "timecamp_group", name = g.name, id = g.id } if g.parent_id != null],
    [for t in data.timecamp_tasks.all.tasks : { type = "timecamp_task", name = t.name, id = t.id }],
    [for l in data.timecamp_tag_lists.all.tag_lists : { type = "timecamp_tag_list", name = l.name, id = l.id }],
    flatten([for l in data.timecamp_tag_lists.all.tag_lists : [for t in l.tags : { type = "timecamp_tag", name = t.name, id = t.id }]]),
    # The people, but neither the deactivated ones (timecamp_user counts them as gone, so their
    # import would fail) nor the token's own user: destroying that resource would deactivate the
    # person running Terraform.
    [for u in data.timecamp_users.all.users : { type = "timecamp_user", name = u.email, id = u.id }
    if !u.disabled && u.user_id != data.timecamp_current_user.me.user_id],
    [for c in data.timecamp_clients.all.clients : { type = "timecamp_client", name = c.organization_name, id = c.id }],
    [for f in data.timecamp_custom_fields.all.custom_fields : { type = "timecamp_custom_field", name = f.name, id = f.id }],
  )
}

output "root_group_id" {
  value = data.timecamp_current_user.me.root_group_id
}

# terraform output -raw import_blocks > ../account/imports.tf
#
# Each address is the kind, the name and the id ("2024 plan", task 80000014:
# timecamp_task.task_2024_plan_80000014): unique, and starting with a letter, as Terraform
# requires of a resource name, whatever the name starts with.
output "import_blocks" {
  value = join("", [for o in local.objects : <<-BLOCK
    import {
      to = ${o.type}.${trim(replace(lower("${trimprefix(o.type, "timecamp_")} ${o.name}"), "/[^a-z0-9]+/", "_"), "_")}_${o.id}
      id = "${o.id}"
    }
    BLOCK
  ])
}
