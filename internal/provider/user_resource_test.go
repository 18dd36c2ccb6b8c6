package provider

import (
	"context"
	"fmt"
	"os"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

func init() {
	// The emulator lists invited people at once unless a test asks for a delay: wait briefly, so
	// that the test of a person who never appears is quick. A sandbox account keeps the real bound.
	if os.Getenv(EnvAPIToken) == "" {
		inviteWait = timecamp.WaitOptions{Timeout: 2 * time.Second, Interval: 50 * time.Millisecond}
	}
}

// seedUser invites email into the root group outside Terraform, waits for them and sets their
// display name (when not ""), returning their id.
func seedUser(t *testing.T, env *accEnv, email, displayName string) int64 {
	t.Helper()
	ctx := context.Background()
	root, err := env.Client.Users.RootGroupID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := env.Client.Users.Invite(ctx, root, timecamp.Invitation{Email: email}); err != nil {
		t.Fatalf("inviting %s: %v", email, err)
	}
	m, err := env.Client.Users.WaitForMember(ctx, root, email, timecamp.WaitOptions{Timeout: time.Minute, Interval: 100 * time.Millisecond})
	if err != nil {
		t.Fatal(err)
	}
	if displayName != "" {
		if err := env.Client.Users.Update(ctx, m.User(), timecamp.UserUpdate{DisplayName: timecamp.Set(displayName)}); err != nil {
			t.Fatal(err)
		}
	}
	return m.User()
}

// seedGroup makes a group under the root outside Terraform.
func seedGroup(t *testing.T, env *accEnv, name string) int64 {
	t.Helper()
	ctx := context.Background()
	root, err := env.Client.Users.RootGroupID(ctx)
	if err != nil {
		t.Fatal(err)
	}
	g, err := env.Client.Groups.Create(ctx, name, root)
	if err != nil {
		t.Fatal(err)
	}
	return int64(g.GroupID)
}

// personInTimeCamp is a user as TimeCamp has them: profile, group role and deactivation.
type personInTimeCamp struct {
	user     *timecamp.User
	role     int64
	disabled bool
}

func readPerson(ctx context.Context, env *accEnv, id int64) (*personInTimeCamp, error) {
	u, err := env.Client.Users.Get(ctx, id)
	if err != nil {
		return nil, err
	}
	m, err := env.Client.Users.Member(ctx, int64(u.GroupID), id)
	if err != nil {
		return nil, err
	}
	disabled, err := env.Client.Users.Disabled(ctx, id)
	if err != nil {
		return nil, err
	}
	return &personInTimeCamp{user: u, role: int64(m.RoleID), disabled: disabled}, nil
}

// checkPerson reads the user behind name from TimeCamp (not from state) and runs check on them.
func checkPerson(env *accEnv, name string, check func(p *personInTimeCamp) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := stateID(s, name)
		if err != nil {
			return err
		}
		p, err := readPerson(context.Background(), env, id)
		if err == nil {
			err = check(p)
		}
		if err != nil {
			return fmt.Errorf("%s (user %d) in TimeCamp: %w", name, id, err)
		}
		return nil
	}
}

// personIs checks email, display name ("" for none), group and group role in TimeCamp.
func personIs(env *accEnv, name, email, displayName string, group *int64, role int64) resource.TestCheckFunc {
	return checkPerson(env, name, func(p *personInTimeCamp) error {
		switch {
		case string(p.user.Email) != email:
			return fmt.Errorf("email = %q, want %q", p.user.Email, email)
		case p.user.DisplayName.Value != displayName:
			return fmt.Errorf("display_name = %q, want %q", p.user.DisplayName.Value, displayName)
		case int64(p.user.GroupID) != *group:
			return fmt.Errorf("group = %d, want %d", p.user.GroupID, *group)
		case p.role != role:
			return fmt.Errorf("group role = %d, want %d", p.role, role)
		case p.disabled:
			return fmt.Errorf("deactivated")
		}
		return nil
	})
}

// sameID fails when name's id is no longer *id (the object was replaced, not updated).
func sameID(name string, id *int64) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		got, err := stateID(s, name)
		if err == nil && got != *id {
			err = fmt.Errorf("%s id changed from %d to %d", name, *id, got)
		}
		return err
	}
}

