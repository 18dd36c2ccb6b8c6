package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

func TestAccCustomFieldsDataSource(t *testing.T) {
	env := newAccEnv(t)
	fields := `
resource "timecamp_custom_field" "team" {
  name          = "Team"
  resource_type = "user"
  field_type    = "string"
  options       = [jsonencode({ value = "red" })]
}

resource "timecamp_custom_field" "score" {
  name          = "Score"
  resource_type = "task"
  field_type    = "number"
  required      = true
  default_value = "5"
  depends_on    = [timecamp_custom_field.team] # created second: listed second
}
`
	lookups := fields + `
data "timecamp_custom_fields" "all" {
  depends_on = [timecamp_custom_field.team, timecamp_custom_field.score]
}

data "timecamp_custom_fields" "tasks" {
  resource_type = "task"
  depends_on    = [timecamp_custom_field.team, timecamp_custom_field.score]
}

data "timecamp_custom_fields" "named" {
  name       = "Team"
  depends_on = [timecamp_custom_field.team, timecamp_custom_field.score]
}

data "timecamp_custom_fields" "none" {
  resource_type = "entry"
  depends_on    = [timecamp_custom_field.team, timecamp_custom_field.score]
}
`
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             checkTemplatesDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config:      env.config(`data "timecamp_custom_fields" "bad" { resource_type = "project" }`),
				PlanOnly:    true,
				ExpectError: messageLike("resource_type", `value must be one of: ["user" "task" "entry"]`),
			},
			{Config: env.config(fields)},
			{
				Config: env.config(lookups),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("data.timecamp_custom_fields.all", "custom_fields.#", "2"),
					resource.TestCheckResourceAttrPair("data.timecamp_custom_fields.all", "custom_fields.0.id", "timecamp_custom_field.team", "id"),
					resource.TestCheckResourceAttr("data.timecamp_custom_fields.all", "custom_fields.0.options.0", `{"value":"red"}`),
					resource.TestCheckNoResourceAttr("data.timecamp_custom_fields.all", "custom_fields.0.default_value"),
					resource.TestCheckResourceAttr("data.timecamp_custom_fields.tasks", "custom_fields.#", "1"),
					resource.TestCheckResourceAttrPair("data.timecamp_custom_fields.tasks", "custom_fields.0.id", "timecamp_custom_field.score", "id"),
					resource.TestCheckResourceAttr("data.timecamp_custom_fields.tasks", "custom_fields.0.name", "Score"),
					resource.TestCheckResourceAttr("data.timecamp_custom_fields.tasks", "custom_fields.0.resource_type", "task"),
					resource.TestCheckResourceAttr("data.timecamp_custom_fields.tasks", "custom_fields.0.field_type", "number"),
					resource.TestCheckResourceAttr("data.timecamp_custom_fields.tasks", "custom_fields.0.required", "true"),
					resource.TestCheckResourceAttr("data.timecamp_custom_fields.tasks", "custom_fields.0.status", "1"),
					resource.TestCheckResourceAttr("data.timecamp_custom_fields.tasks", "custom_fields.0.default_value", "5"),
					resource.TestCheckNoResourceAttr("data.timecamp_custom_fields.tasks", "custom_fields.0.options"),
					resource.TestCheckResourceAttr("data.timecamp_custom_fields.named", "custom_fields.#", "1"),
					resource.TestCheckResourceAttrPair("data.timecamp_custom_fields.named", "custom_fields.0.id", "timecamp_custom_field.team", "id"),
					// A filter that matches nothing is an empty list, not an error (it is a list, not a lookup).
					resource.TestCheckResourceAttr("data.timecamp_custom_fields.none", "custom_fields.#", "0"),
				),
			},
		},
	})
}
