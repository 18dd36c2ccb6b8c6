package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

const entriesName = "data.timecamp_time_entries.march"

func TestAccTimeEntriesDataSource_emptyAccount(t *testing.T) {
	env := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.config(`
data "timecamp_time_entries" "march" {
  from = "2026-03-01"
  to   = "2026-03-31"
}
`),
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr(entriesName, "entries.#", "0"),
				resource.TestCheckResourceAttr(entriesName, "total_duration", "0"),
			),
		}},
	})
}

// A busy month: a thousand entries (with tags, rates, entries without a time frame and a locked
// one) come back in one answer and decode.
func TestAccTimeEntriesDataSource_busyMonth(t *testing.T) {
	env, f := emulatorEntryFixture(t) // seeds a thousand entries into the emulator
	ctx := context.Background()
	if _, err := env.Client.Rates.Set(ctx, timecamp.RateTarget{TaskID: f.taskA}, timecamp.RateInput{RateTypeID: 1, Value: "120.00"}); err != nil {
		t.Fatal(err)
	}
	var seed []timecamptest.SeedEntry
	total, onTaskB, onMarch2 := int64(0), 0, 0
	for i := 0; i < 1000; i++ {
		e := timecamptest.SeedEntry{
			Date:     fmt.Sprintf("2026-03-%02d", 1+i%31),
			TaskID:   f.taskA,
			Note:     fmt.Sprintf("entry %d", i),
			Billable: i%2 == 0,
		}
		switch {
		case i%10 == 9: // no time frame
			e.Duration, e.TaskID = 900, 0
		case i%7 == 0:
			e.Start, e.Duration, e.TagIDs, e.TaskID = fmt.Sprintf("%02d:%02d:00", 6+i%12, i%60), 1800, []int64{f.dev, f.review}, f.taskB
		default:
			e.Start, e.Duration, e.TagIDs = fmt.Sprintf("%02d:%02d:00", 6+i%12, i%60), 3600, []int64{f.dev}
		}
		e.Locked = i == 500
		total += e.Duration
		if e.TaskID == f.taskB {
			onTaskB++
		}
		if e.Date == "2026-03-02" {
			onMarch2++
		}
		seed = append(seed, e)
	}
	// Outside the range: not listed.
	seed = append(seed, timecamptest.SeedEntry{Date: "2026-02-28", Duration: 60}, timecamptest.SeedEntry{Date: "2026-04-01", Duration: 60})
	ids, err := env.Emulator.SeedEntries(seed...)
	if err != nil {
		t.Fatal(err)
	}

	// Entry 0: 1 March at 06:00, task B, two tags.
	first := strconv.FormatInt(ids[0], 10)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.config(fmt.Sprintf(`
data "timecamp_time_entries" "march" {
  from = "2026-03-01"
  to   = "2026-03-31"
}

data "timecamp_time_entries" "task_b" {
  from    = "2026-03-01"
  to      = "2026-03-31"
  task_id = %d
}

data "timecamp_time_entries" "mine_one_day" {
  from          = "2026-03-02"
  to            = "2026-03-02"
  user_ids      = [%d]
  include_rates = false
}
`, f.taskB, f.user)),
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr(entriesName, "entries.#", "1000"),
				resource.TestCheckResourceAttr(entriesName, "total_duration", strconv.FormatInt(total, 10)),
				// Ordered by date, start time and id: on 1 March the entries without a time frame (279, 589
				// and 899) come first, then entry 0 at 06:00.
				resource.TestCheckResourceAttr(entriesName, "entries.0.id", strconv.FormatInt(ids[279], 10)),
				resource.TestCheckResourceAttr(entriesName, "entries.0.date", "2026-03-01"),
				resource.TestCheckResourceAttr(entriesName, "entries.1.id", strconv.FormatInt(ids[589], 10)),
				resource.TestCheckResourceAttr(entriesName, "entries.2.id", strconv.FormatInt(ids[899], 10)),
				resource.TestCheckResourceAttr(entriesName, "entries.3.id", first),
				resource.TestCheckResourceAttr(entriesName, "entries.999.date", "2026-03-31"),
				checkEntryWhere(entriesName, func(e map[string]string) bool { return e["id"] == first }, map[string]string{
					"date": "2026-03-01", "start_time": "06:00:00", "end_time": "06:30:00", "start": "2026-03-01T06:00:00",
					"duration": "1800", "task_id": fmt.Sprint(f.taskB), "task_name": "Mobile app", "user_id": fmt.Sprint(f.user),
					"user_name": "Emulator Admin", "note": "entry 0", "billable": "true", "locked": "false", "invoice_id": "",
					"tags.#": "2", "tags.0.tag_id": fmt.Sprint(f.dev), "tags.0.name": "Development",
					"tags.0.tag_list_name": "Activity", "tags.1.tag_id": fmt.Sprint(f.review),
					"total_income": "0.00", // task B has no rate
				}),
				resource.TestCheckResourceAttrSet(entriesName, "entries.1.last_modified"),
				checkEntryWhere(entriesName, func(e map[string]string) bool { return e["note"] == "entry 2" }, map[string]string{
					"task_id": fmt.Sprint(f.taskA), "duration": "3600", "total_income": "120.00", "total_cost": "0.00",
					"rate_income": "120", "tags.#": "1",
				}),
				checkEntryWhere(entriesName, func(e map[string]string) bool { return e["note"] == "entry 9" }, map[string]string{
					"duration": "900", "start_time": "", "start": "", "end_time": "", "task_id": "", "task_name": "", "tags.#": "0",
				}),
				checkEntryWhere(entriesName, func(e map[string]string) bool { return e["note"] == "entry 500" }, map[string]string{
					"locked": "true",
				}),
				resource.TestCheckResourceAttr("data.timecamp_time_entries.task_b", "entries.#", strconv.Itoa(onTaskB)),
				resource.TestCheckResourceAttr("data.timecamp_time_entries.mine_one_day", "entries.#", strconv.Itoa(onMarch2)),
				resource.TestCheckNoResourceAttr("data.timecamp_time_entries.mine_one_day", "entries.0.total_cost"),
			),
		}},
	})
}

