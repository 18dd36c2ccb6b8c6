package timecamptest

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Computer activities and applications (SPEC §10). The emulator has no
// desktop app: activities are put in with AddActivities (tests, the demo seed)
// and only read through the API. Where the sources are silent (§17) the
// emulator chooses, and says so here:
//   - GET /activity takes its dates as dates[]=…, indexed dates[0]=… (what TS
//     and DP send), or a plain dates=/date= value. None, or a value that is
//     not a YYYY-MM-DD date: 400 {"message":"you must provide \"date\" like
//     2013-03-20 "} (OAS). More than 20 dates: 400 {"message":"you can provide
//     max 20 dates"}.
//   - user_id: one user per call. A comma-separated list (OAS) is answered for
//     its first id only, which is the "API limitation" TS and DP work around by
//     calling once per user. No user_id: the caller. A user id the account does
//     not know (or one removed since) answers its activities, if any, else [].
//   - Rows come ordered by end_time, then by the order they were recorded, as
//     the array SPEC shows (numbers as strings, time_span a number).
//   - include=application adds "application": the application's app_name (not
//     the display name: SPEC §10.2 resolves that through GET /application);
//     include=window_title adds "window_title".
//   - GET /application answers the known ids of application_ids (a
//     comma-separated text or a list) keyed by id; unknown ids are left out,
//     and nothing known (or no ids at all) answers []. aditional_info is null
//     for an application without one; `date` is ignored.
const (
	msgActivityDates    = `you must provide "date" like 2013-03-20 `
	msgActivityMaxDates = "you can provide max 20 dates"
	maxActivityDates    = 20
)

// ActivityRecord is one computer activity: time spent in one window of one
// application, ending at EndTime ("YYYY-MM-DD HH:MM:SS", account time).
type ActivityRecord struct {
	UserID        int64  `json:"user_id"`
	ApplicationID int64  `json:"application_id"`
	WindowTitleID int64  `json:"window_title_id"`
	EndTime       string `json:"end_time"`
	TimeSpan      int64  `json:"time_span"` // seconds
	TaskID        int64  `json:"task_id,omitempty"`
	EntryID       int64  `json:"entry_id,omitempty"`
}

func (a *ActivityRecord) endDate() string { return a.EndTime[:len("2006-01-02")] }

// ApplicationRecord is an application activities refer to. AditionalInfo
// keeps TimeCamp's spelling; for a browser it holds the site.
type ApplicationRecord struct {
	ID            int64   `json:"id"`
	AppName       string  `json:"app_name"`
	AditionalInfo *string `json:"aditional_info"`
	FullName      *string `json:"full_name"`
	CategoryID    int64   `json:"category_id"`
}

// activityStore holds the activities (in the order recorded) and what they
// refer to.
type activityStore struct {
	activities   []*ActivityRecord
	applications map[int64]*ApplicationRecord
	windowTitles map[int64]*WindowTitleRecord
}

func newActivityStore() activityStore {
	return activityStore{applications: map[int64]*ApplicationRecord{}, windowTitles: map[int64]*WindowTitleRecord{}}
}

// First ids of applications and window titles (SPEC's examples: 795630, 26079668).
const (
	firstApplicationID int64 = 795000
	firstWindowTitleID int64 = 26000000
)

// WindowTitleRecord is a window title activities refer to.
type WindowTitleRecord struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
}

// Activity describes an activity to record with AddActivities. The
// application is found by App and AppInfo (created when new), the window
// title by its text.
type Activity struct {
	UserID      int64 // 0: the admin (the token's user)
	App         string
	AppInfo     string // aditional_info, e.g. the site of a browser; "" for none
	WindowTitle string
	End         time.Time // rendered in its own location, like every emulator time
	Span        time.Duration
	TaskID      int64
	EntryID     int64
}

// AddActivities records activities as the desktop app would and returns
// them as stored; nothing is recorded when one of them is invalid. The
// account is saved to Options.DataFile afterwards.
func (e *Emulator) AddActivities(acts ...Activity) ([]ActivityRecord, error) {
	e.mu.Lock()
	defer e.mu.Unlock()
	for i, in := range acts {
		if err := e.checkActivity(in); err != nil {
			return nil, fmt.Errorf("activity %d: %w", i, err)
		}
	}
	out := make([]ActivityRecord, 0, len(acts))
	for _, in := range acts {
		out = append(out, e.addActivity(in))
	}
	return out, e.saveNow()
}

