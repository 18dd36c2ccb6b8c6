package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

// testClock is the emulator's clock in timer tests: fixed, moved only by the test, so every
// time TimeCamp renders is known in advance (and the timer's start is TimeCamp's "now").
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func newTestClock(t *testing.T, at string) *testClock {
	t.Helper()
	now, err := time.ParseInLocation(time.DateTime, at, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	return &testClock{now: now}
}

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// newTimerEnv is an emulator environment whose clock starts at 2024-03-05 09:00:00.
func newTimerEnv(t *testing.T) (*accEnv, *testClock) {
	t.Helper()
	clock := newTestClock(t, "2024-03-05 09:00:00")
	return newEmulatorEnv(t, timecamptest.Options{Now: clock.Now}), clock
}

// withPreConfig runs pre before step.
func withPreConfig(step resource.TestStep, pre func()) resource.TestStep {
	step.PreConfig = pre
	return step
}

// checkTimerRunning checks through the API that the timer in state is the one running, with task.
func checkTimerRunning(env *accEnv, name string, task *int64) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := stateID(s, name)
		if err != nil {
			return err
		}
		st, err := env.Client.Timer.Status(context.Background())
		if err != nil {
			return err
		}
		if !st.Running || int64(st.TimerID) != id {
			return fmt.Errorf("TimeCamp's timer = %+v, want timer %d running", st, id)
		}
		if task != nil && int64(st.TaskID) != *task {
			return fmt.Errorf("timer runs on task %d, want %d", st.TaskID, *task)
		}
		return nil
	}
}

// checkNoTimerRunning is a CheckDestroy: destroy stopped the timer.
func checkNoTimerRunning(env *accEnv) resource.TestCheckFunc {
	return func(*terraform.State) error {
		st, err := env.Client.Timer.Status(context.Background())
		if err != nil {
			return err
		}
		if st.Running {
			return fmt.Errorf("timer %d still running after destroy", st.TimerID)
		}
		return nil
	}
}

// entryDurations maps each time entry of the emulator to its duration.
func entryDurations(env *accEnv) map[int64]int64 {
	out := map[int64]int64{}
	for _, e := range env.Emulator.EntryRecords() {
		out[e.ID] = e.Duration
	}
	return out
}

func TestAccTimerResource(t *testing.T) {
	env, clock := newTimerEnv(t)
	task, err := env.Client.Tasks.Create(context.Background(), timecamp.TaskInput{Name: timecamp.Set("Design")})
	if err != nil {
		t.Fatal(err)
	}
	taskID := int64(task.TaskID)
	cfg := func(note string) string {
		return env.config(fmt.Sprintf(`
resource "timecamp_timer" "t" {
  task_id = %d
  note    = %q
}
`, taskID, note))
	}
	const name = "timecamp_timer.t"
	var firstTimer, firstEntry, secondEntry int64

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(checkNoTimerRunning(env), func(*terraform.State) error {
			// Destroy stopped the last timer: its entry holds the 5 minutes it ran.
			if d := entryDurations(env)[secondEntry]; d != 300 {
				return fmt.Errorf("last timer's entry %d has duration %d after destroy, want 300", secondEntry, d)
			}
			return nil
		}),
		Steps: []resource.TestStep{
			{
				// Create: nothing about "now" is known at plan time.
				Config: cfg("pairing"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(name, plancheck.ResourceActionCreate),
					plancheck.ExpectUnknownValue(name, tfjsonpath.New("started_at")),
					plancheck.ExpectUnknownValue(name, tfjsonpath.New("start")),
					plancheck.ExpectUnknownValue(name, tfjsonpath.New("timer_id")),
					plancheck.ExpectUnknownValue(name, tfjsonpath.New("entry_id")),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(name, "task_id", strconv.FormatInt(taskID, 10)),
					resource.TestCheckResourceAttr(name, "note", "pairing"),
					resource.TestCheckResourceAttr(name, "started_at", "2024-03-05 09:00:00"),
					resource.TestCheckResourceAttr(name, "start", "2024-03-05T09:00:00"),
					resource.TestCheckResourceAttrPair(name, "id", name, "timer_id"),
					resource.TestCheckResourceAttrSet(name, "entry_id"),
					captureID(name, &firstTimer),
					checkTimerRunning(env, name, &taskID),
					func(s *terraform.State) error {
						firstEntry, _ = strconv.ParseInt(s.RootModule().Resources[name].Primary.Attributes["entry_id"], 10, 64)
						if d, ok := entryDurations(env)[firstEntry]; !ok || d != 0 {
							return fmt.Errorf("the timer's entry %d: present %v, duration %d; want it with duration 0", firstEntry, ok, d)
						}
						return nil
					},
				),
			},
			// Time passes; the plan stays empty (and so the two plans of each step agree).
			withPreConfig(emptyPlanStep(cfg("pairing")), func() { clock.Advance(10 * time.Minute) }),
			importStep(name),
			{
				ResourceName:      name,
				ImportState:       true,
				ImportStateId:     "running",
				ImportStateVerify: true,
			},
			{
				// A new note is a new timer: the running one stops (its entry keeps the 10 minutes).
				Config: cfg("review"),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(name, plancheck.ResourceActionDestroyBeforeCreate),
				}},
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(name, "note", "review"),
					resource.TestCheckResourceAttr(name, "started_at", "2024-03-05 09:10:00"),
					checkTimerRunning(env, name, &taskID),
					func(s *terraform.State) error {
						if id, _ := stateID(s, name); id == firstTimer {
							return fmt.Errorf("timer %d was not replaced", id)
						}
						if d := entryDurations(env)[firstEntry]; d != 600 {
							return fmt.Errorf("first timer's entry has duration %d, want 600", d)
						}
						return nil
					},
				),
			},
			// Stopped outside Terraform: the refresh drops it and the plan starts a new timer.
			outOfBandStep(t, cfg("review"), name, plancheck.ResourceActionCreate, func(ctx context.Context) error {
				clock.Advance(time.Minute)
				_, err := env.Client.Timer.Stop(ctx, 0, "")
				return err
			}),
			{
				Config: cfg("review"),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(name, "started_at", "2024-03-05 09:11:00"),
					checkTimerRunning(env, name, &taskID),
					func(s *terraform.State) error {
						secondEntry, _ = strconv.ParseInt(s.RootModule().Resources[name].Primary.Attributes["entry_id"], 10, 64)
						return nil
					},
				),
			},
			// Destroy comes 5 minutes later.
			withPreConfig(emptyPlanStep(cfg("review")), func() { clock.Advance(5 * time.Minute) }),
		},
	})
}

