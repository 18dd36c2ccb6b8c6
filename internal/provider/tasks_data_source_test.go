package provider

import (
	"context"
	"fmt"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

// seedTasks makes two projects, each with a "Design" task, one of them archived, and returns
// their ids: alpha, beta, alphaDesign, betaDesign.
func seedTasks(t *testing.T, env *accEnv) (alpha, beta, alphaDesign, betaDesign int64) {
	t.Helper()
	ctx := context.Background()
	mk := func(in timecamp.TaskInput) int64 {
		task, err := env.Client.Tasks.Create(ctx, in)
		if err != nil {
			t.Fatalf("creating a task: %v", err)
		}
		return int64(task.TaskID)
	}
	alpha = mk(timecamp.TaskInput{Name: timecamp.Set("Alpha"), ExternalTaskID: timecamp.Set("crm-1"), Budgeted: timecamp.Set(int64(5400))})
	beta = mk(timecamp.TaskInput{Name: timecamp.Set("Beta")})
	alphaDesign = mk(timecamp.TaskInput{Name: timecamp.Set("Design"), ParentID: timecamp.Set(alpha), Note: timecamp.Set("wireframes")})
	betaDesign = mk(timecamp.TaskInput{Name: timecamp.Set("Design"), ParentID: timecamp.Set(beta)})
	if err := env.Client.Tasks.Archive(ctx, betaDesign); err != nil {
		t.Fatal(err)
	}
	return alpha, beta, alphaDesign, betaDesign
}

func TestAccTaskDataSources(t *testing.T) {
	env := newAccEnv(t)
	alpha, beta, alphaDesign, betaDesign := seedTasks(t, env)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.config(fmt.Sprintf(`
data "timecamp_task" "by_id" {
  id = "%d"
}
data "timecamp_task" "by_external_id" {
  external_task_id = "crm-1"
}
data "timecamp_task" "design_in_beta" {
  name      = "Design"
  parent_id = %d
}
data "timecamp_tasks" "active" {}
data "timecamp_tasks" "all_designs" {
  status = "all"
  name   = "Design"
}
data "timecamp_tasks" "projects" {
  parent_id = 0
}
data "timecamp_tasks" "archived" {
  status = "archived"
}
`, alphaDesign, beta)),
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.timecamp_task.by_id", "name", "Design"),
				resource.TestCheckResourceAttr("data.timecamp_task.by_id", "parent_id", fmt.Sprint(alpha)),
				resource.TestCheckResourceAttr("data.timecamp_task.by_id", "note", "wireframes"),
				resource.TestCheckResourceAttr("data.timecamp_task.by_id", "level", "2"),
				resource.TestCheckResourceAttr("data.timecamp_task.by_external_id", "id", fmt.Sprint(alpha)),
				resource.TestCheckResourceAttr("data.timecamp_task.by_external_id", "budget", "1.5"),
				resource.TestCheckResourceAttr("data.timecamp_task.by_external_id", "budget_unit", "hours"),
				resource.TestCheckNoResourceAttr("data.timecamp_task.by_external_id", "parent_id"),
				resource.TestCheckResourceAttr("data.timecamp_task.design_in_beta", "id", fmt.Sprint(betaDesign)),
				resource.TestCheckResourceAttr("data.timecamp_task.design_in_beta", "archived", "true"),
				resource.TestCheckResourceAttr("data.timecamp_tasks.active", "tasks.#", "3"),
				resource.TestCheckResourceAttr("data.timecamp_tasks.all_designs", "tasks.#", "2"),
				resource.TestCheckResourceAttr("data.timecamp_tasks.all_designs", "tasks.0.id", fmt.Sprint(alphaDesign)),
				resource.TestCheckResourceAttr("data.timecamp_tasks.projects", "tasks.#", "2"),
				resource.TestCheckResourceAttr("data.timecamp_tasks.projects", "tasks.1.name", "Beta"),
				resource.TestCheckResourceAttr("data.timecamp_tasks.archived", "tasks.#", "1"),
				resource.TestCheckResourceAttr("data.timecamp_tasks.archived", "tasks.0.id", fmt.Sprint(betaDesign)),
			),
		}},
	})
}

func TestAccTaskDataSource_lookupErrors(t *testing.T) {
	env := newAccEnv(t)
	seedTasks(t, env)

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      env.config(`data "timecamp_task" "x" { name = "Launch" }`),
				ExpectError: regexp.MustCompile(`no task matches name = "Launch"`),
			},
			{
				Config:      env.config(`data "timecamp_task" "x" { name = "Design" }`),
				ExpectError: regexp.MustCompile(`2 tasks match name = "Design" \(ids \d+, \d+\)`),
			},
			{
				Config:      env.config(`data "timecamp_task" "x" { external_task_id = "crm-404" }`),
				ExpectError: regexp.MustCompile(`no task matches external_task_id = "crm-404"`),
			},
			{
				Config:      env.config(`data "timecamp_task" "x" { id = "99999999" }`),
				ExpectError: regexp.MustCompile(`no task matches id = 99999999`),
			},
			{
				Config:      env.config(`data "timecamp_task" "x" { id = "abc" }`),
				ExpectError: regexp.MustCompile(`"abc" is not a TimeCamp id`),
			},
		},
	})
}
