package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

// checkTask reads the task behind name from TimeCamp (not from state) and runs check on it.
func checkTask(env *accEnv, name string, check func(t *timecamp.Task) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := stateID(s, name)
		if err != nil {
			return err
		}
		task, err := env.Client.Tasks.Get(context.Background(), id)
		if err != nil {
			return fmt.Errorf("%s (task %d) in TimeCamp: %w", name, id, err)
		}
		if err := check(task); err != nil {
			return fmt.Errorf("%s (task %d) in TimeCamp: %w", name, id, err)
		}
		return nil
	}
}

// taskParentIs checks in TimeCamp that child sits under parent ("" for the root).
func taskParentIs(env *accEnv, child, parent string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		want := int64(0)
		if parent != "" {
			id, err := stateID(s, parent)
			if err != nil {
				return err
			}
			want = id
		}
		return checkTask(env, child, func(t *timecamp.Task) error {
			if int64(t.ParentID) != want {
				return fmt.Errorf("parent_id = %d, want %d", t.ParentID, want)
			}
			return nil
		})(s)
	}
}

func nullText(field string, v timecamp.NullString) error {
	if v.Valid && v.Value != "" {
		return fmt.Errorf("%s = %q, want it cleared", field, v.Value)
	}
	return nil
}

const taskConfigCreate = `
resource "timecamp_task" "project" {
  name               = "Website"
  note               = "Client website, phase 1"
  keywords           = "IT, R&D"
  external_task_id   = "jira-100"
  external_parent_id = "jira-1"
  billable           = true
  budget_unit        = "hours"
  budget             = 1.5
  archived           = false
  delete_on_destroy  = false
}

resource "timecamp_task" "other" {
  name        = "Internal"
  billable    = false
  budget_unit = "fee"
  budget      = 2500
}

resource "timecamp_task" "design" {
  name      = "Design"
  parent_id = timecamp_task.project.id
  note      = "Mockups"
  budget    = 0.1
}

resource "timecamp_task" "logo" {
  name      = "Logo"
  parent_id = timecamp_task.design.id
  keywords  = ""
  budget    = 20/60
}
`

// The same tasks changed in place: project renamed, note removed (cleared), budget changed,
// billable off; design archived and moved under other; logo moved to the root.
const taskConfigUpdate = `
resource "timecamp_task" "project" {
  name               = "Website 2026"
  keywords           = "IT, R&D"
  external_task_id   = "jira-100"
  external_parent_id = "jira-1"
  billable           = false
  budget             = 2
}

resource "timecamp_task" "other" {
  name        = "Internal"
  billable    = false
  budget_unit = "fee"
  budget      = 2500
}

resource "timecamp_task" "design" {
  name      = "Design"
  parent_id = timecamp_task.other.id
  note      = "Mockups"
  budget    = 0.1
  archived  = true
}

resource "timecamp_task" "logo" {
  name     = "Logo"
  keywords = ""
  budget   = 20/60
}
`

