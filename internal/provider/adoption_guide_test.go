package provider

// The adoption guide (templates/guides/adopting-an-existing-account.md.tmpl) run as a user runs
// it: its inventory configuration (examples/guides/adopting-an-existing-account/inventory, which
// the guide embeds) is applied to an account, its import_blocks output becomes the imports.tf of
// a second configuration, and that one is planned with -generate-config-out, applied and planned
// again, which must be empty.

import (
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

const adoptionGuideInventory = "../../examples/guides/adopting-an-existing-account/inventory/main.tf"

func TestAccAdoptionGuide(t *testing.T) {
	t.Parallel()
	env := newAccEnv(t)
	if env.Emulator == nil {
		t.Skip("the guide adopts the whole account: run against the emulator only")
	}
	s := newSeeder(t, env)
	ctx := s.ctx

	// An account with a bit of everything, and the cases the inventory must get right: a name
	// starting with a digit (an address must start with a letter), two tasks of the same name,
	// a deactivated person (timecamp_user cannot import them) and the token's own user (left out).
	eng := s.group("Engineering", s.root())
	plan := s.task(timecamp.TaskInput{Name: timecamp.Set("2024 plan")})
	website := s.task(timecamp.TaskInput{Name: timecamp.Set("Website")})
	design := s.task(timecamp.TaskInput{Name: timecamp.Set("Design"), ParentID: timecamp.Set(website)})
	s.task(timecamp.TaskInput{Name: timecamp.Set("Design"), ParentID: timecamp.Set(plan)})
	list := s.tagList("Work mode")
	meeting := s.tag(list, "Meeting")
	ann := seedUser(t, env, "ann@example.com", "Ann Example")
	bob := seedUser(t, env, "bob@example.com", "")
	s.must(env.Client.Users.SetDisabled(ctx, bob, true))
	acme, err := env.Client.Clients.Create(ctx, timecamp.InvoiceClientInput{OrganizationName: timecamp.Set("3M")})
	s.must(err)
	s.template(timecamp.CustomFieldTemplateInput{
		Name:         timecamp.Set("Priority"),
		ResourceType: timecamp.Set(timecamp.CustomFieldResourceTask),
		FieldType:    timecamp.Set(timecamp.CustomFieldTypeString),
	})
	me, err := env.Client.Me.Get(ctx)
	s.must(err)

	// 1. The inventory.
	inventory, err := os.ReadFile(adoptionGuideInventory)
	if err != nil {
		t.Fatal(err)
	}
	inv := newTerraformRunner(t, env)
	inv.write("main.tf", string(inventory))
	inv.run("apply", "-auto-approve")
	imports := inv.outputRaw("import_blocks")
	t.Logf("imports.tf:\n%s", imports)

	addresses := regexp.MustCompile(`(?m)^\s*to = (\S+)$`).FindAllStringSubmatch(imports, -1)
	var got []string
	for _, m := range addresses {
		got = append(got, m[1])
		if !regexp.MustCompile(`^timecamp_[a-z_]+\.[a-z][a-z0-9_]*$`).MatchString(m[1]) {
			t.Errorf("%s: not a valid resource address starting with a letter", m[1])
		}
	}
	for _, want := range []string{
		"timecamp_group.group_engineering_" + strconv.FormatInt(eng, 10),
		"timecamp_task.task_2024_plan_" + strconv.FormatInt(plan, 10),
		"timecamp_task.task_design_" + strconv.FormatInt(design, 10),
		"timecamp_tag.tag_meeting_" + strconv.FormatInt(meeting, 10),
		"timecamp_user.user_ann_example_com_" + strconv.FormatInt(ann, 10),
		"timecamp_client.client_3m_" + strconv.FormatInt(int64(acme.ClientID), 10),
	} {
		if !slices.Contains(got, want) {
			t.Errorf("imports.tf has no block for %s", want)
		}
	}
	for who, id := range map[string]int64{"the deactivated user": bob, "the token's own user": int64(me.UserID)} {
		if a := userAddressOf(got, id); a != "" {
			t.Errorf("imports.tf imports %s (user %d) as %s", who, id, a)
		}
	}
	if t.Failed() {
		t.FailNow()
	}

	// 2 and 3. The account: generated configuration, an import with no change, an empty re-plan.
	acct := newTerraformRunner(t, env)
	acct.write("main.tf", "terraform {\n  required_providers {\n    timecamp = {\n      source = \"timecamp-org/timecamp\"\n    }\n  }\n}\n\nprovider \"timecamp\" {}\n")
	acct.write("imports.tf", imports)
	acct.run("plan", "-generate-config-out=generated.tf")
	acct.run("plan", "-out=adopt.tfplan")
	changes := acct.showPlan("adopt.tfplan").ResourceChanges
	if len(changes) != len(got) {
		t.Errorf("the plan has %d resource changes, imports.tf %d blocks", len(changes), len(got))
	}
	for _, rc := range changes {
		if rc.Change.Importing == nil || !slices.Equal(rc.Change.Actions, []string{"no-op"}) {
			t.Errorf("%s: not a plain import (actions %v); attributes that differ: %s",
				rc.Address, rc.Change.Actions, diffAttributes(rc.Change.Before, rc.Change.After))
		}
	}
	if t.Failed() {
		t.FailNow()
	}
	acct.run("apply", "adopt.tfplan")
	if code := acct.runCode("plan", "-detailed-exitcode"); code != 0 {
		t.Fatalf("the plan after adoption is not empty (exit code %d):\n%s", code, acct.last)
	}
}

// userAddressOf is the address in addresses that imports user id ("" if none): the inventory
// ends every address with the object's id.
func userAddressOf(addresses []string, id int64) string {
	for _, a := range addresses {
		if strings.HasPrefix(a, "timecamp_user.") && strings.HasSuffix(a, "_"+strconv.FormatInt(id, 10)) {
			return a
		}
	}
	return ""
}

// outputRaw is `terraform output -raw name`: the value alone (stdout), without the warnings
// Terraform writes to stderr.
func (r *terraformRunner) outputRaw(name string) string {
	r.t.Helper()
	return string(r.stdout("output", "-no-color", "-raw", name))
}
