package provider

import (
	"context"
	"fmt"
	"net/http"
	"reflect"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

const entryName = "timecamp_time_entry.work"

// entryFixture is what the entry tests track time on: two tasks and two tags, made through the API.
type entryFixture struct {
	taskA, taskB, dev, review int64
	user                      int64
}

func newEntryFixture(t *testing.T, env *accEnv) entryFixture {
	t.Helper()
	ctx := context.Background()
	var f entryFixture
	must := func(id int64, err error) int64 {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	for _, p := range []struct {
		dst  *int64
		name string
	}{{&f.taskA, "Website"}, {&f.taskB, "Mobile app"}} {
		task, err := env.Client.Tasks.Create(ctx, timecamp.TaskInput{Name: timecamp.Set(p.name)})
		if err != nil {
			t.Fatal(err)
		}
		*p.dst = int64(task.TaskID)
	}
	list := must(env.Client.TagLists.Create(ctx, "Activity"))
	f.dev = must(env.Client.Tags.Create(ctx, list, "Development"))
	f.review = must(env.Client.Tags.Create(ctx, list, "Review"))
	me, err := env.Client.Me.Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	f.user = int64(me.UserID)
	return f
}

// emulatorEntryFixture is newEntryFixture for tests that need the emulator (fault injection).
func emulatorEntryFixture(t *testing.T) (*accEnv, entryFixture) {
	t.Helper()
	env := newAccEnv(t)
	if env.Emulator == nil {
		t.Skip("needs the emulator's fault injection")
	}
	return env, newEntryFixture(t, env)
}

// entryRefFrom finds the entry of name by the id, date and user in state.
func entryRefFrom(s *terraform.State, name string) (timecamp.EntryRef, error) {
	rs, ok := s.RootModule().Resources[name]
	if !ok {
		return timecamp.EntryRef{}, fmt.Errorf("%s is not in state", name)
	}
	id, err := parseID(rs.Primary.ID)
	if err != nil {
		return timecamp.EntryRef{}, err
	}
	user, err := parseID(rs.Primary.Attributes["user_id"])
	if err != nil {
		return timecamp.EntryRef{}, err
	}
	return timecamp.EntryRef{ID: id, Date: rs.Primary.Attributes["date"], UserID: user}, nil
}

// checkEntry reads the entry behind name from TimeCamp (not from state) and runs check on it.
func checkEntry(env *accEnv, name string, check func(e *timecamp.Entry) error) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		ref, err := entryRefFrom(s, name)
		if err != nil {
			return err
		}
		e, err := env.Client.Entries.Get(context.Background(), ref)
		if err != nil {
			return fmt.Errorf("%s (%v) in TimeCamp: %w", name, ref, err)
		}
		if err := check(e); err != nil {
			return fmt.Errorf("%s (%v) in TimeCamp: %w", name, ref, err)
		}
		return nil
	}
}

// entryImportID builds the documented import id of name: <user_id>:<date>:<entry_id>.
func entryImportID(name string, withUser bool) resource.ImportStateIdFunc {
	return func(s *terraform.State) (string, error) {
		ref, err := entryRefFrom(s, name)
		if err != nil {
			return "", err
		}
		if !withUser {
			return fmt.Sprintf("%s:%d", ref.Date, ref.ID), nil
		}
		return fmt.Sprintf("%d:%s:%d", ref.UserID, ref.Date, ref.ID), nil
	}
}

// entryGone checks that no entry of the test's user remains on the given days.
func entryGone(env *accEnv, ref *timecamp.EntryRef) resource.TestCheckFunc {
	return func(*terraform.State) error {
		_, err := env.Client.Entries.Get(context.Background(), *ref)
		if !timecamp.IsNotFound(err) {
			return fmt.Errorf("%v after destroy: err = %v, want it gone", *ref, err)
		}
		return nil
	}
}

func entryConfig(f entryFixture, body string) string {
	return fmt.Sprintf(`
locals {
  task_a = %d
  task_b = %d
  dev    = %d
  review = %d
}

resource "timecamp_time_entry" "work" {
%s
}
`, f.taskA, f.taskB, f.dev, f.review, body)
}