func TestAccTask_lifecycle(t *testing.T) {
	env := newAccEnv(t)
	create := env.config(taskConfigCreate)
	update := env.config(taskConfigUpdate)
	var projectID, otherID, logoID int64

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy: func(s *terraform.State) error {
			// Default destroy archives: every task still exists in TimeCamp, archived.
			for _, name := range []string{"timecamp_task.project", "timecamp_task.other", "timecamp_task.design", "timecamp_task.logo"} {
				if err := checkTask(env, name, func(task *timecamp.Task) error {
					if !bool(task.Archived) {
						return fmt.Errorf("not archived after destroy")
					}
					return nil
				})(s); err != nil {
					return err
				}
			}
			return nil
		},
		Steps: []resource.TestStep{
			// Create with every attribute set.
			{
				Config: create,
				Check: resource.ComposeAggregateTestCheckFunc(
					captureID("timecamp_task.project", &projectID),
					captureID("timecamp_task.other", &otherID),
					resource.TestCheckResourceAttrSet("timecamp_task.project", "id"),
					resource.TestCheckResourceAttr("timecamp_task.project", "name", "Website"),
					resource.TestCheckNoResourceAttr("timecamp_task.project", "parent_id"),
					resource.TestCheckResourceAttr("timecamp_task.project", "note", "Client website, phase 1"),
					resource.TestCheckResourceAttr("timecamp_task.project", "keywords", "IT, R&D"),
					resource.TestCheckResourceAttr("timecamp_task.project", "external_task_id", "jira-100"),
					resource.TestCheckResourceAttr("timecamp_task.project", "external_parent_id", "jira-1"),
					resource.TestCheckResourceAttr("timecamp_task.project", "billable", "true"),
					resource.TestCheckResourceAttr("timecamp_task.project", "budget_unit", "hours"),
					resource.TestCheckResourceAttr("timecamp_task.project", "budget", "1.5"),
					resource.TestCheckResourceAttr("timecamp_task.project", "archived", "false"),
					resource.TestCheckResourceAttr("timecamp_task.project", "delete_on_destroy", "false"),
					resource.TestCheckResourceAttr("timecamp_task.project", "level", "1"),
					resource.TestCheckResourceAttr("timecamp_task.project", "color", "#34C644"),
					resource.TestCheckResourceAttrSet("timecamp_task.project", "root_group_id"),
					resource.TestCheckResourceAttr("timecamp_task.other", "billable", "false"),
					resource.TestCheckResourceAttr("timecamp_task.other", "budget_unit", "fee"),
					resource.TestCheckResourceAttr("timecamp_task.other", "budget", "2500"),
					resource.TestCheckResourceAttrPair("timecamp_task.design", "parent_id", "timecamp_task.project", "id"),
					resource.TestCheckResourceAttr("timecamp_task.design", "level", "2"),
					resource.TestCheckResourceAttr("timecamp_task.design", "budget", "0.1"),
					resource.TestCheckResourceAttr("timecamp_task.design", "billable", "true"),
					resource.TestCheckNoResourceAttr("timecamp_task.design", "keywords"),
					resource.TestCheckResourceAttrPair("timecamp_task.logo", "parent_id", "timecamp_task.design", "id"),
					resource.TestCheckResourceAttr("timecamp_task.logo", "level", "3"),
					resource.TestCheckResourceAttr("timecamp_task.logo", "keywords", ""), // "" kept apart from null
					resource.TestCheckNoResourceAttr("timecamp_task.logo", "note"),
					checkTask(env, "timecamp_task.project", func(task *timecamp.Task) error {
						switch {
						case task.Name != "Website":
							return fmt.Errorf("name = %q", task.Name)
						case task.ParentID != 0:
							return fmt.Errorf("parent_id = %d, want 0 (root)", task.ParentID)
						case task.Budgeted != 5400 || task.BudgetUnit != "hours":
							return fmt.Errorf("budget = %d %s, want 5400 seconds (1.5 h)", task.Budgeted, task.BudgetUnit)
						case !bool(task.Billable):
							return fmt.Errorf("not billable")
						case task.Keywords.Value != "IT, R&D":
							return fmt.Errorf("keywords = %q", task.Keywords.Value)
						case task.ExternalTaskID.Value != "jira-100" || task.ExternalParentID.Value != "jira-1":
							return fmt.Errorf("external ids = %q, %q", task.ExternalTaskID.Value, task.ExternalParentID.Value)
						case task.Note.Value != "Client website, phase 1":
							return fmt.Errorf("note = %q", task.Note.Value)
						case bool(task.Archived):
							return fmt.Errorf("archived")
						}
						return nil
					}),
					checkTask(env, "timecamp_task.other", func(task *timecamp.Task) error {
						if task.Budgeted != 2500 || task.BudgetUnit != "fee" || bool(task.Billable) {
							return fmt.Errorf("budget = %d %s, billable %v; want 2500 fee, not billable", task.Budgeted, task.BudgetUnit, task.Billable)
						}
						return nil
					}),
					checkTask(env, "timecamp_task.design", func(task *timecamp.Task) error {
						if task.Budgeted != 360 {
							return fmt.Errorf("budgeted = %d, want 360 seconds (0.1 h)", task.Budgeted)
						}
						return nil
					}),
					checkTask(env, "timecamp_task.logo", func(task *timecamp.Task) error {
						if task.Budgeted != 1200 || task.Level != 3 {
							return fmt.Errorf("budgeted = %d level %d, want 1200 seconds (20/60 h) at level 3", task.Budgeted, task.Level)
						}
						return nil
					}),
					taskParentIs(env, "timecamp_task.design", "timecamp_task.project"),
					taskParentIs(env, "timecamp_task.logo", "timecamp_task.design"),
					func(*terraform.State) error {
						// One request per create: the POST answer is the task, nothing is read back.
						if env.Emulator == nil {
							return nil
						}
						if n := env.Emulator.RequestCount("POST", "/tasks"); n != 4 {
							return fmt.Errorf("POST /tasks sent %d times, want 4", n)
						}
						return nil
					},
				),
			},
			// Import: every attribute, delete_on_destroy included (import sets its default, false).
			importStep("timecamp_task.project"),
			importStep("timecamp_task.other"),
			importStep("timecamp_task.design"),
			// Import cannot tell keywords = "" from no keywords: TimeCamp stores both as an empty text.
			// budget = 20/60 is kept in state as Terraform computed it (more digits than a float64);
			// import reads the float64 nearest to it (1200 s / 3600). The two are equal as float64, so
			// nothing is planned: the empty-plan steps below check that.
			importStep("timecamp_task.logo", "keywords", "budget"),
			emptyPlanStep(create),
			// Update in place.
			{
				Config: update,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("timecamp_task.project", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("timecamp_task.design", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("timecamp_task.logo", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("timecamp_task.other", plancheck.ResourceActionNoop),
					},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					func(s *terraform.State) error {
						if id, _ := stateID(s, "timecamp_task.project"); id != projectID {
							return fmt.Errorf("project id changed from %d to %d: replaced, not updated", projectID, id)
						}
						return nil
					},
					resource.TestCheckResourceAttr("timecamp_task.project", "name", "Website 2026"),
					resource.TestCheckNoResourceAttr("timecamp_task.project", "note"),
					resource.TestCheckResourceAttr("timecamp_task.project", "budget", "2"),
					resource.TestCheckResourceAttr("timecamp_task.project", "billable", "false"),
					resource.TestCheckResourceAttr("timecamp_task.design", "archived", "true"),
					resource.TestCheckResourceAttrPair("timecamp_task.design", "parent_id", "timecamp_task.other", "id"),
					resource.TestCheckResourceAttr("timecamp_task.design", "level", "2"),
					resource.TestCheckNoResourceAttr("timecamp_task.logo", "parent_id"),
					resource.TestCheckResourceAttr("timecamp_task.logo", "level", "1"),
					checkTask(env, "timecamp_task.project", func(task *timecamp.Task) error {
						switch {
						case task.Name != "Website 2026":
							return fmt.Errorf("name = %q", task.Name)
						case task.Budgeted != 7200:
							return fmt.Errorf("budgeted = %d, want 7200 seconds (2 h)", task.Budgeted)
						case bool(task.Billable):
							return fmt.Errorf("still billable")
						}
						return nullText("note", task.Note)
					}),
					checkTask(env, "timecamp_task.design", func(task *timecamp.Task) error {
						if !bool(task.Archived) {
							return fmt.Errorf("not archived")
						}
						return nil
					}),
					taskParentIs(env, "timecamp_task.design", "timecamp_task.other"),
					taskParentIs(env, "timecamp_task.logo", ""),
				),
			},
			emptyPlanStep(update),
			// Drift: renamed outside Terraform -> an update renames it back.
			outOfBandStep(t, update, "timecamp_task.project", plancheck.ResourceActionUpdate, func(ctx context.Context) error {
				_, err := env.Client.Tasks.Update(ctx, projectID, timecamp.TaskInput{Name: timecamp.Set("Renamed elsewhere")})
				return err
			}),
			{
				Config: update,
				Check: checkTask(env, "timecamp_task.project", func(task *timecamp.Task) error {
					if task.Name != "Website 2026" {
						return fmt.Errorf("name = %q after apply, want it restored", task.Name)
					}
					return nil
				}),
			},
			// Archived outside Terraform -> an update restores it (archived back to false).
			outOfBandStep(t, update, "timecamp_task.other", plancheck.ResourceActionUpdate, func(ctx context.Context) error {
				return env.Client.Tasks.Archive(ctx, otherID)
			}),
			{
				Config: update,
				Check: checkTask(env, "timecamp_task.other", func(task *timecamp.Task) error {
					if bool(task.Archived) {
						return fmt.Errorf("still archived after apply")
					}
					return nil
				}),
			},
			// Deleted outside Terraform -> created again.
			{
				Config: update,
				Check:  captureID("timecamp_task.logo", &logoID),
			},
			outOfBandStep(t, update, "timecamp_task.logo", plancheck.ResourceActionCreate, func(ctx context.Context) error {
				return env.Client.Tasks.Remove(ctx, logoID)
			}),
			{
				Config: update,
				Check: resource.ComposeAggregateTestCheckFunc(
					func(s *terraform.State) error {
						if id, _ := stateID(s, "timecamp_task.logo"); id == logoID {
							return fmt.Errorf("logo kept its removed id %d", id)
						}
						return nil
					},
					checkTask(env, "timecamp_task.logo", func(task *timecamp.Task) error {
						if task.Name != "Logo" || task.Budgeted != 1200 {
							return fmt.Errorf("recreated as %q with %d s", task.Name, task.Budgeted)
						}
						return nil
					}),
				),
			},
			emptyPlanStep(update),
		},
	})
}