func (e *Emulator) checkActivity(in Activity) error {
	user := in.UserID
	if user == 0 {
		user = e.acct.adminUserID
	}
	if _, ok := e.acct.users[user]; !ok {
		return fmt.Errorf("user %d does not exist", user)
	}
	if strings.TrimSpace(in.App) == "" || in.Span < 0 || in.End.IsZero() {
		return fmt.Errorf("an activity needs an application, an end time and a span of at least 0")
	}
	return nil
}

// addActivity records a checked activity; call with e.mu held.
func (e *Emulator) addActivity(in Activity) ActivityRecord {
	a := e.acct
	user := in.UserID
	if user == 0 {
		user = a.adminUserID
	}
	rec := ActivityRecord{
		UserID:        user,
		ApplicationID: a.applicationFor(in.App, in.AppInfo),
		EndTime:       in.End.Format(dateTimeLayout),
		TimeSpan:      int64(in.Span / time.Second),
		TaskID:        in.TaskID,
		EntryID:       in.EntryID,
	}
	if in.WindowTitle != "" {
		rec.WindowTitleID = a.windowTitleFor(in.WindowTitle)
	}
	a.activities.activities = append(a.activities.activities, &rec)
	return rec
}

// applicationFor finds or creates the application named name with info.
func (a *account) applicationFor(name, info string) int64 {
	for _, app := range a.activities.applications {
		if app.AppName == name && (app.AditionalInfo == nil && info == "" || app.AditionalInfo != nil && *app.AditionalInfo == info) {
			return app.ID
		}
	}
	a.next.Application = max(a.next.Application, firstApplicationID)
	app := &ApplicationRecord{ID: a.newID(&a.next.Application), AppName: name, CategoryID: 1}
	if info != "" {
		app.AditionalInfo = &info
	}
	a.activities.applications[app.ID] = app
	return app.ID
}

// windowTitleFor finds or creates a window title.
func (a *account) windowTitleFor(title string) int64 {
	for _, w := range a.activities.windowTitles {
		if w.Title == title {
			return w.ID
		}
	}
	a.next.WindowTitle = max(a.next.WindowTitle, firstWindowTitleID)
	w := &WindowTitleRecord{ID: a.newID(&a.next.WindowTitle), Title: title}
	a.activities.windowTitles[w.ID] = w
	return w.ID
}

// activityDates collects the dates of GET /activity in the order sent.
func activityDates(r *apiRequest) ([]string, error) {
	var dates []string
	add := func(p param) error {
		var items []any
		if list, ok := p.raw.([]any); ok {
			items = list
		} else {
			items = []any{p.raw}
		}
		for _, it := range items {
			d, err := param{name: p.name, present: true, raw: it}.text()
			d = strings.TrimSpace(d)
			if err != nil || !validDate(d) {
				return errBadRequest(msgActivityDates)
			}
			dates = append(dates, d)
		}
		return nil
	}
	for _, name := range []string{"dates", "date"} {
		if p := r.get(name); p.present {
			if err := add(p); err != nil {
				return nil, err
			}
		}
	}
	// dates[0]=…&dates[1]=…: the request parser keeps indexed keys as they came.
	var indexed []int
	byIndex := map[int]string{}
	for key := range r.params {
		inner, ok := strings.CutPrefix(key, "dates[")
		if !ok || !strings.HasSuffix(inner, "]") {
			continue
		}
		i, err := strconv.Atoi(strings.TrimSuffix(inner, "]"))
		if err != nil {
			return nil, errBadRequest(msgActivityDates)
		}
		indexed = append(indexed, i)
		byIndex[i] = key
	}
	sort.Ints(indexed)
	for _, i := range indexed {
		if err := add(r.get(byIndex[i])); err != nil {
			return nil, err
		}
	}
	if len(dates) == 0 {
		return nil, errBadRequest(msgActivityDates)
	}
	if len(dates) > maxActivityDates {
		return nil, errBadRequest(msgActivityMaxDates)
	}
	return dates, nil
}

