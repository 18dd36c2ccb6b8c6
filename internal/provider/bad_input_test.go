package provider

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

// badInput is one bad configuration tried through terraform against a fresh emulator.
//
// The row's setup (if any) is applied first. Then bad is planned (atPlan: the plan itself must
// fail with err) or planned and applied (the plan must succeed, the apply fail with err). After
// the failure, recover must plan empty, which proves the state holds exactly what it held before
// (or, for a partial apply, exactly what recover describes); every object of a managed type in the
// account must be in state and the other way round; and, unless partial, the account must be
// byte for byte what it was before the bad configuration was tried.
//
// A row with accept set is input the API takes as written: it must apply, and re-plan empty (no
// perpetual diff from a name the API would store differently).
type badInput struct {
	name    string
	setup   string
	bad     string
	err     string // regular expression; it must name the attribute
	atPlan  bool
	recover string // default: setup
	partial bool   // the apply creates some objects before it fails
	accept  bool
}

// attrErr matches a diagnostic with this summary that terraform attaches to attr: terraform prints
// the configuration line of the attribute (`  12:   name = ""`) under the summary.
func attrErr(summary, attr string) string {
	return `(?s)Error: ` + summary + `.*\n\s*\d+:\s+` + regexp.QuoteMeta(attr) + `\s+=`
}

// inText matches a diagnostic with this summary whose text (after the summary) names attr.
func inText(summary, attr string) string {
	return `(?s)Error: ` + summary + `.*` + regexp.QuoteMeta(attr)
}

// The placeholders below are filled in per row from the emulator's fresh account: a new emulator
// hands out ids in a fixed order, so a configuration can name an object created by an earlier step
// by its literal id (a reference would let Terraform, not the provider, reject a cycle).
const (
	phNextGroup  = "{next_group}" // the id of the first group created
	phNextGroup2 = "{next_group+1}"
	phNextTask   = "{next_task}"
	phNextTask2  = "{next_task+1}"
	phMissing    = "999999999" // an id no emulator object has
)

