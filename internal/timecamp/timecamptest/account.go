package timecamptest

import (
	"fmt"
	"sort"
	"time"
)

// First ids handed out per kind. They start high, and far apart, so that an
// id of the wrong kind, or a string/number mix-up, shows up in tests (SPEC §15.3).
const (
	firstGroupID   int64 = 500000
	firstUserID    int64 = 1200000
	firstTaskID    int64 = 80000000
	firstTagListID int64 = 3000
	firstTagID     int64 = 13000
	firstClientID  int64 = 40000
)

// Account defaults.
const (
	rootGroupName    = "Organisation"
	adminEmail       = "admin@example.com"
	adminDisplayName = "Emulator Admin"
	maxGroupLevel    = 4 // the root group is level 1 (SPEC §4)
	defaultTaskColor = "#34C644"
	adminAccessType  = 4 // user_access_type of an owner/admin (SPEC §5.1)
)

// account is the in-memory state. It is only touched with Emulator.mu held.
type account struct {
	createdAt   string
	rootGroupID int64
	adminUserID int64
	next        NextIDs

	users    map[int64]*UserRecord
	groups   map[int64]*GroupRecord
	tasks    map[int64]*TaskRecord
	tagLists map[int64]*TagListRecord
	tags     map[int64]*TagRecord

	customFields customFieldStore // custom_fields.go
	rates        rateStore        // rates.go
	activities   activityStore    // activities.go
	timers       timerStore       // timer.go
	entries      entryStore       // entries.go

	clients    map[int64]*ClientRecord
	invoices   map[int64]*InvoiceRecord // invoices.go
	favourites map[int64][]int64        // user id -> task ids, in the order added

	taskRoles map[int64]*TaskRoleRecord
	pending   map[int64]time.Time // invited users not yet visible -> when they appear (not persisted)
}

func newAccount(now time.Time) *account {
	created := now.Format(dateTimeLayout)
	a := &account{
		createdAt: created,
		next: NextIDs{
			Group: firstGroupID, User: firstUserID, Task: firstTaskID,
			TagList: firstTagListID, Tag: firstTagID,
			Client:  firstClientID,
			Invoice: firstInvoiceID, InvoiceEntry: firstInvoiceEntryID,
			CustomField: firstCustomFieldID, CustomFieldValue: firstCustomFieldValueID, Rate: firstRateID,
		},
		users:    map[int64]*UserRecord{},
		groups:   map[int64]*GroupRecord{},
		tasks:    map[int64]*TaskRecord{},
		tagLists: map[int64]*TagListRecord{},
		tags:     map[int64]*TagRecord{},

		customFields: newCustomFieldStore(),
		rates:        newRateStore(),
		activities:   newActivityStore(),
		timers:       newTimerStore(),
		entries:      newEntryStore(),

		clients:    map[int64]*ClientRecord{},
		invoices:   map[int64]*InvoiceRecord{},
		favourites: map[int64][]int64{},

		taskRoles: defaultTaskRoles(),
		pending:   map[int64]time.Time{},
	}
	root := &GroupRecord{ID: a.newID(&a.next.Group), Name: rootGroupName}
	a.groups[root.ID] = root
	a.rootGroupID = root.ID
	name := adminDisplayName
	admin := &UserRecord{
		ID: a.newID(&a.next.User), Email: adminEmail, DisplayName: &name,
		GroupID: root.ID, RoleID: groupRoleAdmin, RegisterTime: created,
	}
	a.users[admin.ID] = admin
	a.adminUserID = admin.ID
	return a
}

func (a *account) newID(counter *int64) int64 {
	id := *counter
	*counter++
	return id
}

// groupLevel is 1 for the root group, 2 for its children, and so on.
func (a *account) groupLevel(id int64) int {
	level := 0
	for id != 0 && level <= len(a.groups) {
		g, ok := a.groups[id]
		if !ok {
			break
		}
		level++
		id = g.ParentID
	}
	return level
}

// groupHeight is the number of levels in the subtree rooted at id (1 for a leaf).
func (a *account) groupHeight(id int64) int {
	h := 1
	for _, g := range a.groups {
		if g.ParentID == id {
			h = max(h, 1+a.groupHeight(g.ID))
		}
	}
	return h
}

