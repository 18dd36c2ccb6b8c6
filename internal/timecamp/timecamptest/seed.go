package timecamptest

import (
	"fmt"
	"time"
)

// Demo data: a small, realistic account to try the provider's data sources on (the
// timecamp-emulator -seed-demo flag, make demo) and to test against.
//
// Seed runs the steps in demoSeeders in order, with the account locked, and saves once at the
// end. Each area adds its own step (a function in its own file appended to demoSeeders), and
// reads what earlier steps made from the demoSeed it is given: the week's working days, the
// admin user, and the demo tasks and tags by name.

// demoProject is the name Seed looks for to tell that an account already has the demo data.
const demoProject = "Northwind: Client portal"

// demoSeed is the context every seeding step shares.
type demoSeed struct {
	now    time.Time
	days   []string         // the working days (Monday to Friday) of the seven days up to now, oldest first
	userID int64            // the admin: the token owner
	tasks  map[string]int64 // "Project/Task" (and "Project") -> task id
	tags   map[string]int64 // tag name -> tag id
}

// demoSeeders are the steps of Seed, in order. Areas append theirs (after seedDemoTasks, which
// makes the tasks and tags the others use).
var demoSeeders = []func(e *Emulator, d *demoSeed) error{
	seedDemoTasks,
	seedDemoRates,
	seedDemoEntries,
}

// Seed fills the account with a realistic week of demo data up to now: two projects with tasks,
// a tag list, billing rates, and the admin's time entries on the working days of the last seven days (today's
// only up to now). Other areas add their data through demoSeeders. It reports false, and changes
// nothing, when the account already holds the demo data (a data file seeded before). The account
// is saved to Options.DataFile afterwards.
func (e *Emulator) Seed(now time.Time) (bool, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for _, t := range e.acct.tasks {
		if t.ParentID == 0 && t.Name == demoProject {
			return false, nil
		}
	}
	d := &demoSeed{now: now, userID: e.acct.adminUserID, tasks: map[string]int64{}, tags: map[string]int64{}}
	day := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, now.Location())
	for i := 6; i >= 0; i-- {
		date := day.AddDate(0, 0, -i)
		if date.Weekday() != time.Saturday && date.Weekday() != time.Sunday {
			d.days = append(d.days, date.Format(time.DateOnly))
		}
	}
	for _, step := range demoSeeders {
		if err := step(e, d); err != nil {
			return false, fmt.Errorf("timecamptest: seeding demo data: %w", err)
		}
	}
	return true, e.saveNow()
}

// seedDemoTasks makes the demo projects, their tasks and a tag list.
func seedDemoTasks(e *Emulator, d *demoSeed) error {
	a := e.acct
	projects := []struct {
		name     string
		billable bool
		tasks    []string
	}{
		{demoProject, true, []string{"UX design", "Frontend", "Backend"}},
		{"Back office", false, []string{"Team meetings", "Email and admin"}},
	}
	for _, p := range projects {
		parent := e.seedTask(0, p.name, p.billable)
		d.tasks[p.name] = parent
		for _, name := range p.tasks {
			d.tasks[p.name+"/"+name] = e.seedTask(parent, name, p.billable)
		}
	}
	list := &TagListRecord{ID: a.newID(&a.next.TagList), Name: "Work mode"}
	a.tagLists[list.ID] = list
	for _, name := range []string{"Deep work", "Meeting", "Pairing"} {
		t := &TagRecord{ID: a.newID(&a.next.Tag), TagListID: list.ID, Name: name}
		a.tags[t.ID] = t
		d.tags[name] = t.ID
	}
	return nil
}

// seedDemoRates bills the client project at 95.00 an hour and costs the admin's time at 40.00,
// so that entries listed with include_rates carry income and cost.
func seedDemoRates(e *Emulator, d *demoSeed) error {
	a := e.acct
	for _, r := range []RateRecord{
		{RateTypeID: rateTypeBillable, RefType: "task", RefID: str(d.tasks[demoProject]), Value: "95.00"},
		{RateTypeID: rateTypeCost, RefType: "user", RefID: str(d.userID), Value: "40.00"},
	} {
		r := r
		r.ID, r.AddDate = a.newID(&a.next.Rate), undatedRate
		a.rates.rates[r.ID] = &r
	}
	return nil
}

// seedTask adds a task the way POST /tasks would, and returns its id.
func (e *Emulator) seedTask(parent int64, name string, billable bool) int64 {
	a := e.acct
	t := &TaskRecord{
		ID: a.newID(&a.next.Task), ParentID: parent, Name: name, Color: defaultTaskColor,
		BudgetUnit: defaultTaskBudgetUnit, Billable: billable, AddDate: e.timestamp(),
		AssignedBy: a.adminUserID, Users: map[int64]int64{},
	}
	a.tasks[t.ID] = t
	return t.ID
}

// seedDemoEntries gives the admin a working day of entries on each day of the week: client
// work in the morning and afternoon, a stand-up, some admin. Starts shift a little from day to
// day; today's entries stop at now.
func seedDemoEntries(e *Emulator, d *demoSeed) error {
	type slot struct {
		task, start, end string
		billable         bool
		tags             []string
		notes            []string
	}
	const portal = demoProject + "/"
	day := []slot{
		{portal + "Frontend", "09:00", "10:30", true, []string{"Deep work"},
			[]string{"Checkout page layout", "Responsive navigation", "Form validation", "Accessibility fixes", "Dark mode"}},
		{"Back office/Team meetings", "10:30", "10:45", false, []string{"Meeting"},
			[]string{"Stand-up"}},
		{portal + "Backend", "10:45", "12:30", true, []string{"Deep work"},
			[]string{"Payment API integration", "Order export job", "Webhook retries", "Search endpoint", "Database indexes"}},
		{portal + "UX design", "13:30", "15:00", true, []string{"Pairing"},
			[]string{"Onboarding wireframes", "Design review with client", "Icon set", "Usability test notes", "Style guide"}},
		{portal + "Backend", "15:00", "16:30", true, nil,
			[]string{"Code review", "Bug fixes from QA", "Release preparation", "Load testing", "Refactoring"}},
		{"Back office/Email and admin", "16:30", "17:00", false, nil,
			[]string{"Email and timesheet"}},
	}
	nowClock := int64(d.now.Hour()*3600 + d.now.Minute()*60 + d.now.Second())
	today := d.now.Format(time.DateOnly)
	var entries []SeedEntry
	for i, date := range d.days {
		shift := int64(i%3) * 5 * 60 // 0, 5 or 10 minutes later
		for _, s := range day {
			start, _ := parseClock(s.start)
			end, _ := parseClock(s.end)
			start, end = start+shift, end+shift
			if date == today && end > nowClock {
				continue
			}
			var tags []int64
			for _, name := range s.tags {
				tags = append(tags, d.tags[name])
			}
			entries = append(entries, SeedEntry{
				UserID: d.userID, TaskID: d.tasks[s.task], Date: date,
				Start: clockText(start), End: clockText(end),
				Note: s.notes[i%len(s.notes)], Billable: s.billable, TagIDs: tags,
			})
		}
	}
	_, err := e.seedEntries(entries)
	return err
}