func badInputRows() []badInput {
	long := func(n int) string { return strings.Repeat("x", n) }
	group := func(name, extra string) string {
		return fmt.Sprintf("resource \"timecamp_group\" \"bad\" {\n  name = %q\n%s}\n", name, extra)
	}
	task := func(name, extra string) string {
		return fmt.Sprintf("resource \"timecamp_task\" \"bad\" {\n  name = %q\n%s}\n", name, extra)
	}
	tagList := func(name string) string {
		return fmt.Sprintf("resource \"timecamp_tag_list\" \"bad\" {\n  name = %q\n}\n", name)
	}
	const list = "resource \"timecamp_tag_list\" \"l\" {\n  name = \"Activity\"\n}\n"
	tag := func(name string) string {
		return list + fmt.Sprintf("resource \"timecamp_tag\" \"bad\" {\n  tag_list_id = timecamp_tag_list.l.id\n  name = %q\n}\n", name)
	}
	client := func(name, extra string) string {
		return fmt.Sprintf("resource \"timecamp_client\" \"bad\" {\n  organization_name = %q\n%s}\n", name, extra)
	}
	fieldOf := func(name, resourceType, fieldType, extra string) string {
		return fmt.Sprintf("resource \"timecamp_custom_field\" \"bad\" {\n  name = %q\n  resource_type = %q\n  field_type = %q\n%s}\n",
			name, resourceType, fieldType, extra)
	}
	field := func(name, extra string) string { return fieldOf(name, "task", "string", extra) }
	// entry is a time entry with the given attribute lines, on a task of its own.
	const entryTask = "resource \"timecamp_task\" \"t\" {\n  name = \"Work\"\n}\n"
	entry := func(lines string) string {
		return entryTask + "resource \"timecamp_time_entry\" \"bad\" {\n  task_id = timecamp_task.t.id\n" + lines + "}\n"
	}
	rate := func(lines string) string {
		return "resource \"timecamp_billing_rate\" \"bad\" {\n  rate_type_id = 1\n" + lines + "}\n"
	}
	entries := func(from, to, extra string) string {
		return fmt.Sprintf("data \"timecamp_time_entries\" \"bad\" {\n  from = %q\n  to = %q\n%s}\n", from, to, extra)
	}
	activities := func(from, to string) string {
		return fmt.Sprintf("data \"timecamp_computer_activities\" \"bad\" {\n  from = %q\n  to = %q\n}\n", from, to)
	}
	// chain is a tree of groups below the root: chain(3) is levels 2, 3 and 4.
	chain := func(n int) string {
		var b strings.Builder
		for i := 1; i <= n; i++ {
			parent := ""
			if i > 1 {
				parent = fmt.Sprintf("  parent_id = timecamp_group.g%d.id\n", i-1)
			}
			fmt.Fprintf(&b, "resource \"timecamp_group\" \"g%d\" {\n  name = \"Level %d\"\n%s}\n", i, i+1, parent)
		}
		return b.String()
	}
	twoGroups := "resource \"timecamp_group\" \"a\" {\n  name = \"A\"\n%s}\n" +
		"resource \"timecamp_group\" \"b\" {\n  name = \"B\"\n  parent_id = timecamp_group.a.id\n}\n"
	twoTasks := "resource \"timecamp_task\" \"a\" {\n  name = \"A\"\n%s}\n" +
		"resource \"timecamp_task\" \"b\" {\n  name = \"B\"\n  parent_id = timecamp_task.a.id\n}\n"
	// c is made below b in the same apply that moves a under c, so c's id is unknown at plan time.
	// b is named by its literal id: a reference would make a cycle Terraform itself refuses.
	newGroupC := "resource \"timecamp_group\" \"c\" {\n  name = \"C\"\n  parent_id = " + phNextGroup2 + "\n}\n"
	newTaskC := "resource \"timecamp_task\" \"c\" {\n  name = \"C\"\n  parent_id = " + phNextTask2 + "\n}\n"
	numberField := entryTask + "resource \"timecamp_custom_field\" \"n\" {\n  name = \"Priority\"\n  resource_type = \"task\"\n  field_type = \"number\"\n}\n"
	favourites := "resource \"timecamp_task\" \"t\" {\n  count = 11\n  name = \"Task ${count.index}\"\n}\n" +
		"resource \"timecamp_favorite_task\" \"f\" {\n  count = 10\n  task_id = timecamp_task.t[count.index].id\n}\n"

	return []badInput{
		// Names: empty, blank, overlong, and names TimeCamp would store differently (SPEC §5.1).
		{name: "group name empty", bad: group("", ""), err: attrErr("Invalid name", "name"), atPlan: true},
		{name: "group name blank", bad: group("   ", ""), err: attrErr("Invalid name", "name"), atPlan: true},
		{name: "group name trailing space", bad: group("Sales ", ""), err: attrErr("Invalid name", "name"), atPlan: true},
		{name: "group name with tab", bad: group("Sales\tEU", ""), err: attrErr("Invalid name", "name"), atPlan: true},
		{name: "group name overlong", bad: group(long(maxGroupNameLen+1), ""), err: attrErr("Invalid name", "name"), atPlan: true},
		{name: "group name at the limit", bad: group(strings.Repeat("ż", maxGroupNameLen), ""), accept: true},
		{name: "task name empty", bad: task("", ""), err: attrErr("Invalid name", "name"), atPlan: true},
		{name: "task name overlong", bad: task(long(191), ""), err: attrErr("Invalid name", "name"), atPlan: true},
		{name: "task name with pipe", bad: task("Web | App", ""), err: attrErr("Invalid name", "name"), atPlan: true},
		{name: "task name with arrow", bad: task("Web → App", ""), err: attrErr("Invalid name", "name"), atPlan: true},
		{name: "task name leading space", bad: task(" Web", ""), err: attrErr("Invalid name", "name"), atPlan: true},
		{name: "task name with tab", bad: task("Web\tApp", ""), err: attrErr("Invalid name", "name"), atPlan: true},
		{name: "task name at the limit in runes", bad: task(strings.Repeat("ż", 190), ""), accept: true},
		{name: "tag list name empty", bad: tagList(""), err: attrErr("Invalid name", "name"), atPlan: true},
		{name: "tag list name overlong", bad: tagList(long(tagNameMaxLen + 1)), err: attrErr("Invalid name", "name"), atPlan: true},
		{name: "tag name empty", bad: tag(""), err: attrErr("Invalid name", "name"), atPlan: true},
		{name: "tag name overlong", bad: tag(long(tagNameMaxLen + 1)), err: attrErr("Invalid name", "name"), atPlan: true},
		{name: "tag name trailing tab", bad: tag("Meeting\t"), err: attrErr("Invalid name", "name"), atPlan: true},
		{name: "client name empty", bad: client("", ""), err: attrErr("Invalid Attribute Value", "organization_name"), atPlan: true},
		{name: "client name blank", bad: client(" \t ", ""), err: attrErr("Invalid Attribute Value", "organization_name"), atPlan: true},
		{name: "client name long", bad: client(long(1000), ""), accept: true},
		{name: "custom field name empty", bad: field("", ""), err: attrErr("Invalid Attribute Value", "name"), atPlan: true},
		{name: "custom field name blank", bad: field("  ", ""), err: attrErr("Invalid Attribute Value", "name"), atPlan: true},
		{name: "custom field name long", bad: field(long(1000), ""), accept: true},

		// Colours, units, budgets and other enumerations.
		{name: "task colour set", bad: task("Web", "  color = \"#GGGGGG\"\n"), err: attrErr("Invalid Configuration for Read-Only Attribute", "color"), atPlan: true},
		{name: "task budget unit unknown", bad: task("Web", "  budget_unit = \"minutes\"\n"), err: attrErr("Invalid Attribute Value Match", "budget_unit"), atPlan: true},
		{name: "task budget negative", bad: task("Web", "  budget = -1\n"), err: attrErr("Invalid Attribute Value", "budget"), atPlan: true},
		{name: "task budget below a second", bad: task("Web", "  budget = 0.0001\n"), err: attrErr("Invalid budget", "budget"), atPlan: true},
		{name: "task fee budget fractional", bad: task("Web", "  budget = 10.5\n  budget_unit = \"fee\"\n"), err: attrErr("Invalid budget", "budget"), atPlan: true},
		{name: "custom field type unknown", bad: fieldOf("Priority", "task", "colour", ""), err: attrErr("Invalid Attribute Value Match", "field_type"), atPlan: true},
		{name: "custom field resource type unknown", bad: fieldOf("Priority", "project", "string", ""), err: attrErr("Invalid Attribute Value Match", "resource_type"), atPlan: true},
		{name: "custom field option not JSON", bad: field("Priority", "  options = [\"{value: 1}\"]\n"), err: attrErr("Invalid custom field option", "options"), atPlan: true},
		{name: "client email invalid", bad: client("Acme", "  email = \"billing-at-acme\"\n"), err: attrErr("Invalid Attribute Value Match", "email"), atPlan: true},
		{name: "client currency zero", bad: client("Acme", "  currency_id = 0\n"), err: attrErr("Invalid Attribute Value", "currency_id"), atPlan: true},
		{name: "user email invalid", bad: "resource \"timecamp_user\" \"bad\" {\n  email = \"ann\"\n}\n", err: attrErr("Invalid Attribute Value Match", "email"), atPlan: true},
		{name: "user role unknown", bad: "resource \"timecamp_user\" \"bad\" {\n  email = \"ann@example.com\"\n  role = \"boss\"\n}\n",
			err: attrErr("Invalid Attribute Value Match", "role"), atPlan: true},
		{name: "rate value negative", bad: rate("  task_id = 5\n  value = -5\n"), err: attrErr("Invalid billing rate value", "value"), atPlan: true},
		{name: "rate value three decimals", bad: rate("  task_id = 5\n  value = 1.005\n"), err: attrErr("Invalid billing rate value", "value"), atPlan: true},

		{name: "rate without target", bad: rate("  value = 10\n"), err: inText("Missing billing rate target", "task_id"), atPlan: true},
		{name: "rate for group and task", bad: rate("  task_id = 5\n  group_id = 6\n  value = 10\n"), err: inText("", "group_id"), atPlan: true},
		{name: "custom field value not a number", setup: numberField, bad: numberField + "resource \"timecamp_custom_field_value\" \"bad\" {\n" +
			"  template_id = timecamp_custom_field.n.id\n  resource_id = timecamp_task.t.id\n  value = \"high\"\n}\n",
			err: attrErr("Invalid custom field value", "value"), atPlan: true},

		// Dates and times in wrong formats, and ranges that end before they start.
		{name: "entry date empty", bad: entry("  date = \"\"\n  duration = 60\n"), err: attrErr("Invalid date", "date"), atPlan: true},
		{name: "entry date with slashes", bad: entry("  date = \"2026/03/02\"\n  duration = 60\n"), err: attrErr("Invalid date", "date"), atPlan: true},
		{name: "entry date day first", bad: entry("  date = \"02-03-2026\"\n  duration = 60\n"), err: attrErr("Invalid date", "date"), atPlan: true},
		{name: "entry date not in the calendar", bad: entry("  date = \"2026-02-30\"\n  duration = 60\n"), err: attrErr("Invalid date", "date"), atPlan: true},
		{name: "entry date with time", bad: entry("  date = \"2026-03-02T09:00:00\"\n  duration = 60\n"), err: attrErr("Invalid date", "date"), atPlan: true},
		{name: "entry start hour 25", bad: entry("  date = \"2026-03-02\"\n  start_time = \"25:00\"\n  duration = 60\n"), err: attrErr("Invalid time of day", "start_time"), atPlan: true},
		{name: "entry start with offset", bad: entry("  date = \"2026-03-02\"\n  start_time = \"09:00+02:00\"\n  duration = 60\n"), err: attrErr("Invalid time of day", "start_time"), atPlan: true},
		{name: "entry end before start", bad: entry("  date = \"2026-03-02\"\n  start_time = \"10:00\"\n  end_time = \"09:00\"\n"), err: attrErr("End before start", "end_time"), atPlan: true},
		{name: "entry duration contradicts start and end", bad: entry("  date = \"2026-03-02\"\n  start_time = \"09:00\"\n  end_time = \"10:00\"\n  duration = 600\n"),
			err: attrErr("Duration contradicts start and end", "duration"), atPlan: true},
		{name: "entry past midnight", bad: entry("  date = \"2026-03-02\"\n  start_time = \"23:00\"\n  duration = 7200\n"), err: attrErr("Entry past midnight", "duration"), atPlan: true},
		{name: "entry before midnight", bad: entry("  date = \"2026-03-02\"\n  end_time = \"01:00\"\n  duration = 7200\n"), err: attrErr("Entry before midnight", "duration"), atPlan: true},
		{name: "entry without any time", bad: entry("  date = \"2026-03-02\"\n"), err: inText("Missing time of the entry", "duration"), atPlan: true},
		{name: "entry start alone", bad: entry("  date = \"2026-03-02\"\n  start_time = \"09:00\"\n"), err: attrErr("Incomplete time of the entry", "start_time"), atPlan: true},
		{name: "entry duration negative", bad: entry("  date = \"2026-03-02\"\n  duration = -60\n"), err: attrErr("Invalid Attribute Value", "duration"), atPlan: true},
		{name: "entry duration over a day", bad: entry("  date = \"2026-03-02\"\n  duration = 90000\n"), err: attrErr("Invalid Attribute Value", "duration"), atPlan: true},
		{name: "rate date day first", bad: rate("  task_id = 5\n  value = 10\n  add_date = \"01.01.2025\"\n"), err: attrErr("Invalid date", "add_date"), atPlan: true},
		{name: "time entries range backwards", bad: entries("2026-03-10", "2026-03-01", ""), err: attrErr("Invalid date range", "to"), atPlan: true},
		{name: "time entries date format", bad: entries("2026-3-1", "2026-03-10", ""), err: attrErr("Invalid date", "from"), atPlan: true},
		{name: "time entries no users", bad: entries("2026-03-01", "2026-03-10", "  user_ids = []\n"), err: attrErr("Invalid Attribute Value", "user_ids"), atPlan: true},
		{name: "activities range backwards", bad: activities("2026-03-10", "2026-03-01"), err: attrErr("Invalid date range", "to"), atPlan: true},
		{name: "activities date format", bad: activities("yesterday", "2026-03-01"), err: attrErr("Invalid date", "from"), atPlan: true},

		// Ids of objects that do not exist, and ids that cannot be.
		{name: "group parent zero", bad: group("Sales", "  parent_id = 0\n"), err: attrErr("Invalid Attribute Value", "parent_id"), atPlan: true},
		{name: "group parent missing", bad: group("Sales", "  parent_id = "+phMissing+"\n"), err: attrErr("Invalid parent group", "parent_id"), atPlan: true},
		{name: "task parent missing", bad: task("Web", "  parent_id = "+phMissing+"\n"), err: attrErr("Invalid parent task", "parent_id"), atPlan: true},
		{name: "tag in missing list", bad: "resource \"timecamp_tag\" \"bad\" {\n  tag_list_id = " + phMissing + "\n  name = \"Meeting\"\n}\n", err: inText("Unable to create tag", "set tag_list_id")},
		{name: "entry on missing task", bad: "resource \"timecamp_time_entry\" \"bad\" {\n  task_id = " + phMissing + "\n  date = \"2026-03-02\"\n  duration = 60\n}\n", err: attrErr("Unable to create time entry", "task_id")},
		{name: "entry with missing tag", setup: entryTask, bad: entry("  date = \"2026-03-02\"\n  duration = 60\n  tags = [" + phMissing + "]\n"), err: attrErr("Tags not attached to the time entry", "tags")},
		{name: "task user missing user", setup: entryTask, bad: entryTask + "resource \"timecamp_task_user\" \"bad\" {\n  task_id = timecamp_task.t.id\n  user_id = " + phMissing + "\n}\n",
			err: inText("Unable to create task assignment", "check user_id")},
		{name: "user in missing group", bad: "resource \"timecamp_user\" \"bad\" {\n  email = \"ann@example.com\"\n  group_id = " + phMissing + "\n}\n", err: attrErr("Unable to create user", "group_id")},
		{name: "favourite of missing task", bad: "resource \"timecamp_favorite_task\" \"bad\" {\n  task_id = " + phMissing + "\n}\n", err: inText("Unable to pin favourite task", "set task_id")},
		{name: "timer on missing task", bad: "resource \"timecamp_timer\" \"bad\" {\n  task_id = " + phMissing + "\n}\n", err: attrErr("Unable to start timer", "task_id")},
		{name: "rate on missing task", bad: rate("  task_id = " + phMissing + "\n  value = 10\n"), err: inText("Unable to create billing rate", "check task_id")},

		// The group tree: a fifth level, and cycles of parents.
		{name: "fifth group level in one apply", bad: chain(4), err: attrErr("Invalid parent group", "parent_id"), partial: true, recover: chain(3)},
		{name: "fifth group level below existing", setup: chain(3), bad: chain(3) + "resource \"timecamp_group\" \"bad\" {\n  name = \"Level 5\"\n  parent_id = timecamp_group.g3.id\n}\n",
			err: attrErr("Invalid parent group", "parent_id"), atPlan: true},
		{name: "group cycle of two", setup: fmt.Sprintf(twoGroups, ""), bad: fmt.Sprintf(twoGroups, "  parent_id = "+phNextGroup2+"\n"), err: attrErr("Invalid parent group", "parent_id"), atPlan: true},
		{name: "group its own parent", setup: fmt.Sprintf(twoGroups, ""), bad: fmt.Sprintf(twoGroups, "  parent_id = "+phNextGroup+"\n"), err: attrErr("Invalid parent group", "parent_id"), atPlan: true},
		{name: "task cycle of two", setup: fmt.Sprintf(twoTasks, ""), bad: fmt.Sprintf(twoTasks, "  parent_id = "+phNextTask2+"\n"), err: attrErr("Invalid parent task", "parent_id"), atPlan: true},
		{name: "task its own parent", setup: fmt.Sprintf(twoTasks, ""), bad: fmt.Sprintf(twoTasks, "  parent_id = "+phNextTask+"\n"), err: attrErr("Invalid parent task", "parent_id"), atPlan: true},

		{name: "group cycle through a new group", setup: fmt.Sprintf(twoGroups, ""),
			bad: fmt.Sprintf(twoGroups, "  parent_id = timecamp_group.c.id\n") + newGroupC, err: attrErr("Invalid parent group", "parent_id"),
			partial: true, recover: fmt.Sprintf(twoGroups, "") + newGroupC},
		{name: "task cycle through a new task", setup: fmt.Sprintf(twoTasks, ""),
			bad: fmt.Sprintf(twoTasks, "  parent_id = timecamp_task.c.id\n") + newTaskC, err: attrErr("Invalid parent task", "parent_id"),
			partial: true, recover: fmt.Sprintf(twoTasks, "") + newTaskC},

		// Favourites over the limit of 10.
		{name: "eleventh favourite", setup: favourites, bad: favourites + "resource \"timecamp_favorite_task\" \"bad\" {\n  task_id = timecamp_task.t[10].id\n}\n",
			err: inText("Unable to pin favourite task", "at most 10 favourite tasks")},
	}
}

