package provider

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

// The provider's client reads whole collections once per Terraform operation (internal/timecamp
// snapshot.go). These tests prove that the cache costs no correctness: changes made outside
// Terraform between two plans are seen, and writes made during a run are seen by the reads after
// them in the same run.

// oneReadPerKind is a plan check: since the emulator's log was last emptied, no request of one
// kind was sent more than once. Every kind in the configuration it guards has two objects, so a
// kind read once per object fails it.
type oneReadPerKind struct{ env *accEnv }

func (c oneReadPerKind) CheckPlan(_ context.Context, _ plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	counts := c.env.Emulator.RequestPatterns()
	var over []string
	for _, k := range slices.Sorted(maps.Keys(counts)) {
		if counts[k] > 1 {
			over = append(over, fmt.Sprintf("%s x%d", k, counts[k]))
		}
	}
	if len(over) > 0 {
		resp.Error = fmt.Errorf("the plan read some kinds once per object: %s (all requests: %v)", strings.Join(over, ", "), counts)
	}
}

func TestAccReadCache_outsideChangesSeenBetweenPlans(t *testing.T) {
	env := newEmulatorEnv(t, timecamptest.Options{}) // counts requests in the emulator's log
	ann := seedUser(t, env, "ann@example.com", "Ann")
	cfg := env.config(fmt.Sprintf(`
resource "timecamp_task" "p" {
  count = 2
  name  = "Project ${count.index}"
}

resource "timecamp_task_user" "a" {
  count   = 2
  task_id = timecamp_task.p[count.index].id
  user_id = %d
  role_id = 1
}

resource "timecamp_billing_rate" "r" {
  count        = 2
  rate_type_id = 1
  task_id      = timecamp_task.p[count.index].id
  value        = 40
}

resource "timecamp_custom_field" "f" {
  count         = 2
  name          = "Field ${count.index}"
  resource_type = "task"
  field_type    = "string"
}

# Both values on one task: TimeCamp lists values per resource, one request for the two.
resource "timecamp_custom_field_value" "v" {
  count       = 2
  template_id = timecamp_custom_field.f[count.index].id
  resource_id = timecamp_task.p[0].id
  value       = "value ${count.index}"
}

resource "timecamp_client" "c" {
  count             = 2
  organization_name = "Client ${count.index}"
}

resource "timecamp_favorite_task" "fav" {
  count   = 2
  task_id = timecamp_task.p[count.index].id
}
`, ann))

	var task0, client0, field0 int64
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeTestCheckFunc(
					captureID("timecamp_task.p.0", &task0),
					captureID("timecamp_client.c.0", &client0),
					captureID("timecamp_custom_field.f.0", &field0),
				),
			},
			{
				// Changes of every cached kind made outside Terraform, then a plan: each shows.
				PreConfig: func() {
					ctx := context.Background()
					c := env.Client
					for _, err := range []error{
						c.TaskUsers.Assign(ctx, task0, 3, ann),
						func() error {
							_, err := c.Rates.Set(ctx, timecamp.RateTarget{TaskID: task0}, timecamp.RateInput{RateTypeID: 1, Value: "41"})
							return err
						}(),
						func() error { _, err := c.CustomFields.Assign(ctx, field0, task0, "changed outside"); return err }(),
						c.Clients.Update(ctx, client0, timecamp.InvoiceClientInput{OrganizationName: timecamp.Set("Renamed outside")}),
						c.Favourites.Remove(ctx, task0),
					} {
						if err != nil {
							t.Fatalf("change outside Terraform: %v", err)
						}
					}
					env.Emulator.ResetRequests() // count the plan's requests only
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						oneReadPerKind{env},
						plancheck.ExpectResourceAction("timecamp_task_user.a[0]", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("timecamp_task_user.a[1]", plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction("timecamp_billing_rate.r[0]", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("timecamp_billing_rate.r[1]", plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction("timecamp_custom_field_value.v[0]", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("timecamp_custom_field_value.v[1]", plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction("timecamp_client.c[0]", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("timecamp_client.c[1]", plancheck.ResourceActionNoop),
						plancheck.ExpectResourceAction("timecamp_favorite_task.fav[0]", plancheck.ResourceActionCreate),
						plancheck.ExpectResourceAction("timecamp_favorite_task.fav[1]", plancheck.ResourceActionNoop),
					},
				},
			},
			{
				PreConfig: env.Emulator.ResetRequests,
				Config:    cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{oneReadPerKind{env}, plancheck.ExpectEmptyPlan()},
				},
			},
		},
	})
}

// In one apply, a lookup that runs after a create must find the new object although the same
// operation read the collection before the create: each data source below is read during the
// apply (it depends on a resource being created), and the second resource depends on the first
// lookup.
func TestAccReadCache_writeSeenLaterInTheSameRun(t *testing.T) {
	env := newAccEnv(t)
	cfg := env.config(`
resource "timecamp_task" "a" {
  name = "Cache first"
}

data "timecamp_task" "first" {
  name = timecamp_task.a.name
}

resource "timecamp_task" "b" {
  name      = "Cache second"
  parent_id = data.timecamp_task.first.id
}

data "timecamp_task" "second" {
  name = timecamp_task.b.name
}

resource "timecamp_client" "a" {
  organization_name = "Cache client A"
}

data "timecamp_client" "first" {
  organization_name = timecamp_client.a.organization_name
}

resource "timecamp_client" "b" {
  organization_name = "${data.timecamp_client.first.organization_name} and B"
}

data "timecamp_client" "second" {
  organization_name = timecamp_client.b.organization_name
}
`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeTestCheckFunc(
					resource.TestCheckResourceAttrPair("data.timecamp_task.first", "id", "timecamp_task.a", "id"),
					resource.TestCheckResourceAttrPair("data.timecamp_task.second", "id", "timecamp_task.b", "id"),
					resource.TestCheckResourceAttrPair("data.timecamp_task.second", "parent_id", "timecamp_task.a", "id"),
					resource.TestCheckResourceAttrPair("data.timecamp_client.first", "id", "timecamp_client.a", "id"),
					resource.TestCheckResourceAttrPair("data.timecamp_client.second", "id", "timecamp_client.b", "id"),
				),
			},
			emptyPlanStep(cfg),
		},
	})
}

// Configuring the provider sends nothing: a configuration whose resources have count = 0 plans
// with no request at all (the provider starts fast, whatever the size of the account).
func TestAccReadCache_configureFetchesNothing(t *testing.T) {
	env := newEmulatorEnv(t, timecamptest.Options{})
	cfg := env.config(`
resource "timecamp_task" "none" {
  count = 0
  name  = "never"
}
`)
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: cfg,
			Check: func(*terraform.State) error {
				if n := env.Emulator.RequestCount("", ""); n != 0 {
					return fmt.Errorf("plan and apply of nothing sent %d requests: %v", n, env.Emulator.RequestPatterns())
				}
				return nil
			},
		}},
	})
}