func TestAccUser_lifecycle(t *testing.T) {
	env := newAccEnv(t)
	root, err := env.Client.Users.RootGroupID(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	eng := seedGroup(t, env, "Engineering")
	other := seedGroup(t, env, "Elsewhere")
	create := env.config(fmt.Sprintf(`
resource "timecamp_user" "ann" {
  email        = "ann@example.com"
  display_name = "Ann Smith"
  group_id     = %d
  role         = "supervisor"
}

resource "timecamp_user" "bob" {
  email = "bob@example.com"
}
`, eng))
	// Ann moves back to the root group (group_id left out) as a guest and is renamed; Bob gets a
	// name and moves to Engineering.
	update := env.config(fmt.Sprintf(`
resource "timecamp_user" "ann" {
  email        = "ann@example.com"
  display_name = "Ann S."
  role         = "guest"
}

resource "timecamp_user" "bob" {
  email        = "bob@example.com"
  display_name = "Bob"
  group_id     = %d
}
`, eng))
	var annID, bobID int64

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy: func(s *terraform.State) error {
			// Destroy deactivates: both people are still in the account, disabled.
			for _, id := range []int64{annID, bobID} {
				p, err := readPerson(context.Background(), env, id)
				if err != nil {
					return fmt.Errorf("user %d after destroy: %w (destroy must keep the person)", id, err)
				}
				if !p.disabled {
					return fmt.Errorf("user %d not deactivated by destroy", id)
				}
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: create,
				Check: resource.ComposeAggregateTestCheckFunc(
					captureID("timecamp_user.ann", &annID),
					captureID("timecamp_user.bob", &bobID),
					resource.TestCheckResourceAttrPair("timecamp_user.ann", "id", "timecamp_user.ann", "user_id"),
					resource.TestCheckResourceAttr("timecamp_user.ann", "email", "ann@example.com"),
					resource.TestCheckResourceAttr("timecamp_user.ann", "display_name", "Ann Smith"),
					resource.TestCheckResourceAttr("timecamp_user.ann", "group_id", fmt.Sprint(eng)),
					resource.TestCheckResourceAttr("timecamp_user.ann", "role", "supervisor"),
					resource.TestCheckResourceAttr("timecamp_user.ann", "send_invite_email", "true"),
					resource.TestCheckResourceAttr("timecamp_user.ann", "delete_on_destroy", "false"),
					resource.TestCheckResourceAttr("timecamp_user.bob", "group_id", fmt.Sprint(root)),
					resource.TestCheckResourceAttr("timecamp_user.bob", "role", "user"),
					resource.TestCheckNoResourceAttr("timecamp_user.bob", "display_name"),
					personIs(env, "timecamp_user.ann", "ann@example.com", "Ann Smith", &eng, timecamp.GroupRoleSupervisor),
					personIs(env, "timecamp_user.bob", "bob@example.com", "", &root, timecamp.GroupRoleUser),
				),
			},
			importStep("timecamp_user.ann"),
			importStep("timecamp_user.bob"),
			emptyPlanStep(create),
			{
				Config: update,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("timecamp_user.ann", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("timecamp_user.bob", plancheck.ResourceActionUpdate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					sameID("timecamp_user.ann", &annID),
					sameID("timecamp_user.bob", &bobID),
					resource.TestCheckResourceAttr("timecamp_user.ann", "group_id", fmt.Sprint(root)),
					resource.TestCheckResourceAttr("timecamp_user.ann", "role", "guest"),
					resource.TestCheckResourceAttr("timecamp_user.bob", "group_id", fmt.Sprint(eng)),
					personIs(env, "timecamp_user.ann", "ann@example.com", "Ann S.", &root, timecamp.GroupRoleGuest),
					personIs(env, "timecamp_user.bob", "bob@example.com", "Bob", &eng, timecamp.GroupRoleUser),
				),
			},
			emptyPlanStep(update),
			// Drift: renamed, moved and promoted outside Terraform -> updates put them back.
			outOfBandStep(t, update, "timecamp_user.ann", plancheck.ResourceActionUpdate, func(ctx context.Context) error {
				return env.Client.Users.Update(ctx, annID, timecamp.UserUpdate{DisplayName: timecamp.Set("Renamed elsewhere")})
			}),
			{Config: update, Check: personIs(env, "timecamp_user.ann", "ann@example.com", "Ann S.", &root, timecamp.GroupRoleGuest)},
			outOfBandStep(t, update, "timecamp_user.bob", plancheck.ResourceActionUpdate, func(ctx context.Context) error {
				if _, err := env.Client.Users.Move(ctx, eng, bobID, other); err != nil {
					return err
				}
				_, err := env.Client.Users.SetRole(ctx, other, bobID, timecamp.GroupRoleAdministrator)
				return err
			}),
			{Config: update, Check: personIs(env, "timecamp_user.bob", "bob@example.com", "Bob", &eng, timecamp.GroupRoleUser)},
			// Removed outside Terraform -> invited again, as a new user.
			outOfBandStep(t, update, "timecamp_user.bob", plancheck.ResourceActionCreate, func(ctx context.Context) error {
				return env.Client.Users.Remove(ctx, eng, bobID)
			}),
			{
				Config: update,
				Check: resource.ComposeAggregateTestCheckFunc(
					func(s *terraform.State) error {
						id, err := stateID(s, "timecamp_user.bob")
						if err == nil && id == bobID {
							err = fmt.Errorf("bob kept the removed id %d", id)
						}
						bobID = id
						return err
					},
					personIs(env, "timecamp_user.bob", "bob@example.com", "Bob", &eng, timecamp.GroupRoleUser),
				),
			},
			// Deactivated outside Terraform -> planned as new; TimeCamp says "Already exists" and the
			// same person is reactivated.
			outOfBandStep(t, update, "timecamp_user.ann", plancheck.ResourceActionCreate, func(ctx context.Context) error {
				return env.Client.Users.SetDisabled(ctx, annID, true)
			}),
			{
				Config: update,
				Check: resource.ComposeAggregateTestCheckFunc(
					sameID("timecamp_user.ann", &annID),
					personIs(env, "timecamp_user.ann", "ann@example.com", "Ann S.", &root, timecamp.GroupRoleGuest),
				),
			},
			emptyPlanStep(update),
		},
	})
}