// The figures logged at the end (go test -v shows them): rows that passed, by outcome.
var badInputsRefusedAtPlan, badInputsRefusedAtApply, badInputsAccepted atomic.Int64

func TestAccBadInput(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 to run it")
	}
	rows := badInputRows()
	seen := map[string]bool{}
	for _, row := range rows {
		if seen[row.name] {
			t.Fatalf("two rows named %q", row.name)
		}
		seen[row.name] = true
	}
	t.Cleanup(func() {
		plan, apply, accepted := badInputsRefusedAtPlan.Load(), badInputsRefusedAtApply.Load(), badInputsAccepted.Load()
		t.Logf("bad inputs: %d rows, %d passed: %d refused at plan time, %d refused at apply, %d edge cases accepted without a diff",
			len(rows), plan+apply+accepted, plan, apply, accepted)
	})
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) { runBadInput(t, row) })
	}
}

func runBadInput(t *testing.T, row badInput) {
	dataFile := filepath.Join(t.TempDir(), "account.json")
	env := newEmulatorEnv(t, timecamptest.Options{DataFile: dataFile})
	start := readSnapshot(t, dataFile)
	fill := strings.NewReplacer(
		phNextGroup, strconv.FormatInt(start.NextIDs.Group, 10),
		phNextGroup2, strconv.FormatInt(start.NextIDs.Group+1, 10),
		phNextTask, strconv.FormatInt(start.NextIDs.Task, 10),
		phNextTask2, strconv.FormatInt(start.NextIDs.Task+1, 10),
	).Replace
	setup, bad, recover := fill(row.setup), fill(row.bad), fill(row.recover)
	if row.recover == "" {
		recover = setup
	}

	var steps []resource.TestStep
	if setup != "" {
		steps = append(steps, resource.TestStep{Config: env.config(setup)})
	}
	var before []byte // the account just before the bad configuration is tried
	snapshotBefore := func() { before = readFile(t, dataFile) }

	switch {
	case row.accept:
		steps = append(steps,
			resource.TestStep{Config: env.config(bad), Check: checkStateMatchesAccount(dataFile)},
			emptyPlanStep(env.config(bad)),
		)
	case row.atPlan:
		steps = append(steps, resource.TestStep{
			PreConfig:   snapshotBefore,
			Config:      env.config(bad),
			PlanOnly:    true,
			ExpectError: regexp.MustCompile(row.err),
		})
	default:
		// The plan must pass (the error is one only the API can find), then the apply fail.
		steps = append(steps,
			resource.TestStep{PreConfig: snapshotBefore, Config: env.config(bad), PlanOnly: true, ExpectNonEmptyPlan: true},
			resource.TestStep{Config: env.config(bad), ExpectError: regexp.MustCompile(row.err)},
		)
	}
	if !row.accept {
		steps = append(steps, resource.TestStep{
			Config: env.config(recover),
			ConfigPlanChecks: resource.ConfigPlanChecks{
				PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
			},
			Check: resource.ComposeAggregateTestCheckFunc(
				checkStateMatchesAccount(dataFile),
				func(*terraform.State) error {
					if row.partial {
						return nil
					}
					b, a := withoutIDCounters(before), withoutIDCounters(readFile(t, dataFile))
					if b != a {
						return fmt.Errorf("the account changed although the configuration was refused:\nbefore: %s\nafter:  %s", b, a)
					}
					return nil
				},
			),
		})
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps:                    steps,
	})
	switch {
	case t.Failed():
	case row.accept:
		badInputsAccepted.Add(1)
	case row.atPlan:
		badInputsRefusedAtPlan.Add(1)
	default:
		badInputsRefusedAtApply.Add(1)
	}
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("reading the emulator's data file: %v", err)
	}
	return b
}

