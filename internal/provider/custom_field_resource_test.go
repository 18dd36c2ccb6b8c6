package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

// customFieldConfig is timecamp_custom_field.test with body as its attributes.
func customFieldConfig(env *accEnv, body string) string {
	return env.config("resource \"timecamp_custom_field\" \"test\" {\n" + body + "}\n")
}

// checkTemplateInAPI reads the template of res through the API and runs check on it.
func checkTemplateInAPI(env *accEnv, res string, check func(*timecamp.CustomFieldTemplate) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := stateID(s, res)
		if err != nil {
			return err
		}
		tpl, err := env.Client.CustomFields.GetTemplate(context.Background(), id)
		if err != nil {
			return fmt.Errorf("%s (template %d) in TimeCamp: %w", res, id, err)
		}
		return check(tpl)
	}
}

// checkTemplatesDestroyed fails if a custom field template of the state is still in TimeCamp.
func checkTemplatesDestroyed(env *accEnv) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for name, rs := range s.RootModule().Resources {
			if rs.Type != "timecamp_custom_field" {
				continue
			}
			id, err := parseID(rs.Primary.ID)
			if err != nil {
				return err
			}
			_, err = env.Client.CustomFields.GetTemplate(context.Background(), id)
			if err == nil {
				return fmt.Errorf("%s (template %d) is still in TimeCamp after destroy", name, id)
			}
			if !timecamp.IsNotFound(err) {
				return err
			}
		}
		return nil
	}
}

func TestAccCustomField_lifecycle(t *testing.T) {
	env := newAccEnv(t)
	const res = "timecamp_custom_field.test"
	created := customFieldConfig(env, `
  name          = "Customer priority"
  resource_type = "user"
  field_type    = "string"
  options       = [jsonencode({ value = "low", label = "Low" }), jsonencode({ value = "high" })]
`)
	// The option written by hand, keys in another order and spaced: the same JSON as TimeCamp's.
	updated := customFieldConfig(env, `
  name          = "Client priority"
  resource_type = "user"
  field_type    = "string"
  required      = true
  default_value = "low"
  options       = ["{ \"value\": \"high\",  \"label\": \"High\" }"]
`)
	retyped := customFieldConfig(env, `
  name          = "Client priority"
  resource_type = "user"
  field_type    = "number"
  required      = true
  default_value = "3"
`)
	var id, retypedID int64
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             checkTemplatesDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config: created,
				Check: resource.ComposeAggregateTestCheckFunc(
					captureID(res, &id),
					resource.TestCheckResourceAttr(res, "name", "Customer priority"),
					resource.TestCheckResourceAttr(res, "resource_type", "user"),
					resource.TestCheckResourceAttr(res, "field_type", "string"),
					resource.TestCheckResourceAttr(res, "required", "false"),
					resource.TestCheckResourceAttr(res, "status", "1"), // sent nothing, TimeCamp says 1
					resource.TestCheckNoResourceAttr(res, "default_value"),
					resource.TestCheckResourceAttr(res, "options.#", "2"),
					resource.TestCheckResourceAttr(res, "options.0", `{"label":"Low","value":"low"}`),
					resource.TestCheckResourceAttr(res, "options.1", `{"value":"high"}`),
					checkTemplateInAPI(env, res, func(tpl *timecamp.CustomFieldTemplate) error {
						if tpl.Name != "Customer priority" || tpl.ResourceType != "user" || tpl.FieldType != "string" ||
							bool(tpl.Required) || tpl.DefaultValue.Valid || len(tpl.Options) != 2 {
							return fmt.Errorf("template in TimeCamp: %+v", tpl)
						}
						return nil
					}),
				),
			},
			importStep(res),
			{
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(res, plancheck.ResourceActionUpdate)}},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkSameID(res, &id),
					resource.TestCheckResourceAttr(res, "name", "Client priority"),
					resource.TestCheckResourceAttr(res, "required", "true"),
					resource.TestCheckResourceAttr(res, "default_value", "low"),
					resource.TestCheckResourceAttr(res, "options.0", `{ "value": "high",  "label": "High" }`),
					checkTemplateInAPI(env, res, func(tpl *timecamp.CustomFieldTemplate) error {
						if tpl.Name != "Client priority" || !bool(tpl.Required) || tpl.DefaultValue.Value != "low" ||
							len(tpl.Options) != 1 || !sameJSON(`{"label":"High","value":"high"}`, tpl.Options[0]) {
							return fmt.Errorf("template in TimeCamp: %+v (options %s)", tpl, tpl.Options)
						}
						return nil
					}),
				),
			},
			emptyPlanStep(updated),
			outOfBandStep(t, updated, res, plancheck.ResourceActionUpdate, func(ctx context.Context) error {
				_, err := env.Client.CustomFields.ModifyTemplate(ctx, id, timecamp.CustomFieldTemplateInput{
					Name: timecamp.Set("Renamed in TimeCamp"), DefaultValue: timecamp.Set("high")})
				return err
			}),
			withCheck(emptyPlanStep(updated), checkTemplateInAPI(env, res, func(tpl *timecamp.CustomFieldTemplate) error {
				if tpl.Name != "Client priority" || tpl.DefaultValue.Value != "low" {
					return fmt.Errorf("the apply did not undo the change made outside Terraform: %+v", tpl)
				}
				return nil
			})),
			outOfBandStep(t, updated, res, plancheck.ResourceActionCreate, func(ctx context.Context) error {
				return env.Client.CustomFields.RemoveTemplate(ctx, id)
			}),
			// field_type cannot change in TimeCamp: a new template replaces the old one.
			{
				Config: retyped,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(res, plancheck.ResourceActionDestroyBeforeCreate)}},
				Check: resource.ComposeAggregateTestCheckFunc(
					captureID(res, &id),
					resource.TestCheckResourceAttr(res, "field_type", "number"),
					resource.TestCheckNoResourceAttr(res, "options"),
					checkTemplateInAPI(env, res, func(tpl *timecamp.CustomFieldTemplate) error {
						if tpl.FieldType != "number" || tpl.DefaultValue.Value != "3" || len(tpl.Options) != 0 {
							return fmt.Errorf("template in TimeCamp: %+v", tpl)
						}
						list, err := env.Client.CustomFields.ListTemplates(context.Background())
						if err != nil || len(list) != 1 {
							return fmt.Errorf("after the replacement TimeCamp lists %d templates (%v), want 1", len(list), err)
						}
						retypedID = int64(tpl.ID)
						return nil
					}),
				),
			},
			importStep(res),
			// An explicit status is sent and kept; removing options from the configuration clears them.
			{
				Config: customFieldConfig(env, `
  name          = "Client priority"
  resource_type = "user"
  field_type    = "number"
  required      = true
  default_value = "3"
  status        = 2
  options       = []
`),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkSameID(res, &retypedID),
					resource.TestCheckResourceAttr(res, "status", "2"),
					resource.TestCheckResourceAttr(res, "options.#", "0"),
					checkTemplateInAPI(env, res, func(tpl *timecamp.CustomFieldTemplate) error {
						if tpl.Status != 2 {
							return fmt.Errorf("status in TimeCamp %d, want 2", tpl.Status)
						}
						return nil
					}),
				),
			},
		},
	})
}

