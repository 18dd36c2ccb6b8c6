package provider

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

// customFieldValueBase is a task and a number field for tasks.
const customFieldValueBase = `
resource "timecamp_task" "site" {
  name = "Website"
}

resource "timecamp_custom_field" "code" {
  name          = "Budget code"
  resource_type = "task"
  field_type    = "number"
}
`

func customFieldValueConfig(env *accEnv, value string) string {
	return env.config(customFieldValueBase + fmt.Sprintf(`
resource "timecamp_custom_field_value" "test" {
  template_id = timecamp_custom_field.code.id
  resource_id = timecamp_task.site.id
  value       = %q
}
`, value))
}

// valueIDs reads the template and resource ids of the value res from state.
func valueIDs(s *terraform.State, res string) (int64, int64, error) {
	rs, ok := s.RootModule().Resources[res]
	if !ok {
		return 0, 0, fmt.Errorf("%s is not in state", res)
	}
	tpl, err1 := parseID(rs.Primary.Attributes["template_id"])
	resID, err2 := parseID(rs.Primary.Attributes["resource_id"])
	if err1 != nil || err2 != nil {
		return 0, 0, fmt.Errorf("%s: template_id %q, resource_id %q", res, rs.Primary.Attributes["template_id"], rs.Primary.Attributes["resource_id"])
	}
	return tpl, resID, nil
}

// checkValueInAPI checks through the API that the value of res is want ("" = no value in force).
func checkValueInAPI(env *accEnv, res string, ids *[2]int64, want string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		if _, ok := s.RootModule().Resources[res]; ok {
			tpl, resID, err := valueIDs(s, res)
			if err != nil {
				return err
			}
			*ids = [2]int64{tpl, resID}
		}
		v, err := env.Client.CustomFields.GetValue(context.Background(), ids[0], ids[1])
		switch {
		case want == "" && timecamp.IsNotFound(err):
			return nil
		case want == "" && err == nil:
			return fmt.Errorf("template %d still has the value %q on resource %d", ids[0], v.Value.Value, ids[1])
		case err != nil:
			return fmt.Errorf("value of template %d on resource %d: %w", ids[0], ids[1], err)
		case v.Value.Value != want:
			return fmt.Errorf("value of template %d on resource %d is %q in TimeCamp, want %q", ids[0], ids[1], v.Value.Value, want)
		}
		return nil
	}
}

func TestAccCustomFieldValue_lifecycle(t *testing.T) {
	env := newAccEnv(t)
	const res = "timecamp_custom_field_value.test"
	var ids [2]int64
	created, updated := customFieldValueConfig(env, "42"), customFieldValueConfig(env, "43.5")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(
			checkValueInAPI(env, res, &ids, ""), checkTemplatesDestroyed(env)),
		Steps: []resource.TestStep{
			withCheck(resource.TestStep{Config: created},
				resource.TestCheckResourceAttr(res, "value", "42"),
				resource.TestCheckResourceAttrPair(res, "template_id", "timecamp_custom_field.code", "id"),
				resource.TestCheckResourceAttrPair(res, "resource_id", "timecamp_task.site", "id"),
				func(s *terraform.State) error {
					tpl, resID, err := valueIDs(s, res)
					if err != nil {
						return err
					}
					if want := fmt.Sprintf("%d:%d", tpl, resID); s.RootModule().Resources[res].Primary.ID != want {
						return fmt.Errorf("id %q, want %q", s.RootModule().Resources[res].Primary.ID, want)
					}
					return nil
				},
				checkValueInAPI(env, res, &ids, "42")),
			importStep(res), // by <template_id>:<resource_id>, the id in state
			{
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(res, plancheck.ResourceActionUpdate)}},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(res, "value", "43.5"),
					checkValueInAPI(env, res, &ids, "43.5")),
			},
			emptyPlanStep(updated),
			outOfBandStep(t, updated, res, plancheck.ResourceActionUpdate, func(ctx context.Context) error {
				_, err := env.Client.CustomFields.Assign(ctx, ids[0], ids[1], "7")
				return err
			}),
			withCheck(emptyPlanStep(updated), checkValueInAPI(env, res, &ids, "43.5")),
			outOfBandStep(t, updated, res, plancheck.ResourceActionCreate, func(ctx context.Context) error {
				return env.Client.CustomFields.Unassign(ctx, ids[0], ids[1])
			}),
			withCheck(emptyPlanStep(updated), checkValueInAPI(env, res, &ids, "43.5")),
			// Destroying the value alone unassigns it and leaves the field.
			withCheck(resource.TestStep{Config: env.config(customFieldValueBase)},
				checkValueInAPI(env, res, &ids, ""),
				checkTemplateInAPI(env, "timecamp_custom_field.code", func(*timecamp.CustomFieldTemplate) error { return nil })),
		},
	})
}

