package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
)

const clientsForLookup = `
resource "timecamp_client" "solo" {
  organization_name = "Solo GmbH"
  email             = "solo@example.com"
  currency_id       = 4
}

resource "timecamp_client" "twin1" {
  organization_name = "Twin"
}

resource "timecamp_client" "twin2" {
  organization_name = "Twin"
  first_name        = "Second"
}
`

func TestAccClientDataSources(t *testing.T) {
	env := newAccEnv(t)
	lookups := env.config(clientsForLookup + `
data "timecamp_clients" "all" {
  depends_on = [timecamp_client.solo, timecamp_client.twin1, timecamp_client.twin2]
}

data "timecamp_clients" "twins" {
  organization_name = timecamp_client.twin1.organization_name
  depends_on        = [timecamp_client.twin2]
}

data "timecamp_client" "by_name" {
  organization_name = timecamp_client.solo.organization_name
}

data "timecamp_client" "by_id" {
  id = timecamp_client.twin2.id
}
`)
	lookup := func(args string) string {
		return env.config(clientsForLookup + "\ndata \"timecamp_client\" \"x\" {\n" + args + "\n  depends_on = [timecamp_client.solo, timecamp_client.twin1, timecamp_client.twin2]\n}\n")
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             checkClientsDestroyed(env),
		Steps: []resource.TestStep{
			{Config: env.config(clientsForLookup)},
			{
				Config: lookups,
				Check: resource.ComposeAggregateTestCheckFunc(
					checkClientCountMatchesAPI(env, "data.timecamp_clients.all"),
					resource.TestCheckResourceAttr("data.timecamp_clients.twins", "clients.#", "2"),
					resource.TestCheckTypeSetElemAttrPair("data.timecamp_clients.twins", "clients.*.id", "timecamp_client.twin1", "id"),
					resource.TestCheckTypeSetElemAttrPair("data.timecamp_clients.twins", "clients.*.id", "timecamp_client.twin2", "id"),
					resource.TestCheckTypeSetElemNestedAttrs("data.timecamp_clients.twins", "clients.*",
						map[string]string{"organization_name": "Twin", "first_name": "Second"}),
					checkClientsOrderedByID("data.timecamp_clients.all"),
					resource.TestCheckResourceAttrPair("data.timecamp_client.by_name", "id", "timecamp_client.solo", "id"),
					resource.TestCheckResourceAttr("data.timecamp_client.by_name", "email", "solo@example.com"),
					resource.TestCheckResourceAttr("data.timecamp_client.by_name", "currency_id", "4"),
					resource.TestCheckResourceAttrPair("data.timecamp_client.by_name", "added", "timecamp_client.solo", "added"),
					resource.TestCheckResourceAttrPair("data.timecamp_client.by_name", "root_group_id", "timecamp_client.solo", "root_group_id"),
					resource.TestCheckResourceAttr("data.timecamp_client.by_id", "organization_name", "Twin"),
					resource.TestCheckResourceAttr("data.timecamp_client.by_id", "first_name", "Second"),
				),
			},
			{
				Config:      lookup(`organization_name = "Nobody Inc"`),
				ExpectError: regexp.MustCompile(`no client matches organization_name = "Nobody Inc"`),
			},
			{
				Config:      lookup(`organization_name = "Twin"`),
				ExpectError: regexp.MustCompile(`2 clients match organization_name = "Twin" \(ids \d+, \d+\)`),
			},
			{
				Config:      lookup(`id = "1"`),
				ExpectError: regexp.MustCompile(`no client matches id = 1`),
			},
			{
				Config:      lookup(`id = "1"` + "\n" + `organization_name = "Twin"`),
				ExpectError: regexp.MustCompile(`(?s)Exactly one of these attributes must be configured: \[id,organization_name\]`),
			},
			// The post-test destroy runs with the last configuration: leave it valid.
			{Config: env.config(clientsForLookup)},
		},
	})
}

// checkClientCountMatchesAPI compares the number of listed clients with TimeCamp's (an account
// may hold more clients than the test made).
func checkClientCountMatchesAPI(env *accEnv, name string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		list, err := env.Client.Clients.List(context.Background())
		if err != nil {
			return err
		}
		rs, ok := s.RootModule().Resources[name]
		if !ok {
			return fmt.Errorf("%s is not in state", name)
		}
		if got := rs.Primary.Attributes["clients.#"]; got != strconv.Itoa(len(list)) {
			return fmt.Errorf("%s lists %s clients, TimeCamp has %d", name, got, len(list))
		}
		return nil
	}
}

// checkClientsOrderedByID checks that a clients list is ordered by id.
func checkClientsOrderedByID(name string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[name]
		if !ok {
			return fmt.Errorf("%s is not in state", name)
		}
		n, _ := strconv.Atoi(rs.Primary.Attributes["clients.#"])
		prev := int64(0)
		for i := range n {
			id, err := parseID(rs.Primary.Attributes[fmt.Sprintf("clients.%d.id", i)])
			if err != nil || id <= prev {
				return fmt.Errorf("%s: clients not ordered by id at index %d (%v)", name, i, err)
			}
			prev = id
		}
		return nil
	}
}
