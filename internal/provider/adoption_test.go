package provider

// Adoption tests: the path of a user who brings an existing account under Terraform. For every
// resource type, objects are made through the API (as if they had existed for years), a
// configuration holding nothing but `import` blocks is planned with `-generate-config-out`, and
// the generated configuration must then plan as an import with no change, apply without touching
// TimeCamp, and re-plan empty. terraform-plugin-testing cannot generate configuration, so these
// tests drive the terraform binary themselves, with the provider built once per test run and
// found through a dev_overrides CLI configuration, exactly as a user's terraform would run it.
//
// TestAdoptionCoversEveryResource fails when a resource is registered without an adoption test.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/acctest"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

// adoptionTests names the adoption test of each resource type; TestAdoptionCoversEveryResource
// compares it with the provider's Resources().
var adoptionTests = map[string]string{
	"timecamp_group":              "TestAccAdoption_group",
	"timecamp_task":               "TestAccAdoption_task",
	"timecamp_tag_list":           "TestAccAdoption_tagList",
	"timecamp_tag":                "TestAccAdoption_tag",
	"timecamp_client":             "TestAccAdoption_client",
	"timecamp_favorite_task":      "TestAccAdoption_favoriteTask",
	"timecamp_user":               "TestAccAdoption_user",
	"timecamp_task_user":          "TestAccAdoption_taskUser",
	"timecamp_custom_field":       "TestAccAdoption_customField",
	"timecamp_custom_field_value": "TestAccAdoption_customFieldValue",
	"timecamp_billing_rate":       "TestAccAdoption_billingRate",
	"timecamp_timer":              "TestAccAdoption_timer",
	"timecamp_time_entry":         "TestAccAdoption_timeEntry",
	"timecamp_invoice":            "TestAccAdoption_invoice",
}

func TestAdoptionCoversEveryResource(t *testing.T) {
	var missing []string
	for _, name := range resourceTypeNames(t) {
		if _, ok := adoptionTests[name]; !ok {
			missing = append(missing, name)
		}
	}
	if len(missing) > 0 {
		t.Errorf("resource types without an adoption test (add one to adoption_test.go and to adoptionTests): %s",
			strings.Join(missing, ", "))
	}
}

// adoptee is one object to adopt: the address its import block imports to, and its import id.
type adoptee struct {
	address, id string
}

func TestAccAdoption_group(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	s := newSeeder(t, env)
	root := s.root()
	eng := s.group("Engineering "+s.sfx, root)
	platform := s.group("Platform", eng)
	adopt(t, env,
		adoptee{"timecamp_group.engineering", strconv.FormatInt(eng, 10)},
		adoptee{"timecamp_group.platform", strconv.FormatInt(platform, 10)},
	)
}

func TestAccAdoption_task(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	s := newSeeder(t, env)
	website := s.task(timecamp.TaskInput{
		Name:           timecamp.Set("Website " + s.sfx),
		Note:           timecamp.Set("The public site"),
		Keywords:       timecamp.Set("web,client"),
		ExternalTaskID: timecamp.Set("JIRA-1"),
		Budgeted:       timecamp.Set[int64](40 * 3600),
		BudgetUnit:     timecamp.Set(timecamp.BudgetUnitHours),
	})
	design := s.task(timecamp.TaskInput{Name: timecamp.Set("Design"), ParentID: timecamp.Set(website), Billable: timecamp.Set(false)})
	fee := s.task(timecamp.TaskInput{
		Name:       timecamp.Set("Support " + s.sfx),
		Budgeted:   timecamp.Set[int64](1500),
		BudgetUnit: timecamp.Set(timecamp.BudgetUnitFee),
	})
	old := s.task(timecamp.TaskInput{Name: timecamp.Set("Old launch"), ParentID: timecamp.Set(website)})
	s.must(env.Client.Tasks.Archive(s.ctx, old))
	adopt(t, env,
		adoptee{"timecamp_task.website", strconv.FormatInt(website, 10)},
		adoptee{"timecamp_task.design", strconv.FormatInt(design, 10)},
		adoptee{"timecamp_task.support", strconv.FormatInt(fee, 10)},
		adoptee{"timecamp_task.old_launch", strconv.FormatInt(old, 10)},
	)
}