// GET /activity
func handleActivityList(e *Emulator, r *apiRequest) reply {
	dates, err := activityDates(r)
	if err != nil {
		return badRequest(err)
	}
	user := e.acct.adminUserID
	if p := r.get("user_id"); !p.isEmpty() {
		ids, err := p.ints()
		if err != nil {
			return badRequest(err)
		}
		if len(ids) > 0 {
			user = ids[0] // one user per call: the rest of a list is ignored
		}
	}
	include := map[string]bool{}
	if p := r.get("include"); p.present {
		text, _ := p.text()
		for _, part := range strings.Split(text, ",") {
			include[strings.TrimSpace(part)] = true
		}
	}
	wanted := map[string]bool{}
	for _, d := range dates {
		wanted[d] = true
	}
	var rows []*ActivityRecord
	store := &e.acct.activities
	for _, act := range store.activities {
		if act.UserID == user && wanted[act.endDate()] {
			rows = append(rows, act)
		}
	}
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].EndTime < rows[j].EndTime })
	items := make([]any, 0, len(rows))
	for _, act := range rows {
		o := object{
			{"user_id", str(act.UserID)},
			{"application_id", str(act.ApplicationID)},
			{"end_time", act.EndTime},
			{"time_span", act.TimeSpan},
			{"window_title_id", str(act.WindowTitleID)},
			{"end_date", act.endDate()},
			{"task_id", str(act.TaskID)},
			{"entry_id", str(act.EntryID)},
		}
		if include["application"] {
			name := ""
			if app, ok := store.applications[act.ApplicationID]; ok {
				name = app.AppName
			}
			o = append(o, member{"application", name})
		}
		if include["window_title"] {
			title := ""
			if w, ok := store.windowTitles[act.WindowTitleID]; ok {
				title = w.Title
			}
			o = append(o, member{"window_title", title})
		}
		items = append(items, o)
	}
	return jsonReply(http.StatusOK, items)
}

// GET /application?application_ids=1,2
func handleApplicationList(e *Emulator, r *apiRequest) reply {
	ids, err := r.get("application_ids").ints()
	if err != nil {
		return badRequest(err)
	}
	apps := e.acct.activities.applications
	var known []int64
	seen := map[int64]bool{}
	for _, id := range ids {
		if _, ok := apps[id]; ok && !seen[id] {
			seen[id] = true
			known = append(known, id)
		}
	}
	return jsonReply(http.StatusOK, keyedByID(known, func(id int64) object {
		app := apps[id]
		return object{
			{"application_id", str(app.ID)},
			{"app_name", app.AppName},
			{"aditional_info", nullable(app.AditionalInfo)},
			{"full_name", nullable(app.FullName)},
			{"category_id", str(app.CategoryID)},
		}
	}))
}

// loadActivities restores activities, applications and window titles.
func (a *account) loadActivities(s *Snapshot) error {
	a.activities = newActivityStore()
	store := &a.activities
	a.next.Application = max(a.next.Application, firstApplicationID)
	a.next.WindowTitle = max(a.next.WindowTitle, firstWindowTitleID)
	for _, app := range s.Applications {
		app := app
		if _, dup := store.applications[app.ID]; dup || app.ID <= 0 || strings.TrimSpace(app.AppName) == "" {
			return fmt.Errorf("application %d: duplicate, or without a positive id and a name", app.ID)
		}
		store.applications[app.ID] = &app
		a.next.Application = max(a.next.Application, app.ID+1)
	}
	for _, w := range s.WindowTitles {
		w := w
		if _, dup := store.windowTitles[w.ID]; dup || w.ID <= 0 {
			return fmt.Errorf("window title %d: duplicate or not a positive id", w.ID)
		}
		store.windowTitles[w.ID] = &w
		a.next.WindowTitle = max(a.next.WindowTitle, w.ID+1)
	}
	for i, act := range s.Activities {
		act := act
		if _, err := time.Parse(dateTimeLayout, act.EndTime); err != nil || act.UserID <= 0 || act.TimeSpan < 0 {
			return fmt.Errorf("activity %d: needs a user, an end_time like 2006-01-02 15:04:05 and a time_span of at least 0", i)
		}
		if _, ok := store.applications[act.ApplicationID]; !ok {
			return fmt.Errorf("activity %d: application %d does not exist", i, act.ApplicationID)
		}
		if _, ok := store.windowTitles[act.WindowTitleID]; act.WindowTitleID != 0 && !ok {
			return fmt.Errorf("activity %d: window title %d does not exist", i, act.WindowTitleID)
		}
		store.activities = append(store.activities, &act)
	}
	return nil
}

