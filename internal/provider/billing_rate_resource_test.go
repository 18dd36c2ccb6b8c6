package provider

import (
	"context"
	"fmt"
	"math/big"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

// rateTargetsBase is a task, a group and the token's user: something for each kind of target.
const rateTargetsBase = `
data "timecamp_current_user" "me" {}

resource "timecamp_task" "site" {
  name = "Website"
}

resource "timecamp_group" "team" {
  name = "Consultants"
}
`

// rateOf reads the rate of res from state and from TimeCamp.
func rateOf(env *accEnv, s *terraform.State, res string) (*timecamp.Rate, billingRateResourceModel, error) {
	rs, ok := s.RootModule().Resources[res]
	if !ok {
		return nil, billingRateResourceModel{}, fmt.Errorf("%s is not in state", res)
	}
	target, typeID, err := parseRateID(rs.Primary.ID)
	if err != nil {
		return nil, billingRateResourceModel{}, fmt.Errorf("%s: %w", res, err)
	}
	m := billingRateResourceModel{RateTypeID: intAttr(typeID), TaskID: intAttr(target.TaskID), UserID: intAttr(target.UserID), GroupID: intAttr(target.GroupID)}
	rate, err := env.Client.Rates.Get(context.Background(), target, typeID, rs.Primary.Attributes["add_date"])
	return rate, m, err
}

// checkRateInAPI checks that TimeCamp has the rate of res with the value text want ("12.30").
func checkRateInAPI(env *accEnv, res, want, wantDate string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rate, m, err := rateOf(env, s, res)
		if err != nil {
			return fmt.Errorf("%s in TimeCamp: %w", res, err)
		}
		if string(rate.Value) != want || string(rate.AddDate) != wantDate || string(rate.RefType) != m.target().Kind() {
			return fmt.Errorf("%s in TimeCamp: %+v, want value %s dated %s", res, rate, want, wantDate)
		}
		return nil
	}
}

// checkRatesLeftOnDestroy checks what destroy promises: every rate stays in TimeCamp with its value,
// unless its target was destroyed too (a deleted group takes its rates along).
func checkRatesLeftOnDestroy(env *accEnv) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for name, rs := range s.RootModule().Resources {
			if rs.Type != "timecamp_billing_rate" {
				continue
			}
			rate, m, err := rateOf(env, s, name)
			if timecamp.IsNotFound(err) && !m.GroupID.IsNull() {
				continue
			}
			if err != nil {
				return fmt.Errorf("%s after destroy: %w (destroy must leave the rate)", name, err)
			}
			want, _ := new(big.Float).SetPrec(512).SetString(rs.Primary.Attributes["value"])
			got, _ := new(big.Float).SetPrec(512).SetString(string(rate.Value))
			if want == nil || got == nil || want.Cmp(got) != 0 {
				return fmt.Errorf("%s after destroy: value %s in TimeCamp, %s in state", name, rate.Value, rs.Primary.Attributes["value"])
			}
		}
		return nil
	}
}

func TestAccBillingRate_fourTargets(t *testing.T) {
	env := newAccEnv(t)
	cfg := env.config(rateTargetsBase + `
resource "timecamp_billing_rate" "task" {
  rate_type_id = 1
  task_id      = timecamp_task.site.id
  value        = 10
}

resource "timecamp_billing_rate" "user" {
  rate_type_id = 1
  user_id      = data.timecamp_current_user.me.user_id
  value        = 20.5
}

resource "timecamp_billing_rate" "group" {
  rate_type_id = 2
  group_id     = timecamp_group.team.id
  value        = "30.25"
  add_date     = "2024-01-01"
}

resource "timecamp_billing_rate" "override" {
  rate_type_id = 1
  task_id      = timecamp_task.site.id
  user_id      = data.timecamp_current_user.me.user_id
  value        = 40
}
`)
	idLike := func(res, format string, attrs ...string) resource.TestCheckFunc {
		return func(s *terraform.State) error {
			rs := s.RootModule().Resources[res]
			args := make([]any, len(attrs))
			for i, a := range attrs {
				if a == "me.user_id" {
					args[i] = s.RootModule().Resources["data.timecamp_current_user.me"].Primary.Attributes["user_id"]
					continue
				}
				args[i] = s.RootModule().Resources[a[:len(a)-len(".id")]].Primary.Attributes["id"]
			}
			if want := fmt.Sprintf(format, args...); rs.Primary.ID != want {
				return fmt.Errorf("%s id %q, want %q", res, rs.Primary.ID, want)
			}
			return nil
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             checkRatesLeftOnDestroy(env),
		Steps: []resource.TestStep{
			withCheck(resource.TestStep{Config: cfg},
				checkRateInAPI(env, "timecamp_billing_rate.task", "10.00", "2000-01-01"),
				checkRateInAPI(env, "timecamp_billing_rate.user", "20.50", "2000-01-01"),
				checkRateInAPI(env, "timecamp_billing_rate.group", "30.25", "2024-01-01"),
				checkRateInAPI(env, "timecamp_billing_rate.override", "40.00", "2000-01-01"),
				resource.TestCheckResourceAttr("timecamp_billing_rate.user", "value", "20.5"),
				resource.TestCheckResourceAttr("timecamp_billing_rate.task", "add_date", "2000-01-01"),
				idLike("timecamp_billing_rate.task", "task:%s:1", "timecamp_task.site.id"),
				idLike("timecamp_billing_rate.user", "user:%s:1", "me.user_id"),
				idLike("timecamp_billing_rate.group", "group:%s:2", "timecamp_group.team.id"),
				idLike("timecamp_billing_rate.override", "task_user:%s:%s:1", "timecamp_task.site.id", "me.user_id"),
				// The override did not touch the task's own rate.
				func(s *terraform.State) error {
					task, _ := stateID(s, "timecamp_task.site")
					rates, err := env.Client.Rates.List(context.Background(), timecamp.RateTarget{TaskID: task})
					if err != nil || len(rates) != 1 || rates[0].Value != "10.00" {
						return fmt.Errorf("task %d's own rates: %+v, %v", task, rates, err)
					}
					return nil
				}),
			importStep("timecamp_billing_rate.task"),
			importStep("timecamp_billing_rate.user"),
			importStep("timecamp_billing_rate.group"),
			importStep("timecamp_billing_rate.override"),
			emptyPlanStep(cfg),
		},
	})
}