func readSnapshot(t *testing.T, name string) timecamptest.Snapshot {
	t.Helper()
	var s timecamptest.Snapshot
	if err := json.Unmarshal(readFile(t, name), &s); err != nil {
		t.Fatalf("decoding the emulator's data file: %v", err)
	}
	return s
}

// withoutIDCounters is the account in a data file without the ids it hands out next: an object
// created and deleted again by a refused create leaves only a used-up id behind.
func withoutIDCounters(data []byte) string {
	var snap timecamptest.Snapshot
	if err := json.Unmarshal(data, &snap); err != nil {
		return fmt.Sprintf("undecodable data file (%v): %s", err, data)
	}
	snap.NextIDs = timecamptest.NextIDs{}
	out, err := json.Marshal(snap)
	if err != nil {
		return err.Error()
	}
	return string(out)
}

// checkStateMatchesAccount compares, per managed type, the ids in state with the objects in the
// account (the emulator started empty, so every object there was made by Terraform): nothing
// half-created is missing from state, and state holds nothing that does not exist.
func checkStateMatchesAccount(dataFile string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		b, err := os.ReadFile(dataFile)
		if err != nil {
			return err
		}
		var snap timecamptest.Snapshot
		if err := json.Unmarshal(b, &snap); err != nil {
			return err
		}
		inAccount := map[string][]int64{}
		add := func(typ string, id int64) { inAccount[typ] = append(inAccount[typ], id) }
		for _, g := range snap.Groups {
			if g.ID != snap.RootGroupID {
				add("timecamp_group", g.ID)
			}
		}
		for _, x := range snap.Tasks {
			add("timecamp_task", x.ID)
		}
		for _, x := range snap.TagLists {
			add("timecamp_tag_list", x.ID)
		}
		for _, x := range snap.Tags {
			add("timecamp_tag", x.ID)
		}
		for _, x := range snap.Clients {
			add("timecamp_client", x.ID)
		}
		for _, x := range snap.CustomFieldTemplates {
			add("timecamp_custom_field", x.ID)
		}
		for _, x := range snap.Entries {
			add("timecamp_time_entry", x.ID)
		}
		for _, x := range snap.Users {
			if x.ID != snap.AdminUserID && !x.Removed {
				add("timecamp_user", x.ID)
			}
		}
		for _, f := range snap.Favourites {
			for _, id := range f.TaskIDs {
				add("timecamp_favorite_task", id)
			}
		}
		inState := map[string][]int64{}
		for name, rs := range s.RootModule().Resources {
			if !comparedTypes[rs.Type] || strings.HasPrefix(name, "data.") {
				continue
			}
			key := rs.Primary.ID
			switch rs.Type {
			case "timecamp_user":
				key = rs.Primary.Attributes["user_id"]
			case "timecamp_favorite_task":
				key = rs.Primary.Attributes["task_id"]
			}
			id, err := strconv.ParseInt(key, 10, 64)
			if err != nil {
				return fmt.Errorf("%s: id %q in state is not a number", name, key)
			}
			inState[rs.Type] = append(inState[rs.Type], id)
		}
		types := map[string]bool{}
		for typ := range inAccount {
			types[typ] = true
		}
		for typ := range inState {
			types[typ] = true
		}
		for typ := range types {
			a, st := sortedIDs(inAccount[typ]), sortedIDs(inState[typ])
			if fmt.Sprint(a) != fmt.Sprint(st) {
				return fmt.Errorf("%s: the account holds %v, the state %v", typ, a, st)
			}
		}
		return nil
	}
}

// comparedTypes are the resource types whose objects checkStateMatchesAccount counts.
var comparedTypes = map[string]bool{
	"timecamp_group": true, "timecamp_task": true, "timecamp_tag_list": true, "timecamp_tag": true,
	"timecamp_client": true, "timecamp_custom_field": true, "timecamp_time_entry": true,
	"timecamp_user": true, "timecamp_favorite_task": true,
}

func sortedIDs(ids []int64) []int64 {
	out := append([]int64(nil), ids...)
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}
