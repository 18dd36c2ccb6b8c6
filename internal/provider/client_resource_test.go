package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

const clientAcmeCreated = `
resource "timecamp_client" "acme" {
  organization_name = "Acme Sp. z o.o."
  first_name        = "Wile"
  last_name         = "Coyote"
  email             = "wile@acme.test"
  address           = "1 Desert Road\nNowhere"
  currency_id       = 2
}

resource "timecamp_client" "bare" {
  organization_name = "Bare & Sons"
}
`

// Renamed, e-mail changed, address removed (cleared in TimeCamp), currency changed.
const clientAcmeUpdated = `
resource "timecamp_client" "acme" {
  organization_name = "Acme Corporation"
  first_name        = "Wile"
  last_name         = "Coyote"
  email             = "billing@acme.test"
  currency_id       = 3
}

resource "timecamp_client" "bare" {
  organization_name = "Bare & Sons"
}
`

// clientWant is what TimeCamp should hold for a client; nil texts must be empty or null there.
type clientWant struct {
	org                         string
	first, last, email, address *string
	currency                    int64 // 0: not checked
}

func strp(s string) *string { return &s }

// checkClientInAPI compares the client of resource name with TimeCamp's copy.
func checkClientInAPI(env *accEnv, name string, want clientWant) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := stateID(s, name)
		if err != nil {
			return err
		}
		cl, err := env.Client.Clients.Get(context.Background(), id)
		if err != nil {
			return fmt.Errorf("%s: reading client %d: %w", name, id, err)
		}
		if string(cl.OrganizationName) != want.org {
			return fmt.Errorf("%s: TimeCamp has organizationName %q, want %q", name, cl.OrganizationName, want.org)
		}
		for _, f := range []struct {
			field string
			got   timecamp.NullString
			want  *string
		}{{"firstName", cl.FirstName, want.first}, {"lastName", cl.LastName, want.last}, {"email", cl.Email, want.email}, {"address", cl.Address, want.address}} {
			w := ""
			if f.want != nil {
				w = *f.want
			}
			if f.got.Value != w {
				return fmt.Errorf("%s: TimeCamp has %s %q, want %q", name, f.field, f.got.Value, w)
			}
		}
		if want.currency != 0 && int64(cl.CurrencyID) != want.currency {
			return fmt.Errorf("%s: TimeCamp has currencyId %d, want %d", name, cl.CurrencyID, want.currency)
		}
		return nil
	}
}

// checkClientsDestroyed checks that every client that was in state is gone from TimeCamp.
func checkClientsDestroyed(env *accEnv) resource.TestCheckFunc {
	return checkGoneFromAPI("timecamp_client", env.Client.Clients.Get)
}

