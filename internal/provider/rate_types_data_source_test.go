package provider

import (
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

const rateTypesLookups = `
data "timecamp_rate_types" "all" {}

data "timecamp_rate_types" "cost" {
  name = "Cost rate"
}

data "timecamp_rate_types" "none" {
  name = "Overtime"
}
`

// checkRateTypes checks the emulator's seeded rate types as the data sources show them.
var checkRateTypes = resource.ComposeAggregateTestCheckFunc(
	resource.TestCheckResourceAttr("data.timecamp_rate_types.all", "rate_types.#", "2"),
	resource.TestCheckResourceAttr("data.timecamp_rate_types.all", "rate_types.0.id", "1"),
	resource.TestCheckResourceAttr("data.timecamp_rate_types.all", "rate_types.0.name", "Billable rate"),
	resource.TestCheckResourceAttr("data.timecamp_rate_types.all", "rate_types.0.is_cost", "false"),
	resource.TestCheckResourceAttr("data.timecamp_rate_types.cost", "rate_types.#", "1"),
	resource.TestCheckResourceAttr("data.timecamp_rate_types.cost", "rate_types.0.id", "2"),
	resource.TestCheckResourceAttr("data.timecamp_rate_types.cost", "rate_types.0.is_cost", "true"),
	// A name that matches nothing is an empty list, not an error (it is a list, not a lookup).
	resource.TestCheckResourceAttr("data.timecamp_rate_types.none", "rate_types.#", "0"),
)

func TestAccRateTypesDataSource(t *testing.T) {
	env := newAccEnv(t)
	if env.Emulator == nil {
		t.Skip("checks the emulator's seeded rate types")
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			withCheck(resource.TestStep{Config: env.config(rateTypesLookups)}, checkRateTypes,
				func(*terraform.State) error {
					if n := env.Emulator.RequestCount(http.MethodGet, "/internal/api/rate_type"); n == 0 {
						t.Error("the rate types did not come from the internal API")
					}
					return nil
				}),
			// The internal API refuses (SPEC §17.14 leaves open whether tokens work there): the
			// legacy public GET /rate answers instead, with the same result.
			withCheck(resource.TestStep{
				PreConfig: func() {
					env.Emulator.ResetRequests()
					env.Emulator.InjectFault(timecamptest.Fault{Method: http.MethodGet, Path: "/internal/api/rate_type", Status: http.StatusNotFound, Times: 100})
				},
				Config: env.config(rateTypesLookups),
			}, checkRateTypes, func(*terraform.State) error {
				if n := env.Emulator.RequestCount(http.MethodGet, "/rate"); n == 0 {
					t.Error("no GET /rate after the internal API answered 404")
				}
				return nil
			}),
		},
	})
}