// TestAccCustomFieldValue_user sets a string field on the token's own user, and moves it between fields.
func TestAccCustomFieldValue_user(t *testing.T) {
	env := newAccEnv(t)
	const res = "timecamp_custom_field_value.me"
	config := func(field string) string {
		return env.config(fmt.Sprintf(`
data "timecamp_current_user" "me" {}

resource "timecamp_custom_field" "status" {
  name          = "Client status"
  resource_type = "user"
  field_type    = "string"
  required      = true
  default_value = "In progress"
}

resource "timecamp_custom_field" "team" {
  name          = "Team"
  resource_type = "user"
  field_type    = "string"
}

resource "timecamp_custom_field_value" "me" {
  template_id = timecamp_custom_field.%s.id
  resource_id = data.timecamp_current_user.me.user_id
  value       = "Done: 100%%"
}
`, field))
	}
	var ids, first [2]int64
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             checkTemplatesDestroyed(env),
		Steps: []resource.TestStep{
			withCheck(resource.TestStep{Config: config("status")},
				resource.TestCheckResourceAttrPair(res, "resource_id", "data.timecamp_current_user.me", "user_id"),
				checkValueInAPI(env, res, &ids, "Done: 100%"),
				func(*terraform.State) error { first = ids; return nil }),
			importStep(res),
			// Another field: the value on the first one is unassigned, one is set on the other.
			{
				Config: config("team"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(res, plancheck.ResourceActionDestroyBeforeCreate)}},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkValueInAPI(env, res, &ids, "Done: 100%"),
					checkValueInAPI(env, "not.in.state", &first, "")),
			},
		},
	})
}

func TestAccCustomFieldValue_badInput(t *testing.T) {
	env := newAccEnv(t)
	const res = "timecamp_custom_field_value.test"
	base := env.config(customFieldValueBase)
	var ids [2]int64
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             checkTemplatesDestroyed(env),
		Steps: []resource.TestStep{
			{Config: base},
			// The field exists: its type is checked at plan time.
			{
				Config:      customFieldValueConfig(env, "about 40"),
				PlanOnly:    true,
				ExpectError: messageLike("Invalid custom field value", `Custom field "Budget code"`, `is a number field and "about 40" is not a number`),
			},
			// A field made in the same apply is checked when Terraform plans the value again during the apply.
			{
				Config: env.config(customFieldValueBase + `
resource "timecamp_custom_field" "new" {
  name          = "Hours left"
  resource_type = "task"
  field_type    = "number"
}

resource "timecamp_custom_field_value" "test" {
  template_id = timecamp_custom_field.new.id
  resource_id = timecamp_task.site.id
  value       = "many"
}
`),
				ExpectError: messageLike("Invalid custom field value", `Custom field "Hours left"`, `is a number field and "many" is not a number`),
			},
			// Nothing was set: the failed value is not in state and not in TimeCamp.
			withCheck(resource.TestStep{Config: env.config(customFieldValueBase + `
resource "timecamp_custom_field" "new" {
  name          = "Hours left"
  resource_type = "task"
  field_type    = "number"
}
`)}, func(s *terraform.State) error {
				if _, ok := s.RootModule().Resources[res]; ok {
					return fmt.Errorf("%s is in state after a failed create", res)
				}
				tpl, err := stateID(s, "timecamp_custom_field.new")
				if err != nil {
					return err
				}
				task, err := stateID(s, "timecamp_task.site")
				if err != nil {
					return err
				}
				ids = [2]int64{tpl, task}
				if err := checkValueInAPI(env, "not.in.state", &ids, "")(s); err != nil {
					return err
				}
				code, err := stateID(s, "timecamp_custom_field.code")
				ids = [2]int64{code, task} // for refusedStep
				return err
			}),
			// What plan-time checks cannot see, TimeCamp refuses with a 400: its words reach the diagnostic.
			refusedStep(env, &ids),
			// A task that does not exist.
			{
				Config: env.config(customFieldValueBase + `
resource "timecamp_custom_field_value" "test" {
  template_id = timecamp_custom_field.code.id
  resource_id = 987654321
  value       = "1"
}
`),
				ExpectError: messageLike("Unable to set custom field value", "TimeCamp has no template", "or no object 987654321", "check template_id and resource_id"),
			},
			importErrorStep(customFieldValueConfig(env, "1"), res, "12", messageLike("Invalid import ID", "<template_id>:<resource_id>", `got "12"`)),
			importErrorStep(customFieldValueConfig(env, "1"), res, "12:x", messageLike("Invalid import ID", `got "12:x"`)),
			importErrorStep(customFieldValueConfig(env, "1"), res, "1:2:3", messageLike("Invalid import ID", `got "1:2:3"`)),
		},
	})
}

// refusedStep sets a value that TimeCamp answers with a validation error (injected: the provider
// checks what it can at plan time, so the emulator never refuses a value that got that far).
func refusedStep(env *accEnv, ids *[2]int64) resource.TestStep {
	step := resource.TestStep{
		Config: env.config(customFieldValueBase + `
resource "timecamp_custom_field_value" "test" {
  template_id = timecamp_custom_field.code.id
  resource_id = timecamp_task.site.id
  value       = "12"
}
`),
		ExpectError: messageLike("Unable to set custom field value", `template`, `to "12"`, "TimeCamp refused the value",
			"value: Value 12 is not valid for this field (Type: number, Required: true)"),
	}
	if env.Emulator == nil {
		step.SkipFunc = func() (bool, error) { return true, nil } // faults need the emulator
		return step
	}
	step.PreConfig = func() {
		env.Emulator.InjectFault(timecamptest.Fault{Method: http.MethodPost, Status: http.StatusBadRequest,
			Path: fmt.Sprintf("/v3/custom-fields/%d/assign/%d", ids[0], ids[1]),
			Body: `{"errors":[{"field":"value","message":"Value 12 is not valid for this field (Type: number, Required: true)"}]}`})
	}
	return step
}
