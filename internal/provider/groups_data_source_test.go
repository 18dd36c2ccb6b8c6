package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// seedGroups makes Engineering and Sales under the root, and a "Platform" group under each of them,
// so that a lookup of "Platform" by name alone is ambiguous.
func seedGroups(t *testing.T, env *accEnv) (root, eng, sales, engPlatform int64) {
	t.Helper()
	ctx := context.Background()
	me, err := env.Client.Me.Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	root = int64(me.RootGroupID)
	mk := func(name string, parent int64) int64 {
		g, err := env.Client.Groups.Create(ctx, name, parent)
		if err != nil {
			t.Fatalf("creating group %s: %v", name, err)
		}
		return int64(g.GroupID)
	}
	eng = mk("Engineering", root)
	sales = mk("Sales", root)
	engPlatform = mk("Platform", eng)
	mk("Platform", sales)
	return root, eng, sales, engPlatform
}

func TestAccGroupDataSources(t *testing.T) {
	env := newAccEnv(t)
	root, eng, sales, engPlatform := seedGroups(t, env)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: env.config(fmt.Sprintf(`
data "timecamp_group" "by_name" {
  name = "Engineering"
}
data "timecamp_group" "by_id" {
  id = "%d"
}
data "timecamp_group" "platform_in_eng" {
  name      = "Platform"
  parent_id = %d
}
data "timecamp_groups" "all" {}
data "timecamp_groups" "under_root" {
  parent_id = %d
}
`, sales, eng, root)),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("data.timecamp_group.by_name", "id", fmt.Sprint(eng)),
					resource.TestCheckResourceAttr("data.timecamp_group.by_name", "parent_id", fmt.Sprint(root)),
					resource.TestCheckResourceAttr("data.timecamp_group.by_id", "name", "Sales"),
					resource.TestCheckResourceAttr("data.timecamp_group.platform_in_eng", "id", fmt.Sprint(engPlatform)),
					// root + 4 seeded groups
					resource.TestCheckResourceAttr("data.timecamp_groups.all", "groups.#", "5"),
					resource.TestCheckResourceAttr("data.timecamp_groups.all", "groups.0.id", fmt.Sprint(root)),
					resource.TestCheckNoResourceAttr("data.timecamp_groups.all", "groups.0.parent_id"),
					resource.TestCheckResourceAttr("data.timecamp_groups.under_root", "groups.#", "2"),
					resource.TestCheckResourceAttr("data.timecamp_groups.under_root", "groups.0.name", "Engineering"),
					resource.TestCheckResourceAttr("data.timecamp_groups.under_root", "groups.1.name", "Sales"),
				),
			},
		},
	})
}

func TestAccGroupDataSource_lookupErrors(t *testing.T) {
	env := newAccEnv(t)
	seedGroups(t, env)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      env.config(`data "timecamp_group" "x" { name = "Marketing" }`),
				ExpectError: regexp.MustCompile(`no group matches name = "Marketing"`),
			},
			{
				Config:      env.config(`data "timecamp_group" "x" { name = "Platform" }`),
				ExpectError: regexp.MustCompile(`2 groups match name = "Platform" \(ids \d+, \d+\)`),
			},
			{
				Config:      env.config(`data "timecamp_group" "x" {}`),
				ExpectError: regexp.MustCompile(`(?s)Exactly one of these attributes must be configured: \[id,name\]`),
			},
		},
	})
}
