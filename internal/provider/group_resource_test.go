package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

// A tree three levels below the root (levels 2, 3 and 4), and a second top-level group to move into.
const groupTreeConfig = `
resource "timecamp_group" "top" {
  name = "Engineering"
}

resource "timecamp_group" "mid" {
  name      = "Platform"
  parent_id = timecamp_group.top.id
}

resource "timecamp_group" "leaf" {
  name      = %q
  parent_id = %s
}

resource "timecamp_group" "other" {
  name = "Sales"
}
`

func groupTree(leafName, leafParent string) string {
	return fmt.Sprintf(groupTreeConfig, leafName, leafParent)
}

func TestAccGroupResource_lifecycle(t *testing.T) {
	env := newAccEnv(t)
	ctx := context.Background()
	me, err := env.Client.Me.Get(ctx)
	if err != nil {
		t.Fatalf("GET /me: %v", err)
	}
	root := strconv.FormatInt(int64(me.RootGroupID), 10)

	created := env.config(groupTree("SRE", "timecamp_group.mid.id"))
	renamed := env.config(groupTree("Site Reliability", "timecamp_group.mid.id"))
	moved := env.config(groupTree("Site Reliability", "timecamp_group.other.id"))

	var topID, leafID, otherID int64
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             checkGroupsDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config: created,
				Check: resource.ComposeAggregateTestCheckFunc(
					captureID("timecamp_group.top", &topID),
					captureID("timecamp_group.leaf", &leafID),
					captureID("timecamp_group.other", &otherID),
					resource.TestCheckResourceAttr("timecamp_group.top", "name", "Engineering"),
					resource.TestCheckResourceAttr("timecamp_group.top", "parent_id", root),
					resource.TestCheckResourceAttr("timecamp_group.top", "root_group_id", root),
					resource.TestCheckResourceAttrPair("timecamp_group.mid", "parent_id", "timecamp_group.top", "id"),
					resource.TestCheckResourceAttrPair("timecamp_group.leaf", "parent_id", "timecamp_group.mid", "id"),
					resource.TestCheckResourceAttr("timecamp_group.leaf", "name", "SRE"),
					resource.TestCheckResourceAttr("timecamp_group.leaf", "root_group_id", root),
					resource.TestCheckResourceAttr("timecamp_group.other", "parent_id", root),
					checkGroupInAPI(env, "timecamp_group.top", "Engineering", "", int64(me.RootGroupID)),
					checkGroupInAPI(env, "timecamp_group.mid", "Platform", "timecamp_group.top", 0),
					checkGroupInAPI(env, "timecamp_group.leaf", "SRE", "timecamp_group.mid", 0),
					checkGroupInAPI(env, "timecamp_group.other", "Sales", "", int64(me.RootGroupID)),
				),
			},
			// Nothing ignored: every attribute is read back from GET /group (and root_group_id from the tree).
			importStep("timecamp_group.top"),
			importStep("timecamp_group.mid"),
			importStep("timecamp_group.leaf"),
			{
				Config: renamed,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("timecamp_group.leaf", plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkIDUnchanged("timecamp_group.leaf", &leafID),
					resource.TestCheckResourceAttr("timecamp_group.leaf", "name", "Site Reliability"),
					checkGroupInAPI(env, "timecamp_group.leaf", "Site Reliability", "timecamp_group.mid", 0),
				),
			},
			{
				Config: moved,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("timecamp_group.leaf", plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkIDUnchanged("timecamp_group.leaf", &leafID),
					resource.TestCheckResourceAttrPair("timecamp_group.leaf", "parent_id", "timecamp_group.other", "id"),
					checkGroupInAPI(env, "timecamp_group.leaf", "Site Reliability", "timecamp_group.other", 0),
				),
			},
			emptyPlanStep(moved),
			importStep("timecamp_group.leaf"),
			outOfBandStep(t, moved, "timecamp_group.leaf", plancheck.ResourceActionUpdate, func(ctx context.Context) error {
				return env.Client.Groups.Update(ctx, leafID, timecamp.GroupUpdate{Name: timecamp.Set("Renamed in TimeCamp")})
			}),
			{
				// The apply of the step above put the name back.
				Config: moved,
				Check:  checkGroupInAPI(env, "timecamp_group.leaf", "Site Reliability", "timecamp_group.other", 0),
			},
			// parent_id left out means the root group on every plan: a move made in TimeCamp is drift.
			outOfBandStep(t, moved, "timecamp_group.other", plancheck.ResourceActionUpdate, func(ctx context.Context) error {
				return env.Client.Groups.Update(ctx, otherID, timecamp.GroupUpdate{ParentID: timecamp.Set(topID)})
			}),
			{
				Config: moved,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("timecamp_group.other", "parent_id", root),
					checkGroupInAPI(env, "timecamp_group.other", "Sales", "", int64(me.RootGroupID)),
				),
			},
			outOfBandStep(t, moved, "timecamp_group.leaf", plancheck.ResourceActionCreate, func(ctx context.Context) error {
				return env.Client.Groups.Delete(ctx, leafID)
			}),
			{
				Config: moved,
				Check: resource.ComposeAggregateTestCheckFunc(
					func(s *terraform.State) error {
						id, err := stateID(s, "timecamp_group.leaf")
						if err != nil {
							return err
						}
						if id == leafID {
							return fmt.Errorf("leaf still has the id %d of the group deleted outside Terraform", id)
						}
						return nil
					},
					checkGroupInAPI(env, "timecamp_group.leaf", "Site Reliability", "timecamp_group.other", 0),
				),
			},
			emptyPlanStep(moved),
		},
	})
}

