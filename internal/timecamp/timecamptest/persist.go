package timecamptest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// snapshotVersion is the format version of the data file.
const snapshotVersion = 1

// Snapshot is the persisted form of an account: the content of
// Options.DataFile. Records are sorted by id so the file diffs well.
type Snapshot struct {
	Version              int                         `json:"version"`
	CreatedAt            string                      `json:"created_at"`
	RootGroupID          int64                       `json:"root_group_id"`
	AdminUserID          int64                       `json:"admin_user_id"`
	NextIDs              NextIDs                     `json:"next_ids"`
	Users                []UserRecord                `json:"users"`
	Groups               []GroupRecord               `json:"groups"`
	Tasks                []TaskRecord                `json:"tasks"`
	TagLists             []TagListRecord             `json:"tag_lists"`
	Tags                 []TagRecord                 `json:"tags"`
	Clients              []ClientRecord              `json:"clients,omitempty"`
	Favourites           []FavouritesRecord          `json:"favourites,omitempty"`
	CustomFieldTemplates []CustomFieldTemplateRecord `json:"custom_field_templates,omitempty"`
	CustomFieldValues    []CustomFieldValueRecord    `json:"custom_field_values,omitempty"`
	RateTypes            []RateTypeRecord            `json:"rate_types,omitempty"`
	Rates                []RateRecord                `json:"rates,omitempty"`
	TaskRoles            []TaskRoleRecord            `json:"task_roles,omitempty"`
	Activities           []ActivityRecord            `json:"activities,omitempty"`
	Applications         []ApplicationRecord         `json:"applications,omitempty"`
	WindowTitles         []WindowTitleRecord         `json:"window_titles,omitempty"`
	Timers               []TimerRecord               `json:"timers,omitempty"`
	Entries              []EntryRecord               `json:"entries,omitempty"`
	Invoices             []InvoiceRecord             `json:"invoices,omitempty"`
}

// NextIDs are the ids the account hands out next, per kind.
type NextIDs struct {
	Group            int64 `json:"group"`
	User             int64 `json:"user"`
	Task             int64 `json:"task"`
	TagList          int64 `json:"tag_list"`
	Tag              int64 `json:"tag"`
	Client           int64 `json:"client"`
	CustomField      int64 `json:"custom_field,omitempty"`
	CustomFieldValue int64 `json:"custom_field_value,omitempty"`
	Rate             int64 `json:"rate,omitempty"`
	Application      int64 `json:"application,omitempty"`
	WindowTitle      int64 `json:"window_title,omitempty"`
	Timer            int64 `json:"timer,omitempty"`
	Entry            int64 `json:"entry,omitempty"`
	Invoice          int64 `json:"invoice,omitempty"`
	InvoiceEntry     int64 `json:"invoice_entry,omitempty"`
}

// UserRecord is a user of the account.
type UserRecord struct {
	ID           int64   `json:"id"`
	Email        string  `json:"email"`
	DisplayName  *string `json:"display_name"`
	GroupID      int64   `json:"group_id"`
	RegisterTime string  `json:"register_time"`
	// RoleID is the group role (1 administrator, 2 supervisor, 3 user, 5 guest); 0 reads as 3.
	RoleID int64 `json:"role_id,omitempty"`
	// Settings are the user settings (disabled_user, external_id, ...).
	Settings map[string]string `json:"settings,omitempty"`
	// Removed marks a user taken out of the account (DELETE /group/{id}/user): the record stays so
	// that their time entries, rates and the like still name an existing user, but no API call sees it.
	Removed bool `json:"removed,omitempty"`
}

// GroupRecord is a group; ParentID 0 marks the root group.
type GroupRecord struct {
	ID       int64  `json:"id"`
	ParentID int64  `json:"parent_id"`
	Name     string `json:"name"`
}

// TaskRecord is a task or project (ParentID 0). Pointers keep null apart
// from "" for the nullable fields.
type TaskRecord struct {
	ID               int64           `json:"id"`
	ParentID         int64           `json:"parent_id"`
	Name             string          `json:"name"`
	ExternalTaskID   *string         `json:"external_task_id"`
	ExternalParentID *string         `json:"external_parent_id"`
	Archived         bool            `json:"archived"`
	Color            string          `json:"color"`
	Keywords         string          `json:"keywords"` // also rendered as the deprecated "tags"
	Budgeted         int64           `json:"budgeted"`
	BudgetUnit       string          `json:"budget_unit"`
	Billable         bool            `json:"billable"`
	Note             *string         `json:"note"`
	AddDate          string          `json:"add_date"`
	ModifyTime       *string         `json:"modify_time"`
	AssignedBy       int64           `json:"assigned_by"`
	Users            map[int64]int64 `json:"users"` // direct assignments: user id -> role id
}

func (t *TaskRecord) clone() TaskRecord {
	c := *t
	c.ExternalTaskID = cloneStr(t.ExternalTaskID)
	c.ExternalParentID = cloneStr(t.ExternalParentID)
	c.Note = cloneStr(t.Note)
	c.ModifyTime = cloneStr(t.ModifyTime)
	c.Users = make(map[int64]int64, len(t.Users))
	for u, r := range t.Users {
		c.Users[u] = r
	}
	return c
}

// TagListRecord is a tag list.
type TagListRecord struct {
	ID       int64  `json:"id"`
	Name     string `json:"name"`
	Archived bool   `json:"archived"`
}

// TagRecord is a tag inside a tag list.
type TagRecord struct {
	ID        int64  `json:"id"`
	TagListID int64  `json:"tag_list_id"`
	Name      string `json:"name"`
	Archived  bool   `json:"archived"`
}

// fileStore keeps a Snapshot in one file. A save never leaves a partial
// file in place: it writes a temporary file in the same directory, syncs it,
// and renames it over the old one (rename is atomic on POSIX filesystems).
type fileStore struct {
	path string
	// write writes data to the temporary file; tests replace it to
	// simulate a crash or a full disk in the middle of a write.
	write func(f *os.File, data []byte) error
}

func newFileStore(path string) *fileStore {
	return &fileStore{path: path, write: func(f *os.File, data []byte) error {
		_, err := f.Write(data)
		return err
	}}
}

// load returns nil, nil when the file does not exist yet.
func (s *fileStore) load() (*Snapshot, error) {
	data, err := os.ReadFile(s.path)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("timecamptest: reading data file: %w", err)
	}
	var snap Snapshot
	if err := json.Unmarshal(data, &snap); err != nil {
		return nil, fmt.Errorf("timecamptest: data file %s is not a valid emulator snapshot: %w", s.path, err)
	}
	return &snap, nil
}

func (s *fileStore) save(snap *Snapshot) (err error) {
	data, err := json.MarshalIndent(snap, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')

	dir, base := filepath.Split(s.path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = tmp.Close()
			_ = os.Remove(tmp.Name())
		}
	}()
	if err = s.write(tmp, data); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	if err = os.Rename(tmp.Name(), s.path); err != nil {
		return err
	}
	// Make the rename itself durable; not every platform can sync a directory.
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}