// intAttr is an id attribute: 0 is null.
func intAttr(n int64) types.Int64 {
	if n == 0 {
		return types.Int64Null()
	}
	return types.Int64Value(n)
}

func TestAccBillingRate_lifecycle(t *testing.T) {
	env := newAccEnv(t)
	const res = "timecamp_billing_rate.test"
	config := func(body string) string {
		return env.config(rateTargetsBase + "resource \"timecamp_billing_rate\" \"test\" {\n  task_id = timecamp_task.site.id\n" + body + "}\n")
	}
	created := config("  rate_type_id = 1\n  value        = 12.30\n")
	var taskID int64
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             checkRatesLeftOnDestroy(env),
		Steps: []resource.TestStep{
			withCheck(resource.TestStep{Config: created},
				captureID("timecamp_task.site", &taskID),
				resource.TestCheckResourceAttr(res, "value", "12.3"),
				resource.TestCheckResourceAttr(res, "rate_type_id", "1"),
				resource.TestCheckResourceAttr(res, "add_date", "2000-01-01"),
				resource.TestCheckNoResourceAttr(res, "user_id"),
				resource.TestCheckNoResourceAttr(res, "group_id"),
				checkRateInAPI(env, res, "12.30", "2000-01-01")),
			importStep(res),
			// TimeCamp says "12.30"; 12.30, 12.3 and "12.30" are one value: nothing to change.
			emptyPlanStep(created),
			emptyPlanStep(config("  rate_type_id = 1\n  value        = \"12.30\"\n")),
			emptyPlanStep(config("  rate_type_id = 1\n  value        = 12.3\n")),
			{
				Config: config("  rate_type_id = 1\n  value        = \"15\"\n  add_date     = \"2024-01-31\"\n"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(res, plancheck.ResourceActionUpdate)}},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(res, "value", "15"),
					resource.TestCheckResourceAttr(res, "add_date", "2024-01-31"),
					checkRateInAPI(env, res, "15.00", "2024-01-31")),
			},
			emptyPlanStep(config("  rate_type_id = 1\n  value        = 15.00\n  add_date     = \"2024-01-31\"\n")),
			outOfBandStep(t, config("  rate_type_id = 1\n  value        = 15\n  add_date     = \"2024-01-31\"\n"), res, plancheck.ResourceActionUpdate,
				func(ctx context.Context) error {
					_, err := env.Client.Rates.Set(ctx, timecamp.RateTarget{TaskID: taskID}, timecamp.RateInput{RateTypeID: 1, Value: "99.99"})
					return err
				}),
			withCheck(emptyPlanStep(config("  rate_type_id = 1\n  value        = 15\n  add_date     = \"2024-01-31\"\n")),
				checkRateInAPI(env, res, "15.00", "2024-01-31")),
			// Deleting the task outside Terraform takes its rates along: both are made again.
			outOfBandStep(t, config("  rate_type_id = 1\n  value        = 15\n"), res, plancheck.ResourceActionCreate,
				func(ctx context.Context) error { return env.Client.Tasks.Remove(ctx, taskID) }),
			withCheck(emptyPlanStep(config("  rate_type_id = 1\n  value        = 15\n")),
				captureID("timecamp_task.site", &taskID),
				checkRateInAPI(env, res, "15.00", "2000-01-01")),
			// Another rate type is another rate: the old one stays in TimeCamp, as on destroy.
			{
				Config: config("  rate_type_id = 2\n  value        = 7.5\n"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(res, plancheck.ResourceActionDestroyBeforeCreate)}},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkRateInAPI(env, res, "7.50", "2000-01-01"),
					func(*terraform.State) error {
						old, err := env.Client.Rates.Get(context.Background(), timecamp.RateTarget{TaskID: taskID}, 1, "")
						if err != nil || old.Value != "15.00" {
							return fmt.Errorf("the rate of type 1 after the replacement: %+v, %v (it must stay)", old, err)
						}
						return nil
					}),
			},
		},
	})
}