// Removing parent_id from the configuration moves the group back under the root group, in place.
func TestAccGroupResource_parentOmittedMeansRoot(t *testing.T) {
	env := newAccEnv(t)
	var childID int64
	underParent := env.config(`
resource "timecamp_group" "parent" {
  name = "Finance"
}

resource "timecamp_group" "child" {
  name      = "Payroll"
  parent_id = timecamp_group.parent.id
}
`)
	atRoot := env.config(`
resource "timecamp_group" "parent" {
  name = "Finance"
}

resource "timecamp_group" "child" {
  name = "Payroll"
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             checkGroupsDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config: underParent,
				Check: resource.ComposeAggregateTestCheckFunc(
					captureID("timecamp_group.child", &childID),
					checkGroupInAPI(env, "timecamp_group.child", "Payroll", "timecamp_group.parent", 0),
				),
			},
			{
				Config: atRoot,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("timecamp_group.child", plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkIDUnchanged("timecamp_group.child", &childID),
					resource.TestCheckResourceAttrPair("timecamp_group.child", "parent_id", "timecamp_group.child", "root_group_id"),
					checkGroupInAPI(env, "timecamp_group.child", "Payroll", "timecamp_group.child.root", 0),
				),
			},
			emptyPlanStep(atRoot),
		},
	})
}

func TestAccGroupResource_fifthLevel(t *testing.T) {
	env := newAccEnv(t)
	fourLevels := `
resource "timecamp_group" "l2" {
  name = "Level 2"
}

resource "timecamp_group" "l3" {
  name      = "Level 3"
  parent_id = timecamp_group.l2.id
}

resource "timecamp_group" "l4" {
  name      = "Level 4"
  parent_id = timecamp_group.l3.id
}
`
	fiveLevels := fourLevels + `
resource "timecamp_group" "l5" {
  name      = "Level 5"
  parent_id = timecamp_group.l4.id
}
`
	var l2, l3, l4 int64
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             checkGroupsDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config: env.config(fourLevels),
				Check: resource.ComposeAggregateTestCheckFunc(
					captureID("timecamp_group.l2", &l2),
					captureID("timecamp_group.l3", &l3),
					captureID("timecamp_group.l4", &l4),
					checkGroupInAPI(env, "timecamp_group.l4", "Level 4", "timecamp_group.l3", 0),
				),
			},
			{
				Config: env.config(fiveLevels),
				// Refused at plan time: l4's id is known, and the tree shows its level.
				ExpectError: regexp.MustCompile(`(?s)Invalid parent group.*parent_id.*would\s+be\s+at\s+level\s+5.*TimeCamp\s+allows\s+4\s+levels.*at\s+level\s+1\s+to\s+3\s+\(a\s+group\s+at\s+level\s+4\s+cannot\s+have\s+subgroups\)`),
			},
			{
				// The three groups made before are still in state, unchanged, and no fifth was made.
				Config: env.config(fourLevels),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkIDUnchanged("timecamp_group.l2", &l2),
					checkIDUnchanged("timecamp_group.l3", &l3),
					checkIDUnchanged("timecamp_group.l4", &l4),
					func(*terraform.State) error {
						groups, err := env.Client.Groups.List(context.Background())
						if err != nil {
							return err
						}
						for _, g := range groups {
							if g.Name == "Level 5" {
								return fmt.Errorf("group %d %q exists in TimeCamp after the failed create", g.GroupID, g.Name)
							}
						}
						return nil
					},
				),
			},
			{
				// A move that would push a subtree below level 4 fails the same way, in place.
				Config: env.config(fourLevels + `
resource "timecamp_group" "pair_top" {
  name = "Pair top"
}

resource "timecamp_group" "pair_bottom" {
  name      = "Pair bottom"
  parent_id = timecamp_group.pair_top.id
}
`),
			},
			{
				Config: env.config(fourLevels + `
resource "timecamp_group" "pair_top" {
  name      = "Pair top"
  parent_id = timecamp_group.l3.id
}

resource "timecamp_group" "pair_bottom" {
  name      = "Pair bottom"
  parent_id = timecamp_group.pair_top.id
}
`),
				ExpectError: regexp.MustCompile(`(?s)Invalid parent group.*parent_id.*at\s+level\s+4\s+and\s+its\s+deepest\s+subgroup\s+at\s+level\s+5.*TimeCamp\s+allows\s+4\s+levels`),
			},
		},
	})
}

func TestAccGroupResource_invalidName(t *testing.T) {
	env := newAccEnv(t)
	named := func(name string) string {
		return env.config(fmt.Sprintf(`
resource "timecamp_group" "g" {
  name = %q
}
`, name))
	}
	var id int64
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             checkGroupsDestroyed(env),
		Steps: []resource.TestStep{
			{
				Config:      named(""),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Invalid name.*The\s+name\s+is\s+empty;\s+TimeCamp\s+requires\s+a\s+name\.`),
			},
			{
				Config: named("Support"),
				Check:  captureID("timecamp_group.g", &id),
			},
			{
				Config:      named(""),
				ExpectError: regexp.MustCompile(`(?s)Invalid name.*The\s+name\s+is\s+empty;\s+TimeCamp\s+requires\s+a\s+name\.`),
			},
			{
				Config:      named(" Support"),
				ExpectError: regexp.MustCompile(`(?s)Invalid name.*white\s+space`),
			},
			{
				Config: env.config(`
resource "timecamp_group" "g" {
  name      = "Support"
  parent_id = 0
}
`),
				ExpectError: regexp.MustCompile(`(?s)parent_id.*at\s+least\s+1`),
			},
			{
				// The failed plans changed nothing.
				Config: named("Support"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkIDUnchanged("timecamp_group.g", &id),
					checkGroupInAPI(env, "timecamp_group.g", "Support", "timecamp_group.g.root", 0),
				),
			},
		},
	})
}