func TestAccAdoption_tagList(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	s := newSeeder(t, env)
	activity := s.tagList("Activity " + s.sfx)
	retired := s.tagList("Retired " + s.sfx)
	s.must(env.Client.TagLists.Update(s.ctx, retired, timecamp.Field[string]{}, timecamp.Set(true)))
	adopt(t, env,
		adoptee{"timecamp_tag_list.activity", strconv.FormatInt(activity, 10)},
		adoptee{"timecamp_tag_list.retired", strconv.FormatInt(retired, 10)},
	)
}

func TestAccAdoption_tag(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	s := newSeeder(t, env)
	list := s.tagList("Activity " + s.sfx)
	meeting := s.tag(list, "Meeting")
	travel := s.tag(list, "Travel")
	s.must(env.Client.Tags.Update(s.ctx, travel, timecamp.Field[string]{}, timecamp.Set(true)))
	adopt(t, env,
		adoptee{"timecamp_tag.meeting", strconv.FormatInt(meeting, 10)},
		adoptee{"timecamp_tag.travel", strconv.FormatInt(travel, 10)},
	)
}

func TestAccAdoption_client(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	s := newSeeder(t, env)
	full, err := env.Client.Clients.Create(s.ctx, timecamp.InvoiceClientInput{
		OrganizationName: timecamp.Set("Acme " + s.sfx),
		FirstName:        timecamp.Set("Ada"),
		LastName:         timecamp.Set("Lovelace"),
		Email:            timecamp.Set("billing@acme.example"),
		Address:          timecamp.Set("1 Main Street\nSpringfield"),
	})
	s.must(err)
	bare, err := env.Client.Clients.Create(s.ctx, timecamp.InvoiceClientInput{OrganizationName: timecamp.Set("Initech " + s.sfx)})
	s.must(err)
	adopt(t, env,
		adoptee{"timecamp_client.acme", strconv.FormatInt(int64(full.ClientID), 10)},
		adoptee{"timecamp_client.initech", strconv.FormatInt(int64(bare.ClientID), 10)},
	)
}

func TestAccAdoption_favoriteTask(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	s := newSeeder(t, env)
	support := s.task(timecamp.TaskInput{Name: timecamp.Set("Support " + s.sfx)})
	s.must(env.Client.Favourites.Add(s.ctx, support))
	adopt(t, env, adoptee{"timecamp_favorite_task.support", strconv.FormatInt(support, 10)})
}

func TestAccAdoption_user(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	s := newSeeder(t, env)
	eng := s.group("Engineering "+s.sfx, s.root())
	ann := seedUser(t, env, "ann."+s.sfx+"@example.com", "Ann Example")
	bob := seedUser(t, env, "bob."+s.sfx+"@example.com", "")
	// Bob works in Engineering, as its supervisor.
	root := s.root()
	_, err := env.Client.Users.Move(s.ctx, root, bob, eng)
	s.must(err)
	_, err = env.Client.Users.SetRole(s.ctx, eng, bob, timecamp.GroupRoleSupervisor)
	s.must(err)
	adopt(t, env,
		adoptee{"timecamp_user.ann", strconv.FormatInt(ann, 10)},
		adoptee{"timecamp_user.bob", strconv.FormatInt(bob, 10)},
	)
}