func TestAccCustomField_badInput(t *testing.T) {
	env := newAccEnv(t)
	planError := func(body string, phrases ...string) resource.TestStep {
		return resource.TestStep{Config: customFieldConfig(env, body), PlanOnly: true, ExpectError: messageLike(phrases...)}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             checkTemplatesDestroyed(env),
		Steps: []resource.TestStep{
			planError(`
  name          = "Score"
  resource_type = "task"
  field_type    = "number"
  required      = true
`, "Missing default value", "required = true", "needs a", "default_value"),
			planError(`
  name          = "Score"
  resource_type = "task"
  field_type    = "string"
  required      = true
  default_value = ""
`, "Missing default value"),
			planError(`
  name          = "Score"
  resource_type = "task"
  field_type    = "number"
  default_value = "high"
`, "Invalid default value", `default_value "high" does not fit field_type = "number"`),
			planError(`
  name          = "Tier"
  resource_type = "task"
  field_type    = "string"
  options       = ["gold"]
`, "Invalid custom field option", `options       = ["gold"]`, `"gold" is not a JSON object`, "jsonencode"),
			planError(`
  name          = "Tier"
  resource_type = "task"
  field_type    = "string"
  status        = 0
`, "status", "value must be at least 1, got: 0"),
			planError(`
  name          = "Tier"
  resource_type = "project"
  field_type    = "text"
`, "resource_type", `value must be one of: ["user" "task" "entry"]`),
			planError(`
  name          = "Tier"
  resource_type = "task"
  field_type    = "text"
`, "field_type", `value must be one of: ["number" "string"]`),
			planError(`
  name          = "   "
  resource_type = "task"
  field_type    = "string"
`, "name", `must not be only white space, got "`),
			// Nothing reached TimeCamp.
			withCheck(resource.TestStep{Config: env.config(`data "timecamp_custom_fields" "all" {}`)},
				resource.TestCheckResourceAttr("data.timecamp_custom_fields.all", "custom_fields.#", "0")),
			importErrorStep(customFieldConfig(env, `
  name          = "Tier"
  resource_type = "task"
  field_type    = "string"
`), "timecamp_custom_field.test", "tier", messageLike("Invalid import ID", "custom field template by its TimeCamp id")),
		},
	})
}

// TestAccCustomField_optionsKeepTheirText: a JSON option TimeCamp re-encodes (key order, spacing,
// number spelling) keeps the configuration's text, so there is no diff.
func TestAccCustomField_optionsKeepTheirText(t *testing.T) {
	env := newAccEnv(t)
	cfg := customFieldConfig(env, `
  name          = "Tier"
  resource_type = "entry"
  field_type    = "string"
  options       = ["{\"z\": 1.50, \"a\": [1, 2]}", "{}"]
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             checkTemplatesDestroyed(env),
		Steps: []resource.TestStep{
			withCheck(resource.TestStep{Config: cfg},
				resource.TestCheckResourceAttr("timecamp_custom_field.test", "options.0", `{"z": 1.50, "a": [1, 2]}`),
				checkTemplateInAPI(env, "timecamp_custom_field.test", func(tpl *timecamp.CustomFieldTemplate) error {
					var got []map[string]any
					for _, o := range tpl.Options {
						var m map[string]any
						if err := json.Unmarshal(o, &m); err != nil {
							return err
						}
						got = append(got, m)
					}
					if len(got) != 2 || got[0]["z"] != 1.5 || len(got[1]) != 0 {
						return fmt.Errorf("options in TimeCamp: %s", tpl.Options)
					}
					return nil
				})),
			emptyPlanStep(cfg),
		},
	})
}