func TestAccBillingRate_badInput(t *testing.T) {
	env := newAccEnv(t)
	rate := func(body string) string {
		return env.config(rateTargetsBase + "resource \"timecamp_billing_rate\" \"test\" {\n" + body + "}\n")
	}
	planError := func(body string, phrases ...string) resource.TestStep {
		return resource.TestStep{Config: rate(body), PlanOnly: true, ExpectError: messageLike(phrases...)}
	}
	valid := rate("  rate_type_id = 1\n  task_id = timecamp_task.site.id\n  value = 1\n")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             checkRatesLeftOnDestroy(env),
		Steps: []resource.TestStep{
			{Config: env.config(rateTargetsBase)},
			planError("  rate_type_id = 1\n  value = 5\n", "Missing billing rate target", "task_id alone", "user_id alone",
				"group_id alone", "task_id together with user_id", "None of them is set"),
			planError("  rate_type_id = 1\n  value = 5\n  group_id = timecamp_group.team.id\n  task_id = timecamp_task.site.id\n",
				"Invalid billing rate target", "group_id cannot be combined with task_id"),
			planError("  rate_type_id = 1\n  value = 5\n  group_id = timecamp_group.team.id\n  user_id = data.timecamp_current_user.me.user_id\n",
				"Invalid billing rate target", "group_id cannot be combined with user_id"),
			planError("  rate_type_id = 1\n  value = 5\n  group_id = 1\n  task_id = 2\n  user_id = 3\n",
				"group_id cannot be combined with task_id and user_id", "separate timecamp_billing_rate"),
			planError("  rate_type_id = 1\n  task_id = timecamp_task.site.id\n  value = 12.345\n",
				"Invalid billing rate value", "The rate 12.345 has 3 decimals; TimeCamp keeps 2", "e.g. 12.35"),
			planError("  rate_type_id = 1\n  task_id = timecamp_task.site.id\n  value = -1\n", "The rate -1 is negative"),
			planError("  rate_type_id = 1\n  task_id = timecamp_task.site.id\n  value = 1\n  add_date = \"2024-1-5\"\n",
				"Invalid date", `"2024-1-5" is not a date written YYYY-MM-DD`),
			planError("  rate_type_id = 0\n  task_id = timecamp_task.site.id\n  value = 1\n", "rate_type_id value must be at least 1"),
			// Apply-time refusals name the attribute to fix, and leave nothing in state.
			{
				Config:      rate("  rate_type_id = 77\n  task_id = timecamp_task.site.id\n  value = 1\n"),
				ExpectError: messageLike("Unable to create billing rate", "rate type 77 for task", "TimeCamp has no rate type 77", "timecamp_rate_types", "RateType 77 not found"),
			},
			{
				Config:      rate("  rate_type_id = 1\n  task_id = 987654321\n  value = 1\n"),
				ExpectError: messageLike("Unable to create billing rate", "TimeCamp has no task 987654321: check task_id", "Task 987654321 not found"),
			},
			{
				Config:      rate("  rate_type_id = 1\n  group_id = 987654321\n  value = 1\n"),
				ExpectError: messageLike("TimeCamp has no group 987654321: check group_id"),
			},
			withCheck(resource.TestStep{Config: env.config(rateTargetsBase)}, func(s *terraform.State) error {
				task, _ := stateID(s, "timecamp_task.site")
				if rates, err := env.Client.Rates.List(context.Background(), timecamp.RateTarget{TaskID: task}); err != nil || len(rates) != 0 {
					return fmt.Errorf("the refused creates left rates on the task: %+v, %v", rates, err)
				}
				return nil
			}),
			importErrorStep(valid, "timecamp_billing_rate.test", "task:1", messageLike("Import a billing rate as", "task:<task_id>:<rate_type_id>", `got "task:1"`)),
			importErrorStep(valid, "timecamp_billing_rate.test", "project:1:2", messageLike("Import a billing rate as", `got "project:1:2"`)),
			importErrorStep(valid, "timecamp_billing_rate.test", "task_user:1:2", messageLike("task_user:<task_id>:<user_id>:<rate_type_id>", `got "task_user:1:2"`)),
			importErrorStep(valid, "timecamp_billing_rate.test", "task:x:1", messageLike("Import a billing rate as", `got "task:x:1"`)),
			importErrorStep(valid, "timecamp_billing_rate.test", "group:1:2:3", messageLike("Import a billing rate as", `got "group:1:2:3"`)),
		},
	})
}