func TestAccAdoption_taskUser(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	s := newSeeder(t, env)
	website := s.task(timecamp.TaskInput{Name: timecamp.Set("Website " + s.sfx)})
	ann := seedUser(t, env, "ann."+s.sfx+"@example.com", "")
	roles, err := env.Client.Roles.TaskRoles(s.ctx)
	s.must(err)
	if len(roles) == 0 {
		t.Fatal("the account has no task roles")
	}
	s.must(env.Client.TaskUsers.Assign(s.ctx, website, int64(roles[len(roles)-1].ID), ann))
	adopt(t, env, adoptee{"timecamp_task_user.ann_website", fmt.Sprintf("%d:%d", website, ann)})
}

func TestAccAdoption_customField(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	s := newSeeder(t, env)
	priority := s.template(timecamp.CustomFieldTemplateInput{
		Name:         timecamp.Set("Priority " + s.sfx),
		ResourceType: timecamp.Set(timecamp.CustomFieldResourceTask),
		FieldType:    timecamp.Set(timecamp.CustomFieldTypeString),
		Required:     timecamp.Set(true),
		DefaultValue: timecamp.Set("normal"),
	})
	hours := s.template(timecamp.CustomFieldTemplateInput{
		Name:         timecamp.Set("Contract hours " + s.sfx),
		ResourceType: timecamp.Set(timecamp.CustomFieldResourceUser),
		FieldType:    timecamp.Set(timecamp.CustomFieldTypeNumber),
	})
	adopt(t, env,
		adoptee{"timecamp_custom_field.priority", strconv.FormatInt(priority, 10)},
		adoptee{"timecamp_custom_field.contract_hours", strconv.FormatInt(hours, 10)},
	)
}

func TestAccAdoption_customFieldValue(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	s := newSeeder(t, env)
	priority := s.template(timecamp.CustomFieldTemplateInput{
		Name:         timecamp.Set("Priority " + s.sfx),
		ResourceType: timecamp.Set(timecamp.CustomFieldResourceTask),
		FieldType:    timecamp.Set(timecamp.CustomFieldTypeString),
	})
	website := s.task(timecamp.TaskInput{Name: timecamp.Set("Website " + s.sfx)})
	_, err := env.Client.CustomFields.Assign(s.ctx, priority, website, "high")
	s.must(err)
	adopt(t, env, adoptee{"timecamp_custom_field_value.website_priority", fmt.Sprintf("%d:%d", priority, website)})
}

func TestAccAdoption_billingRate(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	s := newSeeder(t, env)
	types, err := env.Client.Rates.Types(s.ctx)
	s.must(err)
	if len(types) == 0 {
		t.Fatal("the account has no rate types")
	}
	rateType := types[0].ID
	website := s.task(timecamp.TaskInput{Name: timecamp.Set("Website " + s.sfx)})
	eng := s.group("Engineering "+s.sfx, s.root())
	me, err := env.Client.Me.Get(s.ctx)
	s.must(err)
	user := int64(me.UserID)
	rates := []struct {
		address, kind string
		target        timecamp.RateTarget
		value         string
	}{
		{"timecamp_billing_rate.website", "task", timecamp.RateTarget{TaskID: website}, "120.50"},
		{"timecamp_billing_rate.engineering", "group", timecamp.RateTarget{GroupID: eng}, "95"},
		{"timecamp_billing_rate.me", "user", timecamp.RateTarget{UserID: user}, "80.25"},
		{"timecamp_billing_rate.me_on_website", "task_user", timecamp.RateTarget{TaskID: website, UserID: user}, "150"},
	}
	var objs []adoptee
	for _, r := range rates {
		_, err := env.Client.Rates.Set(s.ctx, r.target, timecamp.RateInput{RateTypeID: rateType, Value: r.value})
		s.must(err)
		objs = append(objs, adoptee{r.address, rateID(r.target, rateType)})
	}
	// The import ids are the documented ones, not just whatever rateID renders.
	if want := fmt.Sprintf("task_user:%d:%d:%d", website, user, rateType); objs[3].id != want {
		t.Fatalf("import id of a task_user rate: got %q, want %q", objs[3].id, want)
	}
	adopt(t, env, objs...)
}

