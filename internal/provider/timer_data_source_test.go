package provider

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

func TestAccTimerDataSource(t *testing.T) {
	env, clock := newTimerEnv(t)
	const name = "data.timecamp_timer.now"
	cfg := env.config(`data "timecamp_timer" "now" {}`)
	var started *timecamp.TimerStarted
	var taskID int64

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				// An empty account: no timer, every other attribute null.
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(name, "running", "false"),
					resource.TestCheckNoResourceAttr(name, "timer_id"),
					resource.TestCheckNoResourceAttr(name, "entry_id"),
					resource.TestCheckNoResourceAttr(name, "task_id"),
					resource.TestCheckNoResourceAttr(name, "task_name"),
					resource.TestCheckNoResourceAttr(name, "note"),
					resource.TestCheckNoResourceAttr(name, "billable"),
					resource.TestCheckNoResourceAttr(name, "started_at"),
					resource.TestCheckNoResourceAttr(name, "start"),
					resource.TestCheckNoResourceAttr(name, "elapsed"),
				),
			},
			{
				// A busy one: a timer on a task with a note, running for 95 seconds.
				PreConfig: func() {
					ctx := context.Background()
					task, err := env.Client.Tasks.Create(ctx, timecamp.TaskInput{Name: timecamp.Set("Client portal")})
					if err != nil {
						t.Fatal(err)
					}
					taskID = int64(task.TaskID)
					note := "checkout page"
					if started, err = env.Client.Timer.Start(ctx, timecamp.TimerStart{TaskID: taskID, Note: &note}); err != nil {
						t.Fatal(err)
					}
					clock.Advance(95 * time.Second)
				},
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(name, "running", "true"),
					func(s *terraform.State) error {
						return resource.ComposeAggregateTestCheckFunc(
							resource.TestCheckResourceAttr(name, "timer_id", fmt.Sprint(int64(started.TimerID))),
							resource.TestCheckResourceAttr(name, "entry_id", fmt.Sprint(int64(started.EntryID))),
							resource.TestCheckResourceAttr(name, "task_id", fmt.Sprint(taskID)),
						)(s)
					},
					resource.TestCheckResourceAttr(name, "task_name", "Client portal"),
					resource.TestCheckResourceAttr(name, "note", "checkout page"),
					resource.TestCheckResourceAttr(name, "billable", "false"),
					resource.TestCheckResourceAttr(name, "started_at", "2024-03-05 09:00:00"),
					resource.TestCheckResourceAttr(name, "start", "2024-03-05T09:00:00"),
					resource.TestCheckResourceAttr(name, "elapsed", "95"),
				),
			},
			{
				// Stopped again: back to the empty shape.
				PreConfig: func() {
					if _, err := env.Client.Timer.Stop(context.Background(), 0, ""); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(name, "running", "false"),
					resource.TestCheckNoResourceAttr(name, "timer_id"),
					resource.TestCheckNoResourceAttr(name, "elapsed"),
				),
			},
		},
	})
}
