package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

// directRoles reads the direct assignments of a task from TimeCamp: user id -> task role.
func directRoles(env *accEnv, taskID int64) (map[int64]int64, error) {
	list, err := env.Client.TaskUsers.List(context.Background(), taskID)
	if err != nil {
		return nil, err
	}
	out := map[int64]int64{}
	for _, u := range list.Users {
		if row, ok := list.Direct(taskID, int64(u.UserID)); ok {
			out[int64(row.UserID)] = int64(row.RoleID)
		}
	}
	return out, nil
}

// taskUsersAre checks in TimeCamp that the task behind taskName has exactly these direct
// assignments (user id pointer -> role).
func taskUsersAre(env *accEnv, taskName string, want map[*int64]int64) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		taskID, err := stateID(s, taskName)
		if err != nil {
			return err
		}
		got, err := directRoles(env, taskID)
		if err != nil {
			return err
		}
		wantIDs := map[int64]int64{}
		for id, role := range want {
			wantIDs[*id] = role
		}
		if fmt.Sprint(got) != fmt.Sprint(wantIDs) {
			return fmt.Errorf("direct assignments of task %d = %v, want %v", taskID, got, wantIDs)
		}
		return nil
	}
}

func TestAccTaskUser_lifecycle(t *testing.T) {
	env := newAccEnv(t)
	ann := seedUser(t, env, "ann@example.com", "Ann")
	bob := seedUser(t, env, "bob@example.com", "Bob")
	me, err := env.Client.Me.Get(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	admin := int64(me.UserID)
	cfg := func(bobRole int64) string {
		return env.config(fmt.Sprintf(`
resource "timecamp_task" "project" {
  name = "Website"
}

resource "timecamp_task_user" "ann" {
  task_id = timecamp_task.project.id
  user_id = %d
}

resource "timecamp_task_user" "bob" {
  task_id = timecamp_task.project.id
  user_id = %d
  role_id = %d
}
`, ann, bob, bobRole))
	}
	create, update := cfg(timecamp.TaskRoleProjectManager), cfg(timecamp.TaskRoleGuest)
	var projectID int64

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			// Both direct assignments are gone; the one made outside Terraform stays.
			got, err := directRoles(env, projectID)
			if err != nil {
				return err
			}
			if len(got) != 1 || got[admin] != timecamp.TaskRoleRegularUser {
				return fmt.Errorf("after destroy the task's direct assignments are %v, want only %d (made outside Terraform)", got, admin)
			}
			return nil
		},
		Steps: []resource.TestStep{
			// Two assignments on one task in one run.
			{
				Config: create,
				Check: resource.ComposeAggregateTestCheckFunc(
					captureID("timecamp_task.project", &projectID),
					func(s *terraform.State) error {
						return resource.TestCheckResourceAttr("timecamp_task_user.ann", "id", fmt.Sprintf("%d:%d", projectID, ann))(s)
					},
					resource.TestCheckResourceAttrPair("timecamp_task_user.ann", "task_id", "timecamp_task.project", "id"),
					resource.TestCheckResourceAttr("timecamp_task_user.ann", "user_id", strconv.FormatInt(ann, 10)),
					resource.TestCheckResourceAttr("timecamp_task_user.ann", "role_id", "3"),
					resource.TestCheckResourceAttr("timecamp_task_user.bob", "role_id", "1"),
					taskUsersAre(env, "timecamp_task.project", map[*int64]int64{&ann: 3, &bob: 1}),
				),
			},
			importStep("timecamp_task_user.ann"),
			importStep("timecamp_task_user.bob"),
			emptyPlanStep(create),
			{
				Config: update,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("timecamp_task_user.bob", plancheck.ResourceActionUpdate),
					plancheck.ExpectResourceAction("timecamp_task_user.ann", plancheck.ResourceActionNoop),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("timecamp_task_user.bob", "role_id", "4"),
					taskUsersAre(env, "timecamp_task.project", map[*int64]int64{&ann: 3, &bob: 4}),
				),
			},
			emptyPlanStep(update),
			// Someone else assigned outside Terraform: not ours, nothing planned.
			{
				PreConfig: func() {
					if err := env.Client.TaskUsers.Assign(context.Background(), projectID, timecamp.TaskRoleRegularUser, admin); err != nil {
						t.Fatal(err)
					}
				},
				Config:           update,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()}},
			},
			// Role changed outside Terraform -> update.
			outOfBandStep(t, update, "timecamp_task_user.ann", plancheck.ResourceActionUpdate, func(ctx context.Context) error {
				return env.Client.TaskUsers.Assign(ctx, projectID, timecamp.TaskRoleProjectManager, ann)
			}),
			{Config: update, Check: taskUsersAre(env, "timecamp_task.project", map[*int64]int64{&ann: 3, &bob: 4, &admin: 3})},
			// Unassigned outside Terraform -> assigned again.
			outOfBandStep(t, update, "timecamp_task_user.bob", plancheck.ResourceActionCreate, func(ctx context.Context) error {
				return env.Client.TaskUsers.Unassign(ctx, projectID, bob)
			}),
			{Config: update, Check: taskUsersAre(env, "timecamp_task.project", map[*int64]int64{&ann: 3, &bob: 4, &admin: 3})},
			// Removing one assignment leaves the other (and the outside one) alone.
			{
				Config: env.config(fmt.Sprintf(`
resource "timecamp_task" "project" {
  name = "Website"
}

resource "timecamp_task_user" "ann" {
  task_id = timecamp_task.project.id
  user_id = %d
}
`, ann)),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("timecamp_task_user.bob", plancheck.ResourceActionDestroy),
					plancheck.ExpectResourceAction("timecamp_task_user.ann", plancheck.ResourceActionNoop),
				}},
				Check: taskUsersAre(env, "timecamp_task.project", map[*int64]int64{&ann: 3, &admin: 3}),
			},
		},
	})
}