// snapshotActivities adds activities (in the order recorded), applications
// and window titles (by id) to s.
func (a *account) snapshotActivities(s *Snapshot) {
	for _, act := range a.activities.activities {
		s.Activities = append(s.Activities, *act)
	}
	for _, app := range a.activities.applications {
		c := *app
		c.AditionalInfo, c.FullName = cloneStr(app.AditionalInfo), cloneStr(app.FullName)
		s.Applications = append(s.Applications, c)
	}
	for _, w := range a.activities.windowTitles {
		s.WindowTitles = append(s.WindowTitles, *w)
	}
	sort.Slice(s.Applications, func(i, j int) bool { return s.Applications[i].ID < s.Applications[j].ID })
	sort.Slice(s.WindowTitles, func(i, j int) bool { return s.WindowTitles[i].ID < s.WindowTitles[j].ID })
}

func init() { demoSeeders = append(demoSeeders, seedDemoActivities) }

// seedDemoActivities records the admin's computer activity on the demo week's working days:
// ten-minute spans from 09:00 to 17:00 with a lunch break (today's only up to now), in the
// applications each hour's work uses, each linked to the time entry it falls in (if any).
func seedDemoActivities(e *Emulator, d *demoSeed) error {
	type use struct{ app, info, title string }
	code := func(file string) use { return use{"Code", "", file + " - client-portal"} }
	github := func(title string) use { return use{"Firefox", "github.com", title} }
	figma := use{"Google Chrome", "figma.com", "Onboarding - Figma"}
	slack := func(channel string) use { return use{"Slack", "", channel} }
	byHour := map[int][]use{
		9:  {code("checkout.tsx"), use{"Firefox", "localhost:3000", "Client portal - Checkout"}, code("navigation.tsx")},
		10: {slack("#standup"), use{"Zoom", "", "Daily stand-up"}, code("orders.go")},
		11: {code("orders.go"), use{"Terminal", "", "go test ./..."}, github("Pull request #42")},
		12: {github("Issues"), code("payments.go")},
		13: {figma, slack("#design")},
		14: {figma, figma, use{"Firefox", "localhost:3000", "Client portal - Onboarding"}},
		15: {code("payments.go"), github("Pull request #43"), use{"Terminal", "", "make test"}},
		16: {use{"Mail", "", "Inbox"}, slack("#general"), use{"Firefox", "app.timecamp.com", "Timesheet"}},
	}
	var acts []Activity
	for i, date := range d.days {
		day, err := time.ParseInLocation(time.DateOnly, date, d.now.Location())
		if err != nil {
			return err
		}
		for minute := 9 * 60; minute < 17*60; minute += 10 {
			if minute >= 12*60+30 && minute < 13*60+30 {
				continue // lunch
			}
			end := day.Add(time.Duration(minute+10) * time.Minute)
			if end.After(d.now) {
				break
			}
			uses := byHour[minute/60]
			u := uses[(minute/10+i)%len(uses)]
			act := Activity{UserID: d.userID, App: u.app, AppInfo: u.info, WindowTitle: u.title, End: end,
				Span: time.Duration(540+(minute+7*i)%60) * time.Second}
			if entry := e.entryAt(d.userID, date, int64(minute*60)); entry != nil {
				act.TaskID, act.EntryID = entry.TaskID, entry.ID
			}
			acts = append(acts, act)
		}
	}
	for i, act := range acts {
		if err := e.checkActivity(act); err != nil {
			return fmt.Errorf("demo activity %d: %w", i, err)
		}
		e.addActivity(act)
	}
	return nil
}

// entryAt is the user's entry on date whose time frame holds the second of the day at, or nil.
func (e *Emulator) entryAt(user int64, date string, at int64) *EntryRecord {
	for _, rec := range e.acct.entries.byID {
		if rec.UserID != user || rec.Date != date || rec.StartTime == nil || rec.EndTime == nil {
			continue
		}
		start, _ := parseClock(*rec.StartTime)
		end, _ := parseClock(*rec.EndTime)
		if start <= at && at < end {
			return rec
		}
	}
	return nil
}