// Without a task or a note; a timer already running is stopped by the start (SPEC §17.19, the
// emulator's choice); a timer discarded outside Terraform is started again.
func TestAccTimerResource_noTaskAndAnotherTimerRunning(t *testing.T) {
	env, clock := newTimerEnv(t)
	const name = "timecamp_timer.t"
	cfg := env.config(`resource "timecamp_timer" "t" {}`)
	var other *timecamp.TimerStarted

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             checkNoTimerRunning(env),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					var err error
					if other, err = env.Client.Timer.Start(context.Background(), timecamp.TimerStart{}); err != nil {
						t.Fatal(err)
					}
					clock.Advance(2 * time.Minute)
				},
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckNoResourceAttr(name, "task_id"),
					resource.TestCheckNoResourceAttr(name, "note"),
					resource.TestCheckResourceAttr(name, "started_at", "2024-03-05 09:02:00"),
					checkTimerRunning(env, name, nil),
					func(*terraform.State) error {
						if d := entryDurations(env)[int64(other.EntryID)]; d != 120 {
							return fmt.Errorf("the other timer's entry has duration %d, want 120 (stopped by the start)", d)
						}
						return nil
					},
				),
			},
			emptyPlanStep(cfg),
			importStep(name),
			outOfBandStep(t, cfg, name, plancheck.ResourceActionCreate, func(ctx context.Context) error {
				return env.Client.Timer.Discard(ctx)
			}),
		},
	})
}

// A start whose reply is lost is not sent again: the running timer it made is adopted, and
// exactly one time entry exists.
func TestAccTimerResource_lostReply(t *testing.T) {
	env, _ := newTimerEnv(t)
	const name = "timecamp_timer.t"
	cfg := env.config(`
resource "timecamp_timer" "t" {
  note = "lost"
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             checkNoTimerRunning(env),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					env.Emulator.InjectFault(timecamptest.Fault{Method: "POST", Path: "/timer", LoseReply: true})
				},
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(name, "note", "lost"),
					checkTimerRunning(env, name, nil),
					func(*terraform.State) error {
						if n := len(env.Emulator.EntryRecords()); n != 1 {
							return fmt.Errorf("%d time entries, want exactly 1", n)
						}
						return nil
					},
				),
			},
			emptyPlanStep(cfg),
		},
	})
}

func TestAccTimerResource_badInput(t *testing.T) {
	env, _ := newTimerEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             checkNoTimerRunning(env),
		Steps: []resource.TestStep{
			{
				Config:      env.config(`resource "timecamp_timer" "t" { task_id = 0 }`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`task_id value must be at least 1`),
			},
			{
				// A task that does not exist: TimeCamp's 404, and nothing starts.
				Config:      env.config(`resource "timecamp_timer" "t" { task_id = 12345 }`),
				ExpectError: regexp.MustCompile(`(?s)Unable to start timer.*on task 12345.*No\s+task\s+with\s+such\s+ID`),
			},
			{
				ResourceName:  "timecamp_timer.t",
				Config:        env.config(`resource "timecamp_timer" "t" {}`),
				ImportState:   true,
				ImportStateId: "running",
				ExpectError:   regexp.MustCompile(`No timer is running`),
			},
			{
				ResourceName:  "timecamp_timer.t",
				Config:        env.config(`resource "timecamp_timer" "t" {}`),
				ImportState:   true,
				ImportStateId: "soon",
				ExpectError:   regexp.MustCompile(`(?s)Import a timer by its TimeCamp id.*or\s+by\s+"running"`),
			},
		},
	})
	if n := len(env.Emulator.EntryRecords()); n != 0 {
		t.Fatalf("%d time entries after refused starts", n)
	}
}