// groupIsUnder reports whether id is ancestor or a descendant of ancestor.
func (a *account) groupIsUnder(id, ancestor int64) bool {
	for steps := 0; id != 0 && steps <= len(a.groups); steps++ {
		if id == ancestor {
			return true
		}
		g, ok := a.groups[id]
		if !ok {
			return false
		}
		id = g.ParentID
	}
	return false
}

// taskLevel is 1 for a project (parent 0), 2 for its tasks, and so on.
func (a *account) taskLevel(id int64) int {
	level := 0
	for id != 0 && level <= len(a.tasks) {
		t, ok := a.tasks[id]
		if !ok {
			break
		}
		level++
		id = t.ParentID
	}
	return level
}

// taskIsUnder reports whether id is ancestor or one of its descendants.
func (a *account) taskIsUnder(id, ancestor int64) bool {
	for steps := 0; id != 0 && steps <= len(a.tasks); steps++ {
		if id == ancestor {
			return true
		}
		t, ok := a.tasks[id]
		if !ok {
			return false
		}
		id = t.ParentID
	}
	return false
}

// taskSubtree returns id and all its descendants.
func (a *account) taskSubtree(id int64) []int64 {
	children := map[int64][]int64{}
	for _, t := range a.tasks {
		children[t.ParentID] = append(children[t.ParentID], t.ID)
	}
	out := []int64{id}
	for i := 0; i < len(out); i++ {
		out = append(out, children[out[i]]...)
	}
	return out
}

// snapshot deep-copies the account into its persisted form.
func (a *account) snapshot() *Snapshot {
	s := &Snapshot{
		Version:     snapshotVersion,
		CreatedAt:   a.createdAt,
		RootGroupID: a.rootGroupID,
		AdminUserID: a.adminUserID,
		NextIDs:     a.next,
	}
	for _, u := range a.users {
		c := *u
		c.DisplayName = cloneStr(u.DisplayName)
		c.Settings = cloneSettings(u.Settings)
		s.Users = append(s.Users, c)
	}
	for _, g := range a.groups {
		s.Groups = append(s.Groups, *g)
	}
	for _, t := range a.tasks {
		s.Tasks = append(s.Tasks, t.clone())
	}
	for _, l := range a.tagLists {
		s.TagLists = append(s.TagLists, *l)
	}
	for _, t := range a.tags {
		s.Tags = append(s.Tags, *t)
	}
	a.snapshotClients(s)
	a.snapshotInvoices(s)
	a.snapshotFavourites(s)
	a.snapshotCustomFields(s)
	a.snapshotRates(s)
	a.snapshotActivities(s)
	a.snapshotTimers(s)
	a.snapshotEntries(s)
	a.snapshotTaskRoles(s)
	sort.Slice(s.Users, func(i, j int) bool { return s.Users[i].ID < s.Users[j].ID })
	sort.Slice(s.Groups, func(i, j int) bool { return s.Groups[i].ID < s.Groups[j].ID })
	sort.Slice(s.Tasks, func(i, j int) bool { return s.Tasks[i].ID < s.Tasks[j].ID })
	sort.Slice(s.TagLists, func(i, j int) bool { return s.TagLists[i].ID < s.TagLists[j].ID })
	sort.Slice(s.Tags, func(i, j int) bool { return s.Tags[i].ID < s.Tags[j].ID })
	return s
}

