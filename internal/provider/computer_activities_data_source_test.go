package provider

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

// at is a time of the emulator's day 2024-03-05 and the days around it.
func at(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.ParseInLocation(time.DateTime, s, time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestAccComputerActivitiesDataSource_twoUsersMerged(t *testing.T) {
	env, _ := newTimerEnv(t)
	admin := env.Emulator.AdminUserID()
	other := seedUser(t, env, "ada@example.com", "Ada")
	_, err := env.Emulator.AddActivities(
		// Interleaved in time, recorded out of order: the result is ordered by end time, then user.
		timecamptest.Activity{UserID: other, App: "Slack", WindowTitle: "#design", End: at(t, "2024-03-05 09:20:00"), Span: 300 * time.Second},
		timecamptest.Activity{UserID: admin, App: "Firefox", AppInfo: "github.com", WindowTitle: "Pull request #42", End: at(t, "2024-03-05 09:10:00"), Span: 600 * time.Second, TaskID: 7, EntryID: 8},
		timecamptest.Activity{UserID: other, App: "Firefox", AppInfo: "figma.com", End: at(t, "2024-03-05 09:10:00"), Span: 540 * time.Second},
		timecamptest.Activity{UserID: admin, App: "Code", WindowTitle: "main.go", End: at(t, "2024-03-07 17:00:00"), Span: 60 * time.Second},
		// Outside the range, and a third user's: not read.
		timecamptest.Activity{UserID: admin, App: "Code", End: at(t, "2024-03-04 17:00:00"), Span: 60 * time.Second},
	)
	if err != nil {
		t.Fatal(err)
	}
	const name = "data.timecamp_computer_activities.week"
	env.Emulator.ResetRequests()

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: env.config(fmt.Sprintf(`
data "timecamp_computer_activities" "week" {
  from     = "2024-03-05"
  to       = "2024-03-11"
  user_ids = [%d, %d]
}
data "timecamp_computer_activities" "mine" {
  from = "2024-03-05"
  to   = "2024-03-05"
}
`, other, admin)),
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(name, "activities.#", "4"),
					// 09:10 admin, 09:10 other (same time: by user id), 09:20 other, then the 7th.
					resource.TestCheckResourceAttr(name, "activities.0.user_id", fmt.Sprint(admin)),
					resource.TestCheckResourceAttr(name, "activities.0.application_name", "github.com"),
					resource.TestCheckResourceAttr(name, "activities.0.window_title", "Pull request #42"),
					resource.TestCheckResourceAttr(name, "activities.0.end_time", "2024-03-05 09:10:00"),
					resource.TestCheckResourceAttr(name, "activities.0.end_date", "2024-03-05"),
					resource.TestCheckResourceAttr(name, "activities.0.time_span", "600"),
					resource.TestCheckResourceAttr(name, "activities.0.task_id", "7"),
					resource.TestCheckResourceAttr(name, "activities.0.entry_id", "8"),
					resource.TestCheckResourceAttrSet(name, "activities.0.application_id"),
					resource.TestCheckResourceAttrSet(name, "activities.0.window_title_id"),
					resource.TestCheckResourceAttr(name, "activities.1.user_id", fmt.Sprint(other)),
					resource.TestCheckResourceAttr(name, "activities.1.application_name", "figma.com"),
					resource.TestCheckNoResourceAttr(name, "activities.1.window_title"),
					resource.TestCheckNoResourceAttr(name, "activities.1.window_title_id"),
					resource.TestCheckNoResourceAttr(name, "activities.1.task_id"),
					resource.TestCheckNoResourceAttr(name, "activities.1.entry_id"),
					resource.TestCheckResourceAttr(name, "activities.2.application_name", "Slack"),
					resource.TestCheckResourceAttr(name, "activities.2.window_title", "#design"),
					resource.TestCheckResourceAttr(name, "activities.3.application_name", "Code"),
					resource.TestCheckResourceAttr(name, "activities.3.end_date", "2024-03-07"),
					// No user_ids: the token's user only.
					resource.TestCheckResourceAttr("data.timecamp_computer_activities.mine", "activities.#", "1"),
					resource.TestCheckResourceAttr("data.timecamp_computer_activities.mine", "activities.0.user_id", fmt.Sprint(admin)),
					func(*terraform.State) error {
						// Each read of "week" costs one GET /activity per user and one GET /application;
						// "mine" one of each. Count the activity calls of one plan+apply cycle per read.
						activity, apps := env.Emulator.RequestCount("GET", "/activity"), env.Emulator.RequestCount("GET", "/application")
						if activity == 0 || activity%3 != 0 || apps == 0 || activity/3 != apps/2 {
							return fmt.Errorf("GET /activity %d times and GET /application %d times; want 3 and 2 per read of both data sources", activity, apps)
						}
						return nil
					},
				),
			},
		},
	})
}

func TestAccComputerActivitiesDataSource_emptyAndBusyAccount(t *testing.T) {
	env, _ := newTimerEnv(t)
	const name = "data.timecamp_computer_activities.week"
	cfg := env.config(`
data "timecamp_computer_activities" "week" {
  from = "2026-02-26"
  to   = "2026-03-04"
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: cfg,
				Check:  resource.TestCheckResourceAttr(name, "activities.#", "0"),
			},
			{
				// The demo week: four working days and Wednesday morning of activity.
				PreConfig: func() {
					if _, err := env.Emulator.Seed(time.Date(2026, 3, 4, 12, 0, 0, 0, time.UTC)); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(name, "activities.#", "186"),
					resource.TestCheckResourceAttr(name, "activities.0.end_time", "2026-02-26 09:10:00"),
					resource.TestCheckResourceAttrSet(name, "activities.0.application_name"),
					resource.TestCheckResourceAttr(name, "activities.185.end_date", "2026-03-04"),
				),
			},
		},
	})
}

// A range over 7 days fails at plan time, before any request; so does one that runs backwards.
// A range known only at apply time is refused before any request too.
func TestAccComputerActivitiesDataSource_rangeRefused(t *testing.T) {
	env, _ := newTimerEnv(t)
	refused := func(from, to, want string) resource.TestStep {
		return resource.TestStep{
			Config: env.config(fmt.Sprintf(`
data "timecamp_computer_activities" "refused" {
  from = %q
  to   = %q
}
`, from, to)),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(want),
		}
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			refused("2024-03-01", "2024-03-10", `(?s)Date range too long.*span 10 days.*at most 7 days.*to = 2024-03-07`),
			refused("2024-03-05", "2024-03-04", `(?s)Invalid date range.*before from`),
			refused("5 March", "2024-03-04", `(?s)Invalid date.*"5 March" is not a date`),
			{
				PreConfig: func() {
					if n := env.Emulator.RequestCount("", ""); n != 0 {
						t.Fatalf("the emulator saw %d requests for refused ranges, want none", n)
					}
				},
				// from is known only after terraform_data is applied: the check runs at read time.
				Config: env.config(`
resource "terraform_data" "from" {
  input = "2024-03-01"
}
data "timecamp_computer_activities" "late" {
  from = terraform_data.from.output
  to   = "2024-03-10"
}
`),
				ExpectError: regexp.MustCompile(`(?s)Date range too long.*span 10 days`),
			},
		},
	})
	if n := env.Emulator.RequestCount("GET", "/activity") + env.Emulator.RequestCount("GET", "/application"); n != 0 {
		t.Fatalf("%d activity or application requests for refused ranges, want none", n)
	}
}