func TestAccTimeEntry_lifecycle(t *testing.T) {
	env := newAccEnv(t)
	f := newEntryFixture(t, env)
	create := env.config(entryConfig(f, `
  date       = "2026-03-02"
  start_time = "09:00:00"
  end_time   = "10:30:00"
  task_id    = local.task_a
  note       = "Sprint planning"
  billable   = true
  tags       = [local.dev]`))
	// Moved to the next day, start and duration instead of an end, another task, note, billable and tags.
	update := env.config(entryConfig(f, `
  date       = "2026-03-03"
  start_time = "13:00:00"
  duration   = 3600
  task_id    = local.task_b
  note       = "Code review"
  billable   = false
  tags       = [local.review, local.dev]`))
	var ref timecamp.EntryRef
	capture := func(s *terraform.State) error {
		var err error
		ref, err = entryRefFrom(s, entryName)
		return err
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             entryGone(env, &ref),
		Steps: []resource.TestStep{
			{
				Config: create,
				Check: resource.ComposeAggregateTestCheckFunc(
					capture,
					resource.TestCheckResourceAttrSet(entryName, "id"),
					resource.TestCheckResourceAttr(entryName, "date", "2026-03-02"),
					resource.TestCheckResourceAttr(entryName, "start_time", "09:00:00"),
					resource.TestCheckResourceAttr(entryName, "end_time", "10:30:00"),
					resource.TestCheckResourceAttr(entryName, "duration", "5400"),
					resource.TestCheckResourceAttr(entryName, "task_id", fmt.Sprint(f.taskA)),
					resource.TestCheckResourceAttr(entryName, "note", "Sprint planning"),
					resource.TestCheckResourceAttr(entryName, "billable", "true"),
					resource.TestCheckResourceAttr(entryName, "tags.#", "1"),
					resource.TestCheckTypeSetElemAttr(entryName, "tags.*", fmt.Sprint(f.dev)),
					resource.TestCheckResourceAttr(entryName, "user_id", fmt.Sprint(f.user)),
					resource.TestCheckResourceAttr(entryName, "locked", "false"),
					resource.TestCheckNoResourceAttr(entryName, "invoice_id"),
					checkEntry(env, entryName, func(e *timecamp.Entry) error {
						switch {
						case e.StartTime.Value != "09:00:00" || e.EndTime.Value != "10:30:00" || e.Duration != 5400:
							return fmt.Errorf("frame %s-%s %d", e.StartTime.Value, e.EndTime.Value, e.Duration)
						case int64(e.TaskID) != f.taskA || e.Description != "Sprint planning" || !bool(e.Billable):
							return fmt.Errorf("task %d note %q billable %v", e.TaskID, e.Description, e.Billable)
						case !reflect.DeepEqual(e.TagIDs(), []int64{f.dev}):
							return fmt.Errorf("tags %v", e.TagIDs())
						}
						return nil
					}),
				),
			},
			{ResourceName: entryName, ImportState: true, ImportStateVerify: true, ImportStateIdFunc: entryImportID(entryName, true)},
			{ResourceName: entryName, ImportState: true, ImportStateVerify: true, ImportStateIdFunc: entryImportID(entryName, false)},
			emptyPlanStep(create),
			// Update in place, tags included.
			{
				Config: update,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(entryName, plancheck.ResourceActionUpdate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					capture,
					resource.TestCheckResourceAttr(entryName, "date", "2026-03-03"),
					resource.TestCheckResourceAttr(entryName, "start_time", "13:00:00"),
					resource.TestCheckResourceAttr(entryName, "end_time", "14:00:00"),
					resource.TestCheckResourceAttr(entryName, "duration", "3600"),
					resource.TestCheckResourceAttr(entryName, "task_id", fmt.Sprint(f.taskB)),
					resource.TestCheckResourceAttr(entryName, "billable", "false"),
					resource.TestCheckResourceAttr(entryName, "tags.#", "2"),
					checkEntry(env, entryName, func(e *timecamp.Entry) error {
						switch {
						case e.Date != "2026-03-03" || e.StartTime.Value != "13:00:00" || e.EndTime.Value != "14:00:00":
							return fmt.Errorf("moved to %s %s-%s", e.Date, e.StartTime.Value, e.EndTime.Value)
						case int64(e.TaskID) != f.taskB || e.Description != "Code review" || bool(e.Billable):
							return fmt.Errorf("task %d note %q billable %v", e.TaskID, e.Description, e.Billable)
						case !reflect.DeepEqual(e.TagIDs(), []int64{f.dev, f.review}):
							return fmt.Errorf("tags %v", e.TagIDs())
						}
						return nil
					}),
					func(*terraform.State) error {
						// One entry all along: updated in place, never recreated.
						if env.Emulator != nil && len(env.Emulator.EntryRecords()) != 1 {
							return fmt.Errorf("%d entries in the account", len(env.Emulator.EntryRecords()))
						}
						return nil
					},
				),
			},
			emptyPlanStep(update),
			// Drift: a note and a tag changed in TimeCamp are put back.
			outOfBandStep(t, update, entryName, plancheck.ResourceActionUpdate, func(ctx context.Context) error {
				_, err := env.Client.Entries.Update(ctx, ref, timecamp.EntryInput{Note: timecamp.Set("changed in TimeCamp")})
				return err
			}),
			outOfBandStep(t, update, entryName, plancheck.ResourceActionUpdate, func(ctx context.Context) error {
				_, err := env.Client.Entries.RemoveTags(ctx, ref, []int64{f.review})
				return err
			}),
			outOfBandStep(t, update, entryName, plancheck.ResourceActionUpdate, func(ctx context.Context) error {
				_, err := env.Client.Entries.Update(ctx, ref, timecamp.EntryInput{EndTime: timecamp.Set("14:30:00")})
				return err
			}),
			{
				Config: update,
				Check: checkEntry(env, entryName, func(e *timecamp.Entry) error {
					if e.Description != "Code review" || len(e.TagIDs()) != 2 || e.EndTime.Value != "14:00:00" {
						return fmt.Errorf("drift not repaired: note %q tags %v end %s", e.Description, e.TagIDs(), e.EndTime.Value)
					}
					return nil
				}),
			},
			// Deleted in TimeCamp: planned again and recreated.
			outOfBandStep(t, update, entryName, plancheck.ResourceActionCreate, func(ctx context.Context) error {
				return env.Client.Entries.Delete(ctx, ref.ID)
			}),
			{Config: update, Check: resource.ComposeAggregateTestCheckFunc(capture, checkEntry(env, entryName, func(*timecamp.Entry) error { return nil }))},
		},
	})
}