func TestAccUser_deleteOnDestroy(t *testing.T) {
	env := newAccEnv(t)
	cfg := env.config(`
resource "timecamp_user" "temp" {
  email             = "temp@example.com"
  delete_on_destroy = true
}
`)
	var id int64
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			if _, err := env.Client.Users.Get(context.Background(), id); !timecamp.IsNotFound(err) {
				return fmt.Errorf("user %d still in the account after destroy with delete_on_destroy (err %v)", id, err)
			}
			return nil
		},
		Steps: []resource.TestStep{
			{Config: cfg, Check: resource.ComposeAggregateTestCheckFunc(
				captureID("timecamp_user.temp", &id),
				resource.TestCheckResourceAttr("timecamp_user.temp", "delete_on_destroy", "true"),
			)},
			// Import cannot know delete_on_destroy (it lives in Terraform only) and sets false.
			importStep("timecamp_user.temp", "delete_on_destroy"),
		},
	})
}

// The emulator lists invited people 300 ms after the invite, like TimeCamp after a few seconds:
// creation polls until they appear.
func TestAccUser_inviteDelay(t *testing.T) {
	env := newEmulatorEnv(t, timecamptest.Options{InviteDelay: 300 * time.Millisecond})
	root := env.Emulator.RootGroupID()
	cfg := env.config(`
resource "timecamp_user" "late" {
  email        = "late@example.com"
  display_name = "Late Comer"
  role         = "guest"
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttrSet("timecamp_user.late", "user_id"),
					personIs(env, "timecamp_user.late", "late@example.com", "Late Comer", &root, timecamp.GroupRoleGuest),
					func(*terraform.State) error {
						// One invitation, and more than one look at the group before the person appeared.
						path := fmt.Sprintf("/group/%d/user", root)
						if n := env.Emulator.RequestCount("POST", path); n != 1 {
							return fmt.Errorf("%d invitations sent, want 1", n)
						}
						if n := env.Emulator.RequestCount("GET", path); n < 3 {
							return fmt.Errorf("group listed %d times, want several polls during the delay", n)
						}
						return nil
					},
				),
			},
			emptyPlanStep(cfg),
		},
	})
}

// A person who never appears (the emulator's delay is far beyond the wait) fails creation with a
// message that names the address, and leaves nothing in state.
func TestAccUser_neverAppears(t *testing.T) {
	env := newEmulatorEnv(t, timecamptest.Options{InviteDelay: time.Hour})
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: env.config(`
resource "timecamp_user" "ghost" {
  email = "ghost@example.com"
}
`),
				ExpectError: regexp.MustCompile(`(?s)Unable to create user.*accepted the invitation of\s+"ghost@example.com".*did\s+not\s+list\s+the\s+person\s+within.*no user with e-mail\s+"ghost@example.com"\s+appeared in group \d+ after`),
			},
		},
	})
}

// Case only: a configuration that differs from state (or from TimeCamp) in letter case plans nothing.
func TestAccUser_emailCase(t *testing.T) {
	env := newAccEnv(t)
	mixed := env.config(`
resource "timecamp_user" "ann" {
  email = "Ann.Case@Example.COM"
}
`)
	lower := env.config(`
resource "timecamp_user" "ann" {
  email = "ann.case@example.com"
}
`)
	var id int64
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{Config: mixed, Check: resource.ComposeAggregateTestCheckFunc(
				captureID("timecamp_user.ann", &id),
				resource.TestCheckResourceAttr("timecamp_user.ann", "email", "Ann.Case@Example.COM"),
			)},
			emptyPlanStep(lower),
			emptyPlanStep(mixed),
			// TimeCamp's copy changes case outside Terraform: still nothing to do.
			{
				PreConfig: func() {
					if err := env.Client.Users.Update(context.Background(), id, timecamp.UserUpdate{Email: timecamp.Set("ANN.CASE@EXAMPLE.COM")}); err != nil {
						t.Fatal(err)
					}
				},
				Config:             lower,
				ConfigPlanChecks:   resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
				Check:              resource.TestCheckResourceAttr("timecamp_user.ann", "email", "Ann.Case@Example.COM"),
				ExpectNonEmptyPlan: false,
			},
			// A different address is a different person.
			{
				Config: env.config(`
resource "timecamp_user" "ann" {
  email = "ann.other@example.com"
}
`),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("timecamp_user.ann", plancheck.ResourceActionDestroyBeforeCreate),
				}},
			},
		},
	})
}

// An address that already belongs to someone (here deactivated, in another group) is taken over:
// same user id, reactivated, moved and given the configured role.
func TestAccUser_takesOverExisting(t *testing.T) {
	env := newAccEnv(t)
	existing := seedUser(t, env, "carol@example.com", "Carol")
	ctx := context.Background()
	eng := seedGroup(t, env, "Engineering")
	root, _ := env.Client.Users.RootGroupID(ctx)
	if _, err := env.Client.Users.Move(ctx, root, existing, eng); err != nil {
		t.Fatal(err)
	}
	if err := env.Client.Users.SetDisabled(ctx, existing, true); err != nil {
		t.Fatal(err)
	}
	cfg := env.config(`
resource "timecamp_user" "carol" {
  email = "CAROL@example.com"
  role  = "administrator"
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					sameID("timecamp_user.carol", &existing),
					resource.TestCheckResourceAttr("timecamp_user.carol", "display_name", "Carol"),
					resource.TestCheckResourceAttr("timecamp_user.carol", "email", "CAROL@example.com"),
					personIs(env, "timecamp_user.carol", "carol@example.com", "Carol", &root, timecamp.GroupRoleAdministrator),
				),
			},
			emptyPlanStep(cfg),
		},
	})
}