func TestAccTask_deleteOnDestroy(t *testing.T) {
	env := newAccEnv(t)
	archiveCfg := env.config(`
resource "timecamp_task" "project" {
  name = "Temporary project"
}
resource "timecamp_task" "task" {
  name      = "Temporary task"
  parent_id = timecamp_task.project.id
}
`)
	deleteCfg := env.config(`
resource "timecamp_task" "project" {
  name              = "Temporary project"
  delete_on_destroy = true
}
resource "timecamp_task" "task" {
  name              = "Temporary task"
  parent_id         = timecamp_task.project.id
  delete_on_destroy = true
}
`)
	puts := 0
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy: func(s *terraform.State) error {
			for _, name := range []string{"timecamp_task.project", "timecamp_task.task"} {
				id, err := stateID(s, name)
				if err != nil {
					return err
				}
				_, err = env.Client.Tasks.Get(context.Background(), id)
				if !timecamp.IsNotFound(err) {
					return fmt.Errorf("%s (task %d) still in TimeCamp after destroy with delete_on_destroy = true (err %v)", name, id, err)
				}
			}
			return nil
		},
		Steps: []resource.TestStep{
			{
				Config: archiveCfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("timecamp_task.project", "delete_on_destroy", "false"),
					resource.TestCheckResourceAttr("timecamp_task.project", "budget", "0"),
					resource.TestCheckResourceAttr("timecamp_task.project", "budget_unit", "hours"),
					resource.TestCheckResourceAttr("timecamp_task.project", "billable", "true"),
					resource.TestCheckResourceAttr("timecamp_task.project", "archived", "false"),
					func(*terraform.State) error {
						if env.Emulator != nil {
							puts = env.Emulator.RequestCount("PUT", "/tasks")
						}
						return nil
					},
				),
			},
			// Opting into deletion is an update of Terraform state only: nothing is sent to TimeCamp.
			{
				Config: deleteCfg,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{
						plancheck.ExpectResourceAction("timecamp_task.project", plancheck.ResourceActionUpdate),
						plancheck.ExpectResourceAction("timecamp_task.task", plancheck.ResourceActionUpdate),
					},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("timecamp_task.project", "delete_on_destroy", "true"),
					resource.TestCheckResourceAttr("timecamp_task.task", "delete_on_destroy", "true"),
					func(*terraform.State) error {
						if env.Emulator == nil {
							return nil
						}
						if n := env.Emulator.RequestCount("PUT", "/tasks"); n != puts {
							return fmt.Errorf("PUT /tasks sent %d times for a Terraform-only change", n-puts)
						}
						return nil
					},
				),
			},
			emptyPlanStep(deleteCfg),
		},
	})
}