func TestAccAdoption_timer(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	s := newSeeder(t, env)
	website := s.task(timecamp.TaskInput{Name: timecamp.Set("Website " + s.sfx)})
	note := "Fixing the footer"
	started, err := env.Client.Timer.Start(s.ctx, timecamp.TimerStart{TaskID: website, Note: &note})
	s.must(err)
	// Stop it afterwards on a sandbox account too (adopt destroys it, which stops it; this is
	// for a test that failed before).
	t.Cleanup(func() { _, _ = env.Client.Timer.StopIfRunning(context.Background(), int64(started.TimerID)) })
	adopt(t, env, adoptee{"timecamp_timer.work", strconv.FormatInt(int64(started.TimerID), 10)})
}

func TestAccAdoption_timeEntry(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	s := newSeeder(t, env)
	f := newEntryFixture(t, env)
	date := time.Now().AddDate(0, 0, -2).Format(time.DateOnly)
	framed, err := env.Client.Entries.Create(s.ctx, timecamp.EntryInput{
		Date:      timecamp.Set(date),
		StartTime: timecamp.Set("09:00:00"),
		EndTime:   timecamp.Set("10:30:00"),
		Note:      timecamp.Set("Kick-off"),
		TaskID:    timecamp.Set(f.taskA),
		Billable:  timecamp.Set(true),
		UserID:    timecamp.Set(f.user),
		TagIDs:    []int64{f.dev, f.review},
	})
	s.must(err)
	durationOnly, err := env.Client.Entries.Create(s.ctx, timecamp.EntryInput{
		Date:     timecamp.Set(date),
		Duration: timecamp.Set[int64](45 * 60),
		Note:     timecamp.Set("E-mail"),
		UserID:   timecamp.Set(f.user),
	})
	s.must(err)
	adopt(t, env,
		adoptee{"timecamp_time_entry.kickoff", fmt.Sprintf("%d:%s:%d", f.user, date, framed)},
		adoptee{"timecamp_time_entry.email", fmt.Sprintf("%s:%d", date, durationOnly)},
	)
}

func TestAccAdoption_invoice(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	s := newSeeder(t, env)
	cl, err := env.Client.Clients.Create(s.ctx, timecamp.InvoiceClientInput{OrganizationName: timecamp.Set("Billed " + s.sfx)})
	s.must(err)
	entry, err := env.Client.Entries.Create(s.ctx, timecamp.EntryInput{Date: timecamp.Set("2026-02-02"), Duration: timecamp.Set[int64](5400)})
	s.must(err)
	full, err := env.Client.Invoices.Create(s.ctx, timecamp.InvoiceInput{
		ClientID: int64(cl.ClientID), Number: "2026/" + s.sfx, Description: "February", IssueDate: "2026-03-01", DueDate: "2026-03-15",
		Status: timecamp.InvoiceStatusPending, NoteToClient: "Thanks", PONumber: "PO-1",
		Lines: []timecamp.InvoiceLineInput{
			{Name: "Work", Description: "February hours", Quantity: "1.5", UnitCost: "80.50", TaxID: timecamp.NoTax, TimeEntryIDs: []int64{entry}},
			{Name: "Licence", Type: timecamp.InvoiceLineProduct, Quantity: "2", UnitCost: "10", TaxID: 198},
		},
	})
	s.must(err)
	bare, err := env.Client.Invoices.Create(s.ctx, timecamp.InvoiceInput{
		ClientID: int64(cl.ClientID), Number: "Draft " + s.sfx, IssueDate: "2026-03-02",
		Lines: []timecamp.InvoiceLineInput{{Name: "Setup", Quantity: "1", UnitCost: "0.25", TaxID: timecamp.NoTax}},
	})
	s.must(err)
	adopt(t, env,
		adoptee{"timecamp_invoice.february", strconv.FormatInt(int64(full.InvoiceID), 10)},
		adoptee{"timecamp_invoice.draft", strconv.FormatInt(int64(bare.InvoiceID), 10)},
	)
}