func TestAccUser_badInput(t *testing.T) {
	env := newAccEnv(t)
	valid := env.config(`
resource "timecamp_user" "x" {
  email = "x@example.com"
}
`)
	planOnly := func(hcl, want string) resource.TestStep {
		return resource.TestStep{Config: env.config(hcl), PlanOnly: true, ExpectError: regexp.MustCompile(want)}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			planOnly(`
resource "timecamp_user" "x" {
  email = "not an email"
}`, `(?s)Attribute email must be an e-mail address`),
			planOnly(`
resource "timecamp_user" "x" {
  email = "x@example.com"
  role  = "owner"
}`, `(?s)Attribute role value must be one of:.*"administrator".*"supervisor".*"user".*"guest"`),
			planOnly(`
resource "timecamp_user" "x" {
  email    = "x@example.com"
  group_id = 0
}`, `(?s)Attribute group_id value must be at least 1`),
			planOnly(`
resource "timecamp_user" "x" {
  email        = "x@example.com"
  display_name = ""
}`, `(?s)Attribute display_name must not be empty`),
			planOnly(`
resource "timecamp_user" "x" {
  email        = "x@example.com"
  display_name = "   "
}`, `(?s)Attribute display_name must not be only white space, got "   "`),
			// A group TimeCamp refuses (here: one that does not exist) is an API error naming it.
			{
				Config: env.config(`
resource "timecamp_user" "x" {
  email    = "x@example.com"
  group_id = 424242
}`),
				ExpectError: regexp.MustCompile(`(?s)Unable to create user.*Inviting "x@example.com" into group 424242.*You cannot\s+invite\s+people\s+to\s+this\s+group`),
			},
			{Config: valid},
			{
				ResourceName:  "timecamp_user.x",
				ImportState:   true,
				ImportStateId: "ann@example.com",
				ExpectError:   regexp.MustCompile(`Import a user by its TimeCamp id`),
			},
		},
	})
}