func TestAccClientResource_lifecycle(t *testing.T) {
	env := newAccEnv(t)
	me, err := env.Client.Me.Get(context.Background())
	if err != nil {
		t.Fatalf("GET /me: %v", err)
	}
	created, updated := env.config(clientAcmeCreated), env.config(clientAcmeUpdated)
	var acmeID int64
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             checkClientsDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config: created,
				Check: resource.ComposeAggregateTestCheckFunc(
					captureID("timecamp_client.acme", &acmeID),
					resource.TestCheckResourceAttr("timecamp_client.acme", "organization_name", "Acme Sp. z o.o."),
					resource.TestCheckResourceAttr("timecamp_client.acme", "first_name", "Wile"),
					resource.TestCheckResourceAttr("timecamp_client.acme", "last_name", "Coyote"),
					resource.TestCheckResourceAttr("timecamp_client.acme", "email", "wile@acme.test"),
					resource.TestCheckResourceAttr("timecamp_client.acme", "address", "1 Desert Road\nNowhere"),
					resource.TestCheckResourceAttr("timecamp_client.acme", "currency_id", "2"),
					resource.TestCheckResourceAttr("timecamp_client.acme", "root_group_id", strconv.FormatInt(int64(me.RootGroupID), 10)),
					resource.TestCheckResourceAttr("timecamp_client.acme", "added_by", strconv.FormatInt(int64(me.UserID), 10)),
					resource.TestMatchResourceAttr("timecamp_client.acme", "added", regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$`)),
					checkClientInAPI(env, "timecamp_client.acme", clientWant{org: "Acme Sp. z o.o.", first: strp("Wile"), last: strp("Coyote"),
						email: strp("wile@acme.test"), address: strp("1 Desert Road\nNowhere"), currency: 2}),
					// Left out: null in state, nothing in TimeCamp; the currency is TimeCamp's default.
					resource.TestCheckResourceAttr("timecamp_client.bare", "organization_name", "Bare & Sons"),
					resource.TestCheckNoResourceAttr("timecamp_client.bare", "first_name"),
					resource.TestCheckNoResourceAttr("timecamp_client.bare", "email"),
					resource.TestCheckNoResourceAttr("timecamp_client.bare", "address"),
					resource.TestCheckResourceAttrSet("timecamp_client.bare", "currency_id"),
					checkClientInAPI(env, "timecamp_client.bare", clientWant{org: "Bare & Sons"}),
				),
			},
			// Nothing ignored: every attribute is read back from GET /client.
			importStep("timecamp_client.acme"),
			importStep("timecamp_client.bare"),
			{
				Config: updated,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("timecamp_client.acme", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("timecamp_client.bare", plancheck.ResourceActionNoop),
					},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkIDUnchanged("timecamp_client.acme", &acmeID),
					resource.TestCheckResourceAttr("timecamp_client.acme", "organization_name", "Acme Corporation"),
					resource.TestCheckNoResourceAttr("timecamp_client.acme", "address"),
					resource.TestCheckResourceAttr("timecamp_client.acme", "currency_id", "3"),
					checkClientInAPI(env, "timecamp_client.acme", clientWant{org: "Acme Corporation", first: strp("Wile"), last: strp("Coyote"),
						email: strp("billing@acme.test"), currency: 3}),
				),
			},
			emptyPlanStep(updated),
			importStep("timecamp_client.acme"),
			outOfBandStep(t, updated, "timecamp_client.acme", plancheck.ResourceActionUpdate, func(ctx context.Context) error {
				return env.Client.Clients.Update(ctx, acmeID, timecamp.InvoiceClientInput{
					FirstName: timecamp.Set("Road"), Address: timecamp.Set("Somewhere else"), CurrencyID: timecamp.Set[int64](5)})
			}),
			{
				// The apply of the step above put everything back.
				Config: updated,
				Check: checkClientInAPI(env, "timecamp_client.acme", clientWant{org: "Acme Corporation", first: strp("Wile"), last: strp("Coyote"),
					email: strp("billing@acme.test"), currency: 3}),
			},
			outOfBandStep(t, updated, "timecamp_client.acme", plancheck.ResourceActionCreate, func(ctx context.Context) error {
				return env.Client.Clients.Delete(ctx, acmeID)
			}),
			{
				Config: updated,
				Check: resource.ComposeAggregateTestCheckFunc(
					func(s *terraform.State) error {
						id, err := stateID(s, "timecamp_client.acme")
						if err == nil && id == acmeID {
							return fmt.Errorf("acme still has the id %d of the client deleted outside Terraform", id)
						}
						return err
					},
					checkClientInAPI(env, "timecamp_client.acme", clientWant{org: "Acme Corporation", first: strp("Wile"), last: strp("Coyote"),
						email: strp("billing@acme.test"), currency: 3}),
				),
			},
			emptyPlanStep(updated),
		},
	})
}

// "" and null stay apart: "" is kept as written, null stays null, and switching between them
// plans no change in TimeCamp terms but keeps what the configuration says.
func TestAccClientResource_emptyVersusNull(t *testing.T) {
	env := newAccEnv(t)
	empty := env.config(`
resource "timecamp_client" "c" {
  organization_name = "Empty Fields"
  first_name        = ""
  email             = ""
}
`)
	withValues := env.config(`
resource "timecamp_client" "c" {
  organization_name = "Empty Fields"
  first_name        = "Ann"
  email             = "ann@example.com"
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             checkClientsDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config: empty,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("timecamp_client.c", "first_name", ""),
					resource.TestCheckResourceAttr("timecamp_client.c", "email", ""),
					resource.TestCheckNoResourceAttr("timecamp_client.c", "last_name"),
					checkClientInAPI(env, "timecamp_client.c", clientWant{org: "Empty Fields"}),
				),
			},
			emptyPlanStep(empty),
			{
				Config: withValues,
				Check:  checkClientInAPI(env, "timecamp_client.c", clientWant{org: "Empty Fields", first: strp("Ann"), email: strp("ann@example.com")}),
			},
			{
				// Back to "": the values are cleared in TimeCamp.
				Config: empty,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("timecamp_client.c", plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("timecamp_client.c", "first_name", ""),
					checkClientInAPI(env, "timecamp_client.c", clientWant{org: "Empty Fields"}),
				),
			},
			emptyPlanStep(empty),
		},
	})
}