// seeder makes the objects to adopt through the client, failing the test on any error.
type seeder struct {
	t   *testing.T
	env *accEnv
	ctx context.Context
	sfx string // makes names unique on a shared sandbox account
}

func newSeeder(t *testing.T, env *accEnv) *seeder {
	return &seeder{t: t, env: env, ctx: context.Background(), sfx: acctest.RandString(6)}
}

func (s *seeder) must(err error) {
	s.t.Helper()
	if err != nil {
		s.t.Fatalf("seeding the account: %v", err)
	}
}

func (s *seeder) root() int64 {
	s.t.Helper()
	root, err := s.env.Client.Users.RootGroupID(s.ctx)
	s.must(err)
	return root
}

func (s *seeder) group(name string, parent int64) int64 {
	s.t.Helper()
	g, err := s.env.Client.Groups.Create(s.ctx, name, parent)
	s.must(err)
	return int64(g.GroupID)
}

func (s *seeder) task(in timecamp.TaskInput) int64 {
	s.t.Helper()
	task, err := s.env.Client.Tasks.Create(s.ctx, in)
	s.must(err)
	return int64(task.TaskID)
}

func (s *seeder) tagList(name string) int64 {
	s.t.Helper()
	id, err := s.env.Client.TagLists.Create(s.ctx, name)
	s.must(err)
	return id
}

func (s *seeder) tag(list int64, name string) int64 {
	s.t.Helper()
	id, err := s.env.Client.Tags.Create(s.ctx, list, name)
	s.must(err)
	return id
}

func (s *seeder) template(in timecamp.CustomFieldTemplateInput) int64 {
	s.t.Helper()
	tpl, err := s.env.Client.CustomFields.CreateTemplate(s.ctx, in)
	s.must(err)
	return int64(tpl.ID)
}

// adopt runs the adoption of objs in a new working directory:
//
//  1. a configuration of import blocks only, planned with -generate-config-out=generated.tf;
//  2. a plan of that configuration plus the generated one: every object is imported, nothing else
//     happens (no create, update, replace or delete);
//  3. apply of that plan, then a plan that must be empty (-detailed-exitcode 0);
//  4. destroy, which must succeed (and leaves a sandbox account as the resources' destroy leaves it).
func adopt(t *testing.T, env *accEnv, objs ...adoptee) {
	t.Helper()
	tf := newTerraformRunner(t, env)

	var imports strings.Builder
	for _, o := range objs {
		fmt.Fprintf(&imports, "\nimport {\n  to = %s\n  id = %q\n}\n", o.address, o.id)
	}
	tf.write("main.tf", fmt.Sprintf("terraform {\n  required_providers {\n    timecamp = {\n      source = %q\n    }\n  }\n}\n%s",
		"timecamp-org/timecamp", imports.String()))

	tf.run("plan", "-generate-config-out=generated.tf")
	generated, err := os.ReadFile(filepath.Join(tf.dir, "generated.tf"))
	if err != nil {
		t.Fatalf("terraform wrote no generated.tf: %v", err)
	}
	t.Logf("generated.tf:\n%s", generated)
	for _, o := range objs {
		if !bytes.Contains(generated, []byte(fmt.Sprintf("resource %q %q {", strings.Split(o.address, ".")[0], strings.Split(o.address, ".")[1]))) {
			t.Errorf("generated.tf has no block for %s", o.address)
		}
	}

	tf.run("plan", "-out=adopt.tfplan")
	plan := tf.showPlan("adopt.tfplan")
	seen := map[string]bool{}
	for _, rc := range plan.ResourceChanges {
		seen[rc.Address] = true
		want := slices.ContainsFunc(objs, func(o adoptee) bool { return o.address == rc.Address })
		switch {
		case !want:
			t.Errorf("%s: unexpected in the plan (actions %v)", rc.Address, rc.Change.Actions)
		case rc.Change.Importing == nil:
			t.Errorf("%s: planned without importing (actions %v)", rc.Address, rc.Change.Actions)
		case !slices.Equal(rc.Change.Actions, []string{"no-op"}):
			t.Errorf("%s: the generated configuration does not match the imported object: actions %v; attributes that differ: %s",
				rc.Address, rc.Change.Actions, diffAttributes(rc.Change.Before, rc.Change.After))
		}
	}
	for _, o := range objs {
		if !seen[o.address] {
			t.Errorf("%s: not in the plan", o.address)
		}
	}
	if t.Failed() {
		t.FailNow()
	}

	tf.run("apply", "adopt.tfplan")
	if code := tf.runCode("plan", "-detailed-exitcode"); code != 0 {
		t.Fatalf("the plan after adoption is not empty (exit code %d):\n%s", code, tf.last)
	}
	tf.run("destroy", "-auto-approve")
}