func TestAccGroupResource_importInvalidID(t *testing.T) {
	env := newAccEnv(t)
	cfg := env.config(`
resource "timecamp_group" "g" {
  name = "Imported"
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:        cfg,
				ResourceName:  "timecamp_group.g",
				ImportState:   true,
				ImportStateId: "engineering",
				ExpectError:   regexp.MustCompile(`(?s)Invalid import ID.*group`),
			},
		},
	})
}

func TestAccGroupResource_importRootRefused(t *testing.T) {
	env := newAccEnv(t)
	me, err := env.Client.Me.Get(context.Background())
	if err != nil {
		t.Fatalf("GET /me: %v", err)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: env.config(`
resource "timecamp_group" "root" {
  name = "Organisation"
}
`),
				ResourceName:  "timecamp_group.root",
				ImportState:   true,
				ImportStateId: strconv.FormatInt(int64(me.RootGroupID), 10),
				ExpectError:   regexp.MustCompile(`(?s)Unable to manage the root group.*root_group_id`),
			},
		},
	})
}

// checkGroupInAPI reads the group in state name from TimeCamp and compares its name and parent.
// The parent is either parentRes's id, parentRes+".root" for the group's own root_group_id, or
// parentID when parentRes is "".
func checkGroupInAPI(env *accEnv, name, wantName, parentRes string, parentID int64) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := stateID(s, name)
		if err != nil {
			return err
		}
		wantParent := parentID
		switch {
		case parentRes == name+".root":
			wantParent, err = strconv.ParseInt(s.RootModule().Resources[name].Primary.Attributes["root_group_id"], 10, 64)
		case parentRes != "":
			wantParent, err = stateID(s, parentRes)
		}
		if err != nil {
			return err
		}
		g, err := env.Client.Groups.Get(context.Background(), id)
		if err != nil {
			return fmt.Errorf("%s (group %d) in TimeCamp: %w", name, id, err)
		}
		if string(g.Name) != wantName || int64(g.ParentID) != wantParent {
			return fmt.Errorf("%s: TimeCamp has group %d %q under %d, want %q under %d", name, id, g.Name, g.ParentID, wantName, wantParent)
		}
		return nil
	}
}

// checkIDUnchanged fails when name's id differs from *want (the object was replaced, not updated).
func checkIDUnchanged(name string, want *int64) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := stateID(s, name)
		if err != nil {
			return err
		}
		if id != *want {
			return fmt.Errorf("%s has id %d, want %d: it was replaced instead of updated in place", name, id, *want)
		}
		return nil
	}
}

// checkGroupsDestroyed checks that every group that was in state is gone from TimeCamp.
func checkGroupsDestroyed(env *accEnv) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for name, rs := range s.RootModule().Resources {
			if rs.Type != "timecamp_group" {
				continue
			}
			id, err := parseID(rs.Primary.ID)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			g, err := env.Client.Groups.Get(context.Background(), id)
			switch {
			case err == nil:
				return fmt.Errorf("%s: group %d %q still exists in TimeCamp after destroy", name, id, g.Name)
			case !timecamp.IsNotFound(err):
				return fmt.Errorf("%s: checking group %d after destroy: %w", name, id, err)
			}
		}
		return nil
	}
}
