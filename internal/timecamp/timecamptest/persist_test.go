package timecamptest

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// snapshotReads are the reads whose raw bodies must survive a restart.
var snapshotReads = []string{
	"/me",
	"/group",
	"/tasks?status=all",
	"/tag_list?archived=all&tags=1&exclude_empty_tag_lists=0",
}

func readAll(a *api) map[string]string {
	out := map[string]string{}
	for _, p := range snapshotReads {
		out[p] = string(a.get(p).expect(a.t, http.StatusOK, "").body)
	}
	return out
}

func tempFiles(t *testing.T, dir string) []string {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if strings.Contains(e.Name(), ".tmp-") {
			out = append(out, e.Name())
		}
	}
	return out
}

func TestPersistRoundTrip(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "account.json")
	clock := &fixedClock{now: mustTime("2026-05-06 07:08:09")}

	a := newAPI(t, Options{DataFile: file, Now: clock.Now})
	if _, err := os.Stat(file); err != nil {
		t.Fatalf("a fresh account is saved at once: %v", err)
	}
	g := a.createGroup("Dept", a.srv.RootGroupID())
	a.createGroup("Team", g)
	p := a.createTask(map[string]any{"name": "P", "note": "", "user_ids": a.srv.AdminUserID(), "role": 3})
	c := a.createTask(map[string]any{"name": "C", "parent_id": p, "external_task_id": "x", "budgeted": 60})
	a.json(http.MethodPut, "/tasks", map[string]any{"task_id": c, "archived": 1}).expect(t, http.StatusOK, "")
	l := a.createTagList("L")
	a.createTag(l, "T")
	empty := a.createTagList("Empty")
	a.json(http.MethodPut, "/tag_list/"+empty, map[string]any{"archived": 1}).expect(t, http.StatusOK, "")
	before := readAll(a)
	root, admin := a.srv.RootGroupID(), a.srv.AdminUserID()
	a.srv.Close()

	b := newAPI(t, Options{DataFile: file, Now: clock.Now})
	if b.srv.RootGroupID() != root || b.srv.AdminUserID() != admin {
		t.Fatalf("ids changed across restart: root %d->%d admin %d->%d", root, b.srv.RootGroupID(), admin, b.srv.AdminUserID())
	}
	after := readAll(b)
	for _, p := range snapshotReads {
		if before[p] != after[p] {
			t.Errorf("GET %s changed across restart\nbefore %s\nafter  %s", p, before[p], after[p])
		}
	}
	// null vs "" survived: P's note is "", C's note is null.
	if n := b.task(p)["note"]; n != "" {
		t.Errorf("note of P = %#v, want \"\"", n)
	}
	if n := b.task(c)["note"]; n != nil {
		t.Errorf("note of C = %#v, want null", n)
	}
	// Counters continue: no id is reused.
	next := b.createTask(map[string]any{"name": "Next"})
	ni, _ := strconv.ParseInt(next, 10, 64)
	ci, _ := strconv.ParseInt(c, 10, 64)
	if ni <= ci {
		t.Fatalf("new task id %d not after %d", ni, ci)
	}
	if left := tempFiles(t, dir); len(left) != 0 {
		t.Fatalf("temporary files left behind: %v", left)
	}
}

func TestPersistSaveReplacesFileByRename(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "account.json")
	a := newAPI(t, Options{DataFile: file})
	st1, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	a.createTagList("L")
	st2, err := os.Stat(file)
	if err != nil {
		t.Fatal(err)
	}
	// A rename puts a new file (inode) in place; an in-place rewrite would keep it.
	if os.SameFile(st1, st2) {
		t.Fatal("the data file was rewritten in place, not replaced by a renamed temporary file")
	}
	// Reads do not save.
	a.get("/tag_list").expect(t, http.StatusOK, "")
	st3, _ := os.Stat(file)
	if !os.SameFile(st2, st3) {
		t.Fatal("a read rewrote the data file")
	}
	// Failed mutations do not save either.
	a.json(http.MethodPost, "/tag_list", map[string]any{"name": ""}).expect(t, http.StatusBadRequest, "")
	st4, _ := os.Stat(file)
	if !os.SameFile(st2, st4) {
		t.Fatal("a rejected request rewrote the data file")
	}
	var snap Snapshot
	data, _ := os.ReadFile(file)
	if err := json.Unmarshal(data, &snap); err != nil || len(snap.TagLists) != 1 || snap.TagLists[0].Name != "L" {
		t.Fatalf("data file = %s (err %v)", data, err)
	}
}