func TestAccTimeEntry_durationOnly(t *testing.T) {
	env := newAccEnv(t)
	f := newEntryFixture(t, env)
	short := env.config(entryConfig(f, `
  date     = "2026-03-02"
  duration = 1800
  note     = "Email"`))
	long := env.config(entryConfig(f, `
  date     = "2026-03-02"
  duration = 2700
  note     = "Email"`))
	// End and duration: the start is computed.
	fromEnd := env.config(entryConfig(f, `
  date     = "2026-03-02"
  end_time = "17:00"
  duration = 2700
  note     = "Email"`))
	var ref timecamp.EntryRef

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             entryGone(env, &ref),
		Steps: []resource.TestStep{
			{
				Config: short,
				Check: resource.ComposeAggregateTestCheckFunc(
					func(s *terraform.State) (err error) { ref, err = entryRefFrom(s, entryName); return err },
					resource.TestCheckResourceAttr(entryName, "duration", "1800"),
					resource.TestCheckNoResourceAttr(entryName, "task_id"),
					resource.TestCheckNoResourceAttr(entryName, "tags.#"),
					resource.TestCheckResourceAttr(entryName, "billable", "false"), // TimeCamp's default, read back
				),
			},
			emptyPlanStep(short),
			{ResourceName: entryName, ImportState: true, ImportStateVerify: true, ImportStateIdFunc: entryImportID(entryName, true)},
			{
				Config: long,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(entryName, plancheck.ResourceActionUpdate)},
				},
				Check: resource.TestCheckResourceAttr(entryName, "duration", "2700"),
			},
			emptyPlanStep(long),
			{
				Config: fromEnd,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr(entryName, "start_time", "16:15:00"),
					resource.TestCheckResourceAttr(entryName, "end_time", "17:00"),
					checkEntry(env, entryName, func(e *timecamp.Entry) error {
						if e.StartTime.Value != "16:15:00" || e.EndTime.Value != "17:00:00" || e.Duration != 2700 {
							return fmt.Errorf("frame %s-%s %d", e.StartTime.Value, e.EndTime.Value, e.Duration)
						}
						return nil
					}),
				),
			},
			emptyPlanStep(fromEnd),
		},
	})
}