// People and their assignments declared together: the invitation, then both assignments, in one
// apply; a task deleted outside Terraform drops its assignments from state.
func TestAccTaskUser_withInvitedUsers(t *testing.T) {
	env := newAccEnv(t)
	cfg := env.config(`
resource "timecamp_task" "project" {
  name              = "Mobile app"
  delete_on_destroy = true
}

resource "timecamp_user" "dev1" {
  email = "dev1@example.com"
}

resource "timecamp_user" "dev2" {
  email = "dev2@example.com"
}

resource "timecamp_task_user" "dev1" {
  task_id = timecamp_task.project.id
  user_id = timecamp_user.dev1.user_id
  role_id = 1
}

resource "timecamp_task_user" "dev2" {
  task_id = timecamp_task.project.id
  user_id = timecamp_user.dev2.user_id
  role_id = 1
}
`)
	var projectID int64
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					captureID("timecamp_task.project", &projectID),
					resource.TestCheckResourceAttr("timecamp_task_user.dev1", "role_id", "1"),
					func(s *terraform.State) error {
						got, err := directRoles(env, projectID)
						if err != nil {
							return err
						}
						for _, key := range []string{"dev1", "dev2"} {
							id, err := stateID(s, "timecamp_user."+key)
							if err != nil {
								return err
							}
							if got[id] != timecamp.TaskRoleProjectManager {
								return fmt.Errorf("user %d (%s) not assigned as project manager: %v", id, key, got)
							}
						}
						return nil
					},
				),
			},
			emptyPlanStep(cfg),
			// The task is deleted outside Terraform: its assignments are gone too, and are planned again.
			{
				PreConfig: func() {
					if err := env.Client.Tasks.Remove(context.Background(), projectID); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction("timecamp_task.project", plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction("timecamp_task_user.dev1", plancheck.ResourceActionCreate),
					plancheck.ExpectResourceAction("timecamp_task_user.dev2", plancheck.ResourceActionCreate),
				}},
			},
			emptyPlanStep(cfg),
		},
	})
}

func TestAccTaskUser_badInput(t *testing.T) {
	env := newAccEnv(t)
	ann := seedUser(t, env, "ann@example.com", "")
	project := env.config(`
resource "timecamp_task" "project" {
  name = "Website"
}
`)
	withAssignment := func(userID int64, role string) string {
		return project + fmt.Sprintf(`
resource "timecamp_task_user" "x" {
  task_id = timecamp_task.project.id
  user_id = %d
  %s
}
`, userID, role)
	}
	importBad := func(id string) resource.TestStep {
		return resource.TestStep{
			Config:        withAssignment(ann, ""),
			ResourceName:  "timecamp_task_user.x",
			ImportState:   true,
			ImportStateId: id,
			ExpectError:   regexp.MustCompile(`Import a task assignment as <task_id>:<user_id>`),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{Config: withAssignment(ann, "role_id = 0"), PlanOnly: true, ExpectError: regexp.MustCompile(`Attribute role_id value must be at least 1`)},
			{Config: project},
			{Config: withAssignment(999999, ""), ExpectError: regexp.MustCompile(`(?s)Unable to create task assignment.*TimeCamp has no user\s+999999`)},
			{Config: withAssignment(ann, "role_id = 2"), ExpectError: regexp.MustCompile(`(?s)Unable to create task assignment.*Check role_id against\s+the\s+timecamp_roles\s+data\s+source.*Role\s+2\s+does\s+not\s+exist`)},
			// The failed steps left nothing behind: only the project is in state.
			{
				Config: project,
				Check: func(s *terraform.State) error {
					for name := range s.RootModule().Resources {
						if strings.HasPrefix(name, "timecamp_task_user.") {
							return fmt.Errorf("%s in state after a failed create", name)
						}
					}
					return nil
				},
			},
			{Config: withAssignment(ann, "")},
			importBad("12345"),
			importBad("abc:1"),
			importBad("1:2:3"),
			importBad("1:"),
		},
	})
}