func TestPersistTruncatedWriteKeepsGoodFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "account.json")
	a := newAPI(t, Options{DataFile: file})
	a.createTagList("Saved")
	good, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}

	// The disk fills up half way through the next save.
	a.srv.mu.Lock()
	a.srv.store.write = func(f *os.File, data []byte) error {
		if _, err := f.Write(data[:len(data)/2]); err != nil {
			return err
		}
		return errors.New("no space left on device")
	}
	a.srv.mu.Unlock()

	r := a.json(http.MethodPost, "/tag_list", map[string]any{"name": "Lost"}).expect(t, http.StatusInternalServerError, "")
	if !strings.Contains(string(r.body), "no space left on device") {
		t.Fatalf("500 body %s does not say why", r.body)
	}
	now, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(good, now) {
		t.Fatalf("a failed save changed the data file:\n%s", now)
	}
	if left := tempFiles(t, dir); len(left) != 0 {
		t.Fatalf("failed save left temporary files: %v", left)
	}

	// A restart sees the last good state.
	a.srv.Close()
	b := newAPI(t, Options{DataFile: file})
	list := decodeObject(t, b.get("/tag_list").body)
	if len(list) != 1 {
		t.Fatalf("after restart: %v", list)
	}
	for _, v := range list {
		if v.(map[string]any)["name"] != "Saved" {
			t.Fatalf("after restart: %v", list)
		}
	}
}

func TestPersistIgnoresLeftoverTempFile(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "account.json")
	a := newAPI(t, Options{DataFile: file})
	l := a.createTagList("Kept")
	a.srv.Close()

	// A crash in the middle of a save leaves a partial temporary file.
	if err := os.WriteFile(filepath.Join(dir, ".account.json.tmp-12345"), []byte(`{"version":1,"tag_li`), 0o600); err != nil {
		t.Fatal(err)
	}
	b := newAPI(t, Options{DataFile: file})
	b.get("/tag_list/"+l).expect(t, http.StatusOK, `{"id":"`+l+`","name":"Kept","archived":"0","tags":[]}`)
}

func TestPersistRejectsBadFiles(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"garbage":       `{"version":1,"tag_li`,
		"wrong version": `{"version":99}`,
		"no root":       `{"version":1,"root_group_id":5,"admin_user_id":6}`,
		"orphan task": `{"version":1,"root_group_id":5,"admin_user_id":6,
			"users":[{"id":6,"email":"a@b","group_id":5}],"groups":[{"id":5,"parent_id":0,"name":"R"}],
			"tasks":[{"id":10,"parent_id":9,"name":"orphan"}]}`,
		"task cycle": `{"version":1,"root_group_id":5,"admin_user_id":6,
			"users":[{"id":6,"email":"a@b","group_id":5}],"groups":[{"id":5,"parent_id":0,"name":"R"}],
			"tasks":[{"id":10,"parent_id":11,"name":"a"},{"id":11,"parent_id":10,"name":"b"}]}`,
	} {
		file := filepath.Join(dir, strings.ReplaceAll(name, " ", "_")+".json")
		if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		if _, err := New(Options{DataFile: file}); err == nil {
			t.Errorf("%s: New accepted the file", name)
		}
		if got, _ := os.ReadFile(file); string(got) != content {
			t.Errorf("%s: New rewrote a file it could not load", name)
		}
	}
}

func TestPersistMinimalHandWrittenFile(t *testing.T) {
	file := filepath.Join(t.TempDir(), "account.json")
	content := `{"version":1,"root_group_id":5,"admin_user_id":6,
		"users":[{"id":6,"email":"me@example.com","display_name":"Me","group_id":5}],
		"groups":[{"id":5,"parent_id":0,"name":"Root"}],
			"tasks":[{"id":10,"parent_id":0,"name":"Project","users":null},
		         {"id":90000000,"parent_id":10,"name":"High"}]}`
	if err := os.WriteFile(file, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	a := newAPI(t, Options{DataFile: file})
	if a.srv.RootGroupID() != 5 {
		t.Fatalf("root = %d", a.srv.RootGroupID())
	}
	// Counters are raised past stored ids...
	if id := a.createTask(map[string]any{"name": "After"}); id != "90000001" {
		t.Fatalf("task id after a stored 90000000: %s", id)
	}
	// ...and missing counters start at the kind's first id.
	if id := a.createTagList("L"); id != strconv.FormatInt(firstTagListID, 10) {
		t.Fatalf("first tag list id %s, want %d", id, firstTagListID)
	}
	if u, ok := a.task("10")["users"].([]any); !ok || len(u) != 0 {
		t.Fatalf("users of a task stored with null users = %#v", a.task("10")["users"])
	}
}