// Equal times in other spellings are no change: after create, after a re-spelling in the
// configuration, and after an import.
func TestAccTimeEntry_timeFormats(t *testing.T) {
	env := newAccEnv(t)
	f := newEntryFixture(t, env)
	spelled := func(start, end string) string {
		return env.config(entryConfig(f, fmt.Sprintf(`
  date       = "2026-03-02"
  start_time = %q
  end_time   = %q`, start, end)))
	}
	short := spelled("9:00", "17:30")
	var ref timecamp.EntryRef

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             entryGone(env, &ref),
		Steps: []resource.TestStep{
			{
				Config: short,
				Check: resource.ComposeAggregateTestCheckFunc(
					func(s *terraform.State) (err error) { ref, err = entryRefFrom(s, entryName); return err },
					// State keeps the configuration's spelling; TimeCamp has the canonical one.
					resource.TestCheckResourceAttr(entryName, "start_time", "9:00"),
					resource.TestCheckResourceAttr(entryName, "end_time", "17:30"),
					resource.TestCheckResourceAttr(entryName, "duration", "30600"),
					checkEntry(env, entryName, func(e *timecamp.Entry) error {
						if e.StartTime.Value != "09:00:00" || e.EndTime.Value != "17:30:00" {
							return fmt.Errorf("frame %s-%s", e.StartTime.Value, e.EndTime.Value)
						}
						return nil
					}),
				),
			},
			emptyPlanStep(short),
			emptyPlanStep(spelled("09:00:00", "17:30:00")),
			emptyPlanStep(spelled("09:00", "5:30 PM")),
			emptyPlanStep(spelled("9:00:00 am", "17:30:00")),
			// A real change of the time is still a change.
			{
				Config: spelled("9:00", "17:45"),
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(entryName, plancheck.ResourceActionUpdate)},
				},
				Check: resource.TestCheckResourceAttr(entryName, "duration", "31500"),
			},
		},
	})
}

func TestAccTimeEntry_importThenOtherSpellingPlansNothing(t *testing.T) {
	env := newAccEnv(t)
	f := newEntryFixture(t, env)
	ctx := context.Background()
	id, err := env.Client.Entries.Create(ctx, timecamp.EntryInput{Date: timecamp.Set("2026-03-04"),
		StartTime: timecamp.Set("08:05:00"), EndTime: timecamp.Set("12:00:00"), TaskID: timecamp.Set(f.taskA),
		Note: timecamp.Set("Imported"), TagIDs: []int64{f.dev, f.review}})
	if err != nil {
		t.Fatal(err)
	}
	cfg := env.config(entryConfig(f, `
  date       = "2026-03-04"
  start_time = "8:05 am"
  end_time   = "12:00"
  task_id    = local.task_a
  note       = "Imported"
  tags       = [local.dev, local.review]`))
	ref := timecamp.EntryRef{ID: id, Date: "2026-03-04", UserID: f.user}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             entryGone(env, &ref),
		Steps: []resource.TestStep{
			{
				Config:             cfg,
				ResourceName:       entryName,
				ImportState:        true,
				ImportStatePersist: true,
				ImportStateId:      fmt.Sprintf("2026-03-04:%d", id),
			},
			emptyPlanStep(cfg),
		},
	})
}

// A lost reply to the create: the entry exists once, and state holds it.
func TestAccTimeEntry_lostCreateReply(t *testing.T) {
	env, f := emulatorEntryFixture(t)
	cfg := env.config(entryConfig(f, `
  date       = "2026-03-02"
  start_time = "09:00"
  end_time   = "10:00"
  task_id    = local.task_a
  note       = "Lost reply"
  tags       = [local.dev]`))
	// Another entry on the same day that must not be mistaken for the new one.
	if _, err := env.Emulator.SeedEntries(timecamptest.SeedEntry{TaskID: f.taskA, Date: "2026-03-02", Start: "09:00", End: "10:00", Note: "Lost reply"}); err != nil {
		t.Fatal(err)
	}
	var ref timecamp.EntryRef

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             entryGone(env, &ref),
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					env.Emulator.InjectFault(timecamptest.Fault{Method: http.MethodPost, Path: "/entries", LoseReply: true})
				},
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					func(s *terraform.State) (err error) { ref, err = entryRefFrom(s, entryName); return err },
					func(*terraform.State) error {
						if n := env.Emulator.RequestCount(http.MethodPost, "/entries"); n != 1 {
							return fmt.Errorf("POST /entries sent %d times, want once", n)
						}
						recs := env.Emulator.EntryRecords()
						if len(recs) != 2 {
							return fmt.Errorf("%d entries, want the seeded one and the new one", len(recs))
						}
						if recs[1].ID != ref.ID {
							return fmt.Errorf("state holds entry %d, the new entry is %d", ref.ID, recs[1].ID)
						}
						return nil
					},
					resource.TestCheckResourceAttr(entryName, "tags.#", "1"),
				),
			},
			emptyPlanStep(cfg),
		},
	})
}