// accountFromSnapshot rebuilds the account and checks that it is coherent,
// so a hand-edited data file cannot put the emulator in an impossible state.
func accountFromSnapshot(s *Snapshot) (*account, error) {
	if s.Version != snapshotVersion {
		return nil, fmt.Errorf("unsupported version %d (want %d)", s.Version, snapshotVersion)
	}
	a := &account{
		createdAt:   s.CreatedAt,
		rootGroupID: s.RootGroupID,
		adminUserID: s.AdminUserID,
		// Counters never go below the kind's first id, nor (below) back
		// onto a stored id, whatever a hand-edited file says.
		next: NextIDs{
			Group:            max(s.NextIDs.Group, firstGroupID),
			User:             max(s.NextIDs.User, firstUserID),
			Task:             max(s.NextIDs.Task, firstTaskID),
			TagList:          max(s.NextIDs.TagList, firstTagListID),
			Tag:              max(s.NextIDs.Tag, firstTagID),
			Client:           max(s.NextIDs.Client, firstClientID),
			CustomField:      max(s.NextIDs.CustomField, firstCustomFieldID),
			CustomFieldValue: max(s.NextIDs.CustomFieldValue, firstCustomFieldValueID),
			Rate:             max(s.NextIDs.Rate, firstRateID),
		},
		users:    map[int64]*UserRecord{},
		groups:   map[int64]*GroupRecord{},
		tasks:    map[int64]*TaskRecord{},
		tagLists: map[int64]*TagListRecord{},
		tags:     map[int64]*TagRecord{},
	}
	for _, u := range s.Users {
		u := u
		if _, dup := a.users[u.ID]; dup {
			return nil, fmt.Errorf("duplicate user %d", u.ID)
		}
		a.users[u.ID] = &u
		a.next.User = max(a.next.User, u.ID+1)
	}
	for _, g := range s.Groups {
		g := g
		if _, dup := a.groups[g.ID]; dup {
			return nil, fmt.Errorf("duplicate group %d", g.ID)
		}
		a.groups[g.ID] = &g
		a.next.Group = max(a.next.Group, g.ID+1)
	}
	for _, t := range s.Tasks {
		t := t.clone()
		if _, dup := a.tasks[t.ID]; dup {
			return nil, fmt.Errorf("duplicate task %d", t.ID)
		}
		a.tasks[t.ID] = &t
		a.next.Task = max(a.next.Task, t.ID+1)
	}
	for _, l := range s.TagLists {
		l := l
		if _, dup := a.tagLists[l.ID]; dup {
			return nil, fmt.Errorf("duplicate tag list %d", l.ID)
		}
		a.tagLists[l.ID] = &l
		a.next.TagList = max(a.next.TagList, l.ID+1)
	}
	for _, t := range s.Tags {
		t := t
		if _, dup := a.tags[t.ID]; dup {
			return nil, fmt.Errorf("duplicate tag %d", t.ID)
		}
		if _, ok := a.tagLists[t.TagListID]; !ok {
			return nil, fmt.Errorf("tag %d: tag list %d does not exist", t.ID, t.TagListID)
		}
		a.tags[t.ID] = &t
		a.next.Tag = max(a.next.Tag, t.ID+1)
	}

	if err := a.loadClients(s); err != nil {
		return nil, err
	}
	if err := a.loadFavourites(s); err != nil {
		return nil, err
	}
	if err := a.loadCustomFields(s); err != nil {
		return nil, err
	}
	if err := a.loadRates(s); err != nil {
		return nil, err
	}
	if err := a.loadActivities(s); err != nil {
		return nil, err
	}
	if err := a.loadPeople(s); err != nil {
		return nil, err
	}
	if err := a.loadEntries(s); err != nil {
		return nil, err
	}
	if err := a.loadTimers(s); err != nil { // after the users, tasks and entries
		return nil, err
	}
	if err := a.loadInvoices(s); err != nil { // after the clients and entries
		return nil, err
	}

	root, ok := a.groups[a.rootGroupID]
	if !ok || root.ParentID != 0 {
		return nil, fmt.Errorf("root group %d missing or not a root", a.rootGroupID)
	}
	for _, g := range a.groups {
		if g.ID == a.rootGroupID {
			continue
		}
		if !a.groupIsUnder(g.ParentID, a.rootGroupID) || a.groupIsUnder(g.ParentID, g.ID) {
			return nil, fmt.Errorf("group %d is not in the tree under the root group", g.ID)
		}
		if a.groupLevel(g.ID) > maxGroupLevel {
			return nil, fmt.Errorf("group %d is deeper than level %d", g.ID, maxGroupLevel)
		}
	}
	if _, ok := a.users[a.adminUserID]; !ok {
		return nil, fmt.Errorf("admin user %d missing", a.adminUserID)
	}
	for _, u := range a.users {
		if _, ok := a.groups[u.GroupID]; !ok {
			return nil, fmt.Errorf("user %d: group %d does not exist", u.ID, u.GroupID)
		}
	}
	for _, t := range a.tasks {
		if t.ParentID == 0 {
			continue
		}
		if _, ok := a.tasks[t.ParentID]; !ok || a.taskIsUnder(t.ParentID, t.ID) {
			return nil, fmt.Errorf("task %d: parent %d missing or a cycle", t.ID, t.ParentID)
		}
	}
	return a, nil
}

func cloneStr(s *string) *string {
	if s == nil {
		return nil
	}
	c := *s
	return &c
}