// A parent that does not exist fails at apply and leaves state and TimeCamp as they were.
func TestAccTask_missingParent(t *testing.T) {
	env := newAccEnv(t)
	base := `
resource "timecamp_task" "project" {
  name = "Parent"
}
resource "timecamp_task" "task" {
  name      = "Child"
  parent_id = %s
}
`
	good := env.config(fmt.Sprintf(base, "timecamp_task.project.id"))
	moveToMissing := env.config(fmt.Sprintf(base, "987654321"))
	createUnderMissing := good + `
resource "timecamp_task" "orphan" {
  name      = "Orphan"
  parent_id = 987654321
}
`
	noOrphan := func(*terraform.State) error {
		tasks, err := env.Client.Tasks.List(context.Background(), timecamp.TaskListOptions{})
		if err != nil {
			return err
		}
		for _, task := range tasks {
			if task.Name == "Orphan" {
				return fmt.Errorf("task %d %q was created under a missing parent", task.TaskID, task.Name)
			}
		}
		return nil
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: good,
				Check:  resource.ComposeAggregateTestCheckFunc(noOrphan, taskParentIs(env, "timecamp_task.task", "timecamp_task.project")),
			},
			{
				Config:      createUnderMissing,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Invalid parent task.*parent_id.*no\s+task\s+with\s+id\s+987654321`),
			},
			{
				Config:      moveToMissing,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Invalid parent task.*parent_id.*no\s+task\s+with\s+id\s+987654321`),
			},
			{
				Config: good,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					noOrphan,
					resource.TestCheckResourceAttrPair("timecamp_task.task", "parent_id", "timecamp_task.project", "id"),
					taskParentIs(env, "timecamp_task.task", "timecamp_task.project"),
				),
			},
		},
	})
}