// A create that failed with a server error created nothing: no new entry, nothing sent twice,
// and the message says to apply again.
func TestAccTimeEntry_createServerErrorNothingCreated(t *testing.T) {
	env, f := emulatorEntryFixture(t)
	cfg := env.config(entryConfig(f, `
  date     = "2026-03-02"
  duration = 600`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					env.Emulator.InjectFault(timecamptest.Fault{Method: http.MethodPost, Path: "/entries", Status: http.StatusBadGateway})
				},
				Config:      cfg,
				ExpectError: regexp.MustCompile(`(?s)No new matching entry is there.*run terraform apply again`),
			},
			{
				// The next apply creates it, once.
				Config: cfg,
				Check: func(*terraform.State) error {
					if n := env.Emulator.RequestCount(http.MethodPost, "/entries"); n != 2 {
						return fmt.Errorf("POST /entries sent %d times, want 2 (one per apply)", n)
					}
					if n := len(env.Emulator.EntryRecords()); n != 1 {
						return fmt.Errorf("%d entries, want 1", n)
					}
					return nil
				},
			},
		},
	})
}

// A lost reply while another identical entry appears: the provider cannot tell which is its
// own, sends nothing again, and names both import ids.
func TestAccTimeEntry_lostCreateReplyAmbiguous(t *testing.T) {
	env, f := emulatorEntryFixture(t)
	cfg := env.config(entryConfig(f, `
  date     = "2026-03-02"
  duration = 600
  note     = "Twin"`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			PreConfig: func() {
				em := env.Emulator
				em.InjectFault(timecamptest.Fault{Method: http.MethodPost, Path: "/entries", LoseReply: true, Latency: 300 * time.Millisecond})
				// As soon as the provider has listed the day, someone else adds the same entry.
				go func() {
					for em.RequestCount(http.MethodGet, "/entries") == 0 {
						time.Sleep(2 * time.Millisecond)
					}
					_, _ = em.SeedEntries(timecamptest.SeedEntry{Date: "2026-03-02", Duration: 600, Note: "Twin"})
				}()
			},
			Config: cfg,
			ExpectError: regexp.MustCompile(fmt.Sprintf(`(?s)2 new entries match it.*import.*%d:2026-03-02:\d+,\s+%d:2026-03-02:\d+`,
				f.user, f.user)),
			Check: func(*terraform.State) error { return nil },
		}},
		CheckDestroy: func(*terraform.State) error {
			if n := env.Emulator.RequestCount(http.MethodPost, "/entries"); n != 1 {
				return fmt.Errorf("POST /entries sent %d times, want once", n)
			}
			return nil
		},
	})
}