// Wrong values fail at plan time, naming the attribute, and nothing is created.
func TestAccClientResource_validation(t *testing.T) {
	env := newAccEnv(t)
	bad := func(attrs string) string {
		return env.config(fmt.Sprintf("resource \"timecamp_client\" \"c\" {\n%s\n}\n", attrs))
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      bad(`organization_name = "Acme"` + "\n" + `email = "not-an-address"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Attribute email must be an e-mail address such as billing@example.com.*not-an-address`),
			},
			{
				Config:      bad(`organization_name = "Acme"` + "\n" + `email = "two@@example.com"`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Attribute email must be an e-mail address`),
			},
			{
				Config:      bad(`organization_name = "   "`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Attribute organization_name must not be only white\s+space,\s+got\s+"`),
			},
			{
				Config:      bad(`organization_name = "Acme"` + "\n" + `currency_id = 0`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Attribute currency_id value must be at least 1`),
			},
			{
				Config:        bad(`organization_name = "Acme"`),
				ResourceName:  "timecamp_client.c",
				ImportState:   true,
				ImportStateId: "acme",
				ExpectError:   regexp.MustCompile(`(?s)Invalid import ID.*client`),
			},
		},
		CheckDestroy: func(*terraform.State) error {
			list, err := env.Client.Clients.List(context.Background())
			if err == nil && len(list) != 0 && env.Emulator != nil {
				return fmt.Errorf("rejected configurations created %d clients", len(list))
			}
			return err
		},
	})
}

// TimeCamp refuses to delete a client with invoices: destroy fails saying so, the client stays
// in state and in TimeCamp, and a later destroy (after the invoices are gone) succeeds.
func TestAccClientResource_deleteRefused(t *testing.T) {
	env := newAccEnv(t)
	if env.Emulator == nil {
		t.Skip("needs the emulator's fault injection to stand in for a client with invoices")
	}
	cfg := env.config(`
resource "timecamp_client" "c" {
  organization_name = "Invoiced Ltd"
}
`)
	var id int64
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             checkClientsDestroyed(env),
		Steps: []resource.TestStep{
			{Config: cfg, Check: captureID("timecamp_client.c", &id)},
			{
				PreConfig: func() {
					env.Emulator.InjectFault(timecamptest.Fault{Method: http.MethodDelete, Path: "/client",
						Status: http.StatusBadRequest, Body: `{"message":"Client has invoices"}`})
				},
				Config:      env.config(""),
				ExpectError: regexp.MustCompile(`(?s)Unable to delete client.*"Invoiced Ltd".*still\s+has\s+invoices.*terraform\s+state\s+rm.*Client has invoices`),
			},
			{
				// Still managed (same id, nothing to do) and still in TimeCamp.
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkIDUnchanged("timecamp_client.c", &id),
					checkClientInAPI(env, "timecamp_client.c", clientWant{org: "Invoiced Ltd"}),
				),
			},
		},
	})
}