// A project and its subtasks created by one apply read no task: the parent_id check that the
// apply repeats once the parent's id is known (ModifyPlan) knows that this apply created the
// parent. Before, every subtask read the whole task list again (each create drops the cached one):
// 228 GET /tasks in the apply of the 1000-object benchmark.
func TestAccTask_newSubtasksReadNoTask(t *testing.T) {
	env := newEmulatorEnv(t, timecamptest.Options{})
	cfg := env.config(`
resource "timecamp_task" "project" {
  name = "Project"
}
resource "timecamp_task" "phase" {
  count     = 3
  name      = "Phase ${count.index}"
  parent_id = timecamp_task.project.id
}
resource "timecamp_task" "step" {
  count     = 3
  name      = "Step ${count.index}"
  parent_id = timecamp_task.phase[count.index].id
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					// First: the checks after it read the tasks themselves.
					func(*terraform.State) error {
						if n := env.Emulator.RequestCount(http.MethodGet, "/tasks"); n != 0 {
							return fmt.Errorf("the apply of a new project with subtasks sent GET /tasks %d times, want 0 (%v)",
								n, env.Emulator.RequestPatterns())
						}
						if n := env.Emulator.RequestCount(http.MethodPost, "/tasks"); n != 7 {
							return fmt.Errorf("POST /tasks sent %d times, want 7", n)
						}
						return nil
					},
					taskParentIs(env, "timecamp_task.phase.2", "timecamp_task.project"),
					taskParentIs(env, "timecamp_task.step.2", "timecamp_task.phase.2"),
				),
			},
			emptyPlanStep(cfg),
		},
	})
}

// Every value TimeCamp would reject or store differently fails at plan time, naming the attribute.
func TestAccTask_invalidInput(t *testing.T) {
	env := newAccEnv(t)
	cases := []struct {
		name  string
		attrs string
		want  string
	}{
		{"empty name", `name = ""`, `(?s)Invalid name.*The name is empty; TimeCamp requires a name\.`},
		{"name with bar", `name = "Web | Design"`, `(?s)Invalid name.*The name "Web \| Design" cannot be used`},
		{"unknown budget unit", "name = \"A\"\n  budget_unit = \"days\"", `(?s)budget_unit value must be one of`},
		{"negative budget", "name = \"A\"\n  budget = -1", `(?s)budget value must be at least 0`},
		{"fractional fee", "name = \"A\"\n  budget_unit = \"fee\"\n  budget = 12.5", `(?s)Invalid budget.*budget = 12.5 is not a whole\s+amount`},
		{"hours not whole seconds", "name = \"A\"\n  budget = 0.33333", `(?s)Invalid budget.*budget = 0.33333 hours is not a whole\s+number of seconds`},
		{"parent id zero", "name = \"A\"\n  parent_id = 0", `(?s)parent_id value must be at least 1`},
	}
	steps := make([]resource.TestStep, 0, len(cases)+1)
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      env.config("resource \"timecamp_task\" \"bad\" {\n  " + c.attrs + "\n}\n"),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(c.want),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps:                    steps,
		CheckDestroy: func(*terraform.State) error {
			// Nothing reached TimeCamp.
			if env.Emulator == nil {
				return nil // a sandbox account may hold other tasks
			}
			tasks, err := env.Client.Tasks.List(context.Background(), timecamp.TaskListOptions{})
			if err != nil {
				return err
			}
			if len(tasks) != 0 {
				return fmt.Errorf("%d tasks were created by invalid configurations", len(tasks))
			}
			return nil
		},
	})
}

func TestTaskBudgetConversion(t *testing.T) {
	for _, c := range []struct {
		hours   float64
		seconds int64
	}{
		{0, 0}, {1, 3600}, {1.5, 5400}, {0.1, 360}, {2, 7200}, {20.0 / 60, 1200}, {1.0 / 3600, 1}, {1000.25, 3600900},
	} {
		got, ok := hoursToSeconds(c.hours)
		if !ok || got != c.seconds {
			t.Errorf("hoursToSeconds(%v) = %d, %v; want %d", c.hours, got, ok, c.seconds)
		}
		if back := secondsToHours(c.seconds); back != c.hours {
			t.Errorf("secondsToHours(%d) = %v, want %v", c.seconds, back, c.hours)
		}
	}
	// Every whole number of seconds survives the round trip through hours.
	for s := int64(0); s <= 400000; s++ {
		if got, ok := hoursToSeconds(secondsToHours(s)); !ok || got != s {
			t.Fatalf("%d s -> %v h -> %d s (ok %v)", s, secondsToHours(s), got, ok)
		}
	}
	for _, h := range []float64{0.33333, 0.0001, -1, 1e300} {
		if s, ok := hoursToSeconds(h); ok {
			t.Errorf("hoursToSeconds(%v) = %d, want a refusal", h, s)
		}
	}

	for _, c := range []struct {
		unit    string
		budget  float64
		want    int64
		problem string
	}{
		{"hours", 1.5, 5400, ""},
		{"fee", 2500, 2500, ""},
		{"fee", 12.5, 0, "not a whole amount"},
		{"hours", 0.33333, 0, "not a whole number of seconds"},
		{"hours", -2, 0, "negative"},
		{"fee", -2, 0, "negative"},
	} {
		got, problem := budgetToAPI(c.unit, c.budget)
		if got != c.want || !regexp.MustCompile(regexp.QuoteMeta(c.problem)).MatchString(problem) || (c.problem == "") != (problem == "") {
			t.Errorf("budgetToAPI(%q, %v) = %d, %q; want %d and a problem containing %q", c.unit, c.budget, got, problem, c.want, c.problem)
		}
	}
	if got := budgetFromAPI("fee", 2500); got != 2500 {
		t.Errorf("budgetFromAPI(fee, 2500) = %v", got)
	}
	if got := budgetFromAPI("hours", 5400); got != 1.5 {
		t.Errorf("budgetFromAPI(hours, 5400) = %v", got)
	}
	if got := budgetFromAPI("", 360); got != 0.1 {
		t.Errorf("budgetFromAPI(\"\", 360) = %v", got)
	}
}