// diffAttributes names the top-level attributes whose values differ between before and after.
func diffAttributes(before, after map[string]any) string {
	var names []string
	for k := range after {
		b, _ := json.Marshal(before[k])
		a, _ := json.Marshal(after[k])
		if !bytes.Equal(a, b) {
			names = append(names, fmt.Sprintf("%s: %s -> %s", k, b, a))
		}
	}
	for k := range before {
		if _, ok := after[k]; !ok {
			names = append(names, k+": removed")
		}
	}
	sort.Strings(names)
	return strings.Join(names, "; ")
}

// terraformRunner runs the terraform binary of the acceptance tests (TF_ACC_TERRAFORM_PATH, which
// may be OpenTofu) in a working directory of one test, with the provider built from this checkout.
type terraformRunner struct {
	t    *testing.T
	dir  string
	bin  string
	env  []string
	last string // output of the last command
}

func newTerraformRunner(t *testing.T, env *accEnv) *terraformRunner {
	t.Helper()
	bin := os.Getenv("TF_ACC_TERRAFORM_PATH")
	if bin == "" {
		var err error
		if bin, err = exec.LookPath("terraform"); err != nil {
			t.Fatal("no terraform binary: set TF_ACC_TERRAFORM_PATH or put terraform on PATH")
		}
	}
	pluginDir := providerBinaryDir(t)
	dir := t.TempDir()

	host := os.Getenv("TF_ACC_PROVIDER_HOST")
	if host == "" {
		host = "registry.terraform.io"
	}
	cliConfig := filepath.Join(dir, "terraformrc")
	if err := os.WriteFile(cliConfig, []byte(fmt.Sprintf(
		"provider_installation {\n  dev_overrides {\n    %q = %q\n  }\n  direct {}\n}\n",
		host+"/timecamp-org/timecamp", pluginDir)), 0o600); err != nil {
		t.Fatal(err)
	}

	var vars []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "TF_CLI_ARGS") || strings.HasPrefix(name, "TF_VAR_") || slices.Contains([]string{
			"TF_CLI_CONFIG_FILE", "TOFU_CLI_CONFIG_FILE", "TF_REATTACH_PROVIDERS", "TF_DATA_DIR", "TF_WORKSPACE",
			"TF_INPUT", "TF_IN_AUTOMATION", EnvAPIToken, EnvBaseURL}, name) {
			continue
		}
		vars = append(vars, kv)
	}
	vars = append(vars, "TF_CLI_CONFIG_FILE="+cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0")
	if env.Emulator != nil {
		vars = append(vars, EnvBaseURL+"="+env.Emulator.URL, EnvAPIToken+"="+env.Emulator.Token)
	} else {
		vars = append(vars, EnvBaseURL+"="+os.Getenv(EnvBaseURL), EnvAPIToken+"="+os.Getenv(EnvAPIToken))
	}
	return &terraformRunner{t: t, dir: dir, bin: bin, env: vars}
}