func TestAccTimeEntry_planTimeContradictions(t *testing.T) {
	env := newAccEnv(t)
	cases := []struct {
		name, body string
		want       string
	}{
		{"nothing", `date = "2026-03-02"`, `Missing time of the entry(?s:.*)start_time and end_time(?s:.*)duration`},
		{"start alone", "date = \"2026-03-02\"\n  start_time = \"09:00\"", `start_time = "09:00" needs end_time or duration`},
		{"end alone", "date = \"2026-03-02\"\n  end_time = \"09:00\"", `end_time = "09:00" needs start_time or duration`},
		{"end before start", "date = \"2026-03-02\"\n  start_time = \"09:00\"\n  end_time = \"8:59:59\"",
			`end_time = "8:59:59" is before start_time = "09:00"`},
		{"duration disagrees", "date = \"2026-03-02\"\n  start_time = \"09:00\"\n  end_time = \"10:00\"\n  duration = 1800",
			`(?s)duration = 1800 seconds, but start_time = "09:00" and end_time = "10:00".*3600 seconds apart`},
		{"past midnight", "date = \"2026-03-02\"\n  start_time = \"23:00\"\n  duration = 7200", `(?s)Entry past midnight.*ends at or after midnight`},
		{"before midnight", "date = \"2026-03-02\"\n  end_time = \"01:00\"\n  duration = 7200", `Entry before midnight`},
		{"bad time", "date = \"2026-03-02\"\n  start_time = \"9am\"\n  duration = 60", `(?s)Invalid time of day.*"9am" is not a time of day`},
		{"offset", "date = \"2026-03-02\"\n  start_time = \"09:00+02:00\"\n  duration = 60", `(?s)has a time zone or offset.*local time`},
		{"hour 24", "date = \"2026-03-02\"\n  start_time = \"24:00\"\n  duration = 60", `hours run from 0 to 23`},
		{"bad date", "date = \"2026/03/02\"\n  duration = 60", `"2026/03/02" is not a date written YYYY-MM-DD`},
		{"no such day", "date = \"2026-02-30\"\n  duration = 60", `2026-02-30 is not a day in the\s+calendar:\s+February\s+2026\s+has\s+28\s+days`},
		{"negative duration", "date = \"2026-03-02\"\n  duration = -5", `(?s)duration.*between 0 and 86400`},
	}
	steps := make([]resource.TestStep, 0, len(cases))
	for _, c := range cases {
		steps = append(steps, resource.TestStep{
			Config:      env.config(fmt.Sprintf("resource \"timecamp_time_entry\" \"work\" {\n  %s\n}\n", c.body)),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(c.want),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps:                    steps,
	})
	if env.Emulator != nil {
		if n := env.Emulator.RequestCount(http.MethodPost, "/entries") + env.Emulator.RequestCount(http.MethodGet, "/entries"); n != 0 {
			t.Fatalf("%d requests to /entries: plan-time errors must come before any request", n)
		}
	}
}

func TestAccTimeEntry_badImportID(t *testing.T) {
	env := newAccEnv(t)
	cfg := env.config("resource \"timecamp_time_entry\" \"work\" {\n  date = \"2026-03-02\"\n  duration = 60\n}\n")
	var steps []resource.TestStep
	for id, want := range map[string]string{
		"260000001":              `(?s)Invalid import ID.*<user_id>:<date>:<entry_id>.*"260000001" has 1 part`,
		"2026-03-02:abc":         `the entry id "abc" is not a positive whole number`,
		"me:2026-03-02:5":        `the user id "me" is not a positive whole number`,
		"1:02/03/2026:5":         `"02/03/2026" is not a date written YYYY-MM-DD`,
		"1:2026-02-29:5":         `2026-02-29 is not a day in the\s+calendar`,
		"1:2:2026-03-02:5":       `has 4 part`,
		"2026-03-02:5:260000001": `the user id "2026-03-02"`,
	} {
		steps = append(steps, resource.TestStep{
			Config: cfg, ResourceName: entryName, ImportState: true, ImportStateId: id,
			ExpectError: regexp.MustCompile(want),
		})
	}
	// A well-formed id of an entry that does not exist is not found in its day.
	steps = append(steps, resource.TestStep{
		Config: cfg, ResourceName: entryName, ImportState: true, ImportStateId: "2026-03-02:260009999",
		ExpectError: regexp.MustCompile(`(?i)cannot import non-existent remote object`),
	})
	resource.ParallelTest(t, resource.TestCase{ProtoV6ProviderFactories: testProviderFactories, Steps: steps})
}

// Tags that TimeCamp does not attach (an archived tag) are an error naming them, and the entry is
// kept in state (tainted) rather than forgotten.
func TestAccTimeEntry_refusedTag(t *testing.T) {
	env := newAccEnv(t)
	f := newEntryFixture(t, env)
	if err := env.Client.Tags.Update(context.Background(), f.review, timecamp.Field[string]{}, timecamp.Set(true)); err != nil {
		t.Fatal(err)
	}
	cfg := env.config(entryConfig(f, `
  date     = "2026-03-02"
  duration = 60
  tags     = [local.dev, local.review]`))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config:      cfg,
			ExpectError: regexp.MustCompile(fmt.Sprintf(`(?s)Tags not attached to the time entry.*\[%d\]`, f.review)),
		}},
		CheckDestroy: func(*terraform.State) error {
			// Terraform destroyed the tainted entry at the end of the test.
			if env.Emulator != nil && len(env.Emulator.EntryRecords()) != 0 {
				return fmt.Errorf("%d entries left", len(env.Emulator.EntryRecords()))
			}
			return nil
		},
	})
}
