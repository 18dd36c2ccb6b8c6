package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
)

// seedPeople adds Ann (moved to Engineering as a supervisor), two people called "Sam Same" and a
// deactivated Dee, outside Terraform.
func seedPeople(t *testing.T, env *accEnv) (eng, ann, dee int64) {
	t.Helper()
	ctx := context.Background()
	root, err := env.Client.Users.RootGroupID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	eng = seedGroup(t, env, "Engineering")
	ann = seedUser(t, env, "Ann@Example.com", "Ann")
	if _, err := env.Client.Users.Move(ctx, root, ann, eng); err != nil {
		t.Fatal(err)
	}
	if _, err := env.Client.Users.SetRole(ctx, eng, ann, 2); err != nil {
		t.Fatal(err)
	}
	seedUser(t, env, "sam1@example.com", "Sam Same")
	seedUser(t, env, "sam2@example.com", "Sam Same")
	dee = seedUser(t, env, "dee@example.com", "")
	if err := env.Client.Users.SetDisabled(ctx, dee, true); err != nil {
		t.Fatal(err)
	}
	return eng, ann, dee
}

func TestAccUserDataSources(t *testing.T) {
	env := newAccEnv(t)
	eng, ann, dee := seedPeople(t, env)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: env.config(fmt.Sprintf(`
data "timecamp_users" "all" {}

data "timecamp_users" "eng" {
  group_id = %d
}

data "timecamp_user" "by_email" {
  email = "ann@EXAMPLE.com"
}

data "timecamp_user" "by_id" {
  id = "%d"
}

data "timecamp_user" "by_name" {
  display_name = "Ann"
}
`, eng, dee)),
				Check: resource.ComposeAggregateTestCheckFunc(
					// The token's owner and the four seeded people, by id; Dee flagged.
					resource.TestCheckResourceAttr("data.timecamp_users.all", "users.#", "5"),
					resource.TestCheckResourceAttr("data.timecamp_users.all", "users.0.email", "admin@example.com"),
					resource.TestCheckResourceAttr("data.timecamp_users.all", "users.1.email", "Ann@Example.com"),
					resource.TestCheckResourceAttr("data.timecamp_users.all", "users.1.display_name", "Ann"),
					resource.TestCheckResourceAttr("data.timecamp_users.all", "users.1.disabled", "false"),
					resource.TestCheckResourceAttr("data.timecamp_users.all", "users.4.email", "dee@example.com"),
					resource.TestCheckNoResourceAttr("data.timecamp_users.all", "users.4.display_name"),
					resource.TestCheckResourceAttr("data.timecamp_users.all", "users.4.disabled", "true"),
					resource.TestCheckResourceAttr("data.timecamp_users.eng", "users.#", "1"),
					resource.TestCheckResourceAttr("data.timecamp_users.eng", "users.0.user_id", fmt.Sprint(ann)),
					resource.TestCheckResourceAttr("data.timecamp_users.eng", "users.0.id", fmt.Sprint(ann)),
					resource.TestCheckResourceAttr("data.timecamp_users.eng", "users.0.group_id", fmt.Sprint(eng)),

					resource.TestCheckResourceAttr("data.timecamp_user.by_email", "user_id", fmt.Sprint(ann)),
					resource.TestCheckResourceAttr("data.timecamp_user.by_email", "email", "Ann@Example.com"),
					resource.TestCheckResourceAttr("data.timecamp_user.by_email", "group_id", fmt.Sprint(eng)),
					resource.TestCheckResourceAttr("data.timecamp_user.by_email", "role", "supervisor"),
					resource.TestCheckResourceAttr("data.timecamp_user.by_email", "disabled", "false"),
					resource.TestCheckResourceAttr("data.timecamp_user.by_id", "email", "dee@example.com"),
					resource.TestCheckResourceAttr("data.timecamp_user.by_id", "disabled", "true"),
					resource.TestCheckResourceAttr("data.timecamp_user.by_id", "role", "user"),
					resource.TestCheckResourceAttr("data.timecamp_user.by_name", "id", fmt.Sprint(ann)),
				),
			},
		},
	})
}

func TestAccUserDataSource_lookupErrors(t *testing.T) {
	env := newAccEnv(t)
	seedPeople(t, env)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      env.config(`data "timecamp_user" "x" { email = "nobody@example.com" }`),
				ExpectError: regexp.MustCompile(`no user matches email = "nobody@example.com" \(case ignored\)`),
			},
			{
				Config:      env.config(`data "timecamp_user" "x" { id = "424242" }`),
				ExpectError: regexp.MustCompile(`no user matches id = 424242`),
			},
			{
				Config:      env.config(`data "timecamp_user" "x" { display_name = "Sam Same" }`),
				ExpectError: regexp.MustCompile(`2 users match display_name = "Sam Same" \(ids \d+, \d+\)`),
			},
			{
				Config:      env.config(`data "timecamp_user" "x" {}`),
				ExpectError: regexp.MustCompile(`(?s)Exactly one of these attributes must be configured:\s+\[id,email,display_name\]`),
			},
			{
				Config: env.config(`
data "timecamp_user" "x" {
  id    = "1"
  email = "ann@example.com"
}`),
				ExpectError: regexp.MustCompile(`(?s)Exactly one of these attributes must be configured`),
			},
		},
	})
}

// timecamp_users and timecamp_roles are lists: matching nothing is an empty list, not an error.
func TestAccUsersDataSource_emptyGroup(t *testing.T) {
	env := newAccEnv(t)
	empty := seedGroup(t, env, "Nobody here")
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.config(fmt.Sprintf(`
data "timecamp_users" "none" {
  group_id = %d
}`, empty)),
			Check: resource.TestCheckResourceAttr("data.timecamp_users.none", "users.#", "0"),
		}},
	})
}

func TestAccRolesDataSource(t *testing.T) {
	env := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.config(`
data "timecamp_roles" "all" {}

output "regular_user" {
  value = { for r in data.timecamp_roles.all.roles : r.name => r.role_id }["Regular User"]
}
`),
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.timecamp_roles.all", "roles.#", "3"),
				resource.TestCheckResourceAttr("data.timecamp_roles.all", "roles.0.id", "1"),
				resource.TestCheckResourceAttr("data.timecamp_roles.all", "roles.0.role_id", "1"),
				resource.TestCheckResourceAttr("data.timecamp_roles.all", "roles.0.name", "Project Manager"),
				resource.TestCheckResourceAttr("data.timecamp_roles.all", "roles.1.name", "Regular User"),
				resource.TestCheckResourceAttr("data.timecamp_roles.all", "roles.2.role_id", "4"),
				resource.TestCheckResourceAttr("data.timecamp_roles.all", "roles.2.name", "Guest"),
				resource.TestCheckOutput("regular_user", "3"),
			),
		}},
	})
}