func (r *terraformRunner) write(name, content string) {
	r.t.Helper()
	if err := os.WriteFile(filepath.Join(r.dir, name), []byte(content), 0o600); err != nil {
		r.t.Fatal(err)
	}
}

// runCode runs terraform with args (-no-color added) and returns its exit code; the output is in last.
func (r *terraformRunner) runCode(args ...string) int {
	r.t.Helper()
	args = append(args[:1:1], append([]string{"-no-color"}, args[1:]...)...)
	cmd := exec.Command(r.bin, args...)
	cmd.Dir = r.dir
	cmd.Env = r.env
	out, err := cmd.CombinedOutput()
	r.last = string(out)
	if err != nil {
		if exit := (*exec.ExitError)(nil); errors.As(err, &exit) {
			return exit.ExitCode()
		}
		r.t.Fatalf("running %s %s: %v", r.bin, strings.Join(args, " "), err)
	}
	return 0
}

// run runs terraform with args and fails the test unless it succeeds.
func (r *terraformRunner) run(args ...string) {
	r.t.Helper()
	if code := r.runCode(args...); code != 0 {
		r.t.Fatalf("terraform %s failed (exit code %d):\n%s", strings.Join(args, " "), code, r.last)
	}
}

// stdout runs terraform with args and returns its standard output alone (warnings go to stderr,
// which is shown only when the command fails).
func (r *terraformRunner) stdout(args ...string) []byte {
	r.t.Helper()
	cmd := exec.Command(r.bin, args...)
	cmd.Dir = r.dir
	cmd.Env = r.env
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		r.t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, stderr.String())
	}
	return out
}

// jsonPlan is the part of `terraform show -json <plan>` these tests read.
type jsonPlan struct {
	ResourceChanges []struct {
		Address string `json:"address"`
		Change  struct {
			Actions   []string       `json:"actions"`
			Before    map[string]any `json:"before"`
			After     map[string]any `json:"after"`
			Importing *struct {
				ID string `json:"id"`
			} `json:"importing"`
		} `json:"change"`
	} `json:"resource_changes"`
}

func (r *terraformRunner) showPlan(file string) jsonPlan {
	r.t.Helper()
	out := r.stdout("show", "-no-color", "-json", file)
	var p jsonPlan
	if err := json.Unmarshal(out, &p); err != nil {
		r.t.Fatalf("reading the plan: %v", err)
	}
	return p
}

// The provider binary of the adoption tests: built once per test run, removed by TestMain.
var (
	providerBuild struct {
		once sync.Once
		dir  string
		err  error
	}
)

// providerBinaryDir builds terraform-provider-timecamp from this checkout into a temporary
// directory (once per test run) and returns the directory, for a dev_overrides CLI config.
func providerBinaryDir(t *testing.T) string {
	t.Helper()
	providerBuild.once.Do(func() {
		//nolint:usetesting // shared by every test of the run, so it must outlive the first one
		dir, err := os.MkdirTemp("", "timecamp-adoption-")
		if err != nil {
			providerBuild.err = err
			return
		}
		providerBuild.dir = dir
		goBin, err := exec.LookPath("go")
		if err != nil {
			providerBuild.err = fmt.Errorf("go is not on PATH: %w", err)
			return
		}
		cmd := exec.Command(goBin, "build", "-buildvcs=false", "-o", filepath.Join(dir, "terraform-provider-timecamp"),
			"github.com/timecamp-org/terraform-provider-timecamp")
		if out, err := cmd.CombinedOutput(); err != nil {
			providerBuild.err = fmt.Errorf("go build of the provider: %w\n%s", err, out)
		}
	})
	if providerBuild.err != nil {
		t.Fatal(providerBuild.err)
	}
	return providerBuild.dir
}

// removeProviderBuild deletes the provider binary built for the adoption tests (from TestMain).
func removeProviderBuild() {
	if providerBuild.dir != "" {
		_ = os.RemoveAll(providerBuild.dir)
	}
}