// checkEntryWhere finds the one entry of a data source that pick selects and compares its
// attributes ("" means null).
func checkEntryWhere(name string, pick func(map[string]string) bool, want map[string]string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		rs, ok := s.RootModule().Resources[name]
		if !ok {
			return fmt.Errorf("%s not in state", name)
		}
		// One pass over the attributes, grouped by entry: entries.<i>.<name>.
		byEntry := map[int]map[string]string{}
		for k, v := range rs.Primary.Attributes {
			rest, ok := strings.CutPrefix(k, "entries.")
			idx, name, ok2 := strings.Cut(rest, ".")
			i, err := strconv.Atoi(idx)
			if !ok || !ok2 || err != nil {
				continue
			}
			if byEntry[i] == nil {
				byEntry[i] = map[string]string{}
			}
			byEntry[i][name] = v
		}
		found := -1
		for i, attrs := range byEntry {
			if !pick(attrs) {
				continue
			}
			if found >= 0 {
				return fmt.Errorf("entries %d and %d both match", found, i)
			}
			found = i
			for k, v := range want {
				if attrs[k] != v {
					return fmt.Errorf("entries.%d.%s = %q, want %q", i, k, attrs[k], v)
				}
			}
		}
		if found < 0 {
			return fmt.Errorf("no entry matches")
		}
		return nil
	}
}

func TestAccTimeEntriesDataSource_refusals(t *testing.T) {
	env := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: env.config(`
data "timecamp_time_entries" "march" {
  from = "2026-03-31"
  to   = "2026-03-01"
}
`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Invalid date range.*to = "2026-03-01" is before from = "2026-03-31"`),
			},
			{
				Config: env.config(`
data "timecamp_time_entries" "march" {
  from = "2026-3-1"
  to   = "2026-03-31"
}
`),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`"2026-3-1" is not a date written YYYY-MM-DD`),
			},
			{
				Config: env.config(`
data "timecamp_time_entries" "march" {
  from     = "2026-03-01"
  to       = "2026-03-31"
  user_ids = [12345]
}
`),
				ExpectError: regexp.MustCompile(`(?s)Unable to read time entries.*users \[12345\].*403 when one of user_ids does not exist`),
			},
		},
	})
}
