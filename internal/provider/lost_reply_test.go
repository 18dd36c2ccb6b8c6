package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

// lostReplyKind is one resource whose create is not idempotent, for the lost-reply tests.
type lostReplyKind struct {
	resource string // e.g. "timecamp_task"
	method   string // the create's method and path in the emulator
	path     string
	config   string // HCL declaring <resource>.x named lostReplyName (and what it needs)
	// named lists the ids of the objects named lostReplyName in the account.
	named func(ctx context.Context, c *timecamp.Client) ([]int64, error)
}

const lostReplyName = "Lost and found"

func lostReplyKinds() []lostReplyKind {
	idsOf := func(n int, id func(int) int64, match func(int) bool) []int64 {
		var ids []int64
		for i := range n {
			if match(i) {
				ids = append(ids, id(i))
			}
		}
		return ids
	}
	return []lostReplyKind{
		{resource: "timecamp_group", method: http.MethodPut, path: "/group",
			config: fmt.Sprintf("resource \"timecamp_group\" \"x\" {\n  name = %q\n}\n", lostReplyName),
			named: func(ctx context.Context, c *timecamp.Client) ([]int64, error) {
				gs, err := c.Groups.List(ctx)
				return idsOf(len(gs), func(i int) int64 { return int64(gs[i].GroupID) }, func(i int) bool { return gs[i].Name == lostReplyName }), err
			}},
		{resource: "timecamp_task", method: http.MethodPost, path: "/tasks",
			config: fmt.Sprintf("resource \"timecamp_task\" \"p\" {\n  name = \"Parent\"\n}\n"+
				"resource \"timecamp_task\" \"x\" {\n  name = %q\n  parent_id = timecamp_task.p.id\n}\n", lostReplyName),
			named: func(ctx context.Context, c *timecamp.Client) ([]int64, error) {
				ts, err := c.Tasks.List(ctx, timecamp.TaskListOptions{})
				return idsOf(len(ts), func(i int) int64 { return int64(ts[i].TaskID) }, func(i int) bool { return ts[i].Name == lostReplyName }), err
			}},
		{resource: "timecamp_tag_list", method: http.MethodPost, path: "/tag_list",
			config: fmt.Sprintf("resource \"timecamp_tag_list\" \"x\" {\n  name = %q\n}\n", lostReplyName),
			named: func(ctx context.Context, c *timecamp.Client) ([]int64, error) {
				ls, err := c.TagLists.List(ctx, timecamp.ActiveAndArchived)
				return idsOf(len(ls), func(i int) int64 { return int64(ls[i].ID) }, func(i int) bool { return ls[i].Name == lostReplyName }), err
			}},
		{resource: "timecamp_tag", method: http.MethodPost, path: "/tag",
			config: fmt.Sprintf("resource \"timecamp_tag_list\" \"l\" {\n  name = \"Tags\"\n}\n"+
				"resource \"timecamp_tag\" \"x\" {\n  tag_list_id = timecamp_tag_list.l.id\n  name = %q\n}\n", lostReplyName),
			named: func(ctx context.Context, c *timecamp.Client) ([]int64, error) {
				ls, err := c.TagLists.List(ctx, timecamp.ActiveAndArchived)
				var ids []int64
				for _, l := range ls {
					for _, t := range l.Tags.Values() {
						if t.Name == lostReplyName {
							ids = append(ids, int64(t.ID))
						}
					}
				}
				return ids, err
			}},
		{resource: "timecamp_client", method: http.MethodPut, path: "/client",
			config: fmt.Sprintf("resource \"timecamp_client\" \"x\" {\n  organization_name = %q\n  email = \"lost@example.test\"\n}\n", lostReplyName),
			named: func(ctx context.Context, c *timecamp.Client) ([]int64, error) {
				cs, err := c.Clients.List(ctx)
				return idsOf(len(cs), func(i int) int64 { return int64(cs[i].ClientID) }, func(i int) bool { return cs[i].OrganizationName == lostReplyName }), err
			}},
		{resource: "timecamp_invoice", method: http.MethodPut, path: "/invoice",
			config: fmt.Sprintf("resource \"timecamp_client\" \"c\" {\n  organization_name = \"Billed\"\n}\n"+
				"resource \"timecamp_invoice\" \"x\" {\n  client_id = timecamp_client.c.id\n  number = %q\n  issue_date = \"2026-03-01\"\n"+
				"  lines = [{ name = \"Work\", quantity = \"1\", unit_cost = \"10\" }]\n}\n", lostReplyName),
			named: func(ctx context.Context, c *timecamp.Client) ([]int64, error) {
				is, err := c.Invoices.List(ctx)
				return idsOf(len(is), func(i int) int64 { return int64(is[i].InvoiceID) }, func(i int) bool { return is[i].InvoiceNumber == lostReplyName }), err
			}},
		{resource: "timecamp_custom_field", method: http.MethodPost, path: "/v3/custom-fields/template/create",
			config: fmt.Sprintf("resource \"timecamp_custom_field\" \"x\" {\n  name = %q\n  resource_type = \"task\"\n  field_type = \"string\"\n}\n", lostReplyName),
			named: func(ctx context.Context, c *timecamp.Client) ([]int64, error) {
				ts, err := c.CustomFields.ListTemplates(ctx)
				return idsOf(len(ts), func(i int) int64 { return int64(ts[i].ID) }, func(i int) bool { return ts[i].Name == lostReplyName }), err
			}},
	}
}

// checkExactlyOne requires exactly one object named lostReplyName in the account, the one in state.
func checkExactlyOne(env *accEnv, k lostReplyKind) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		ids, err := k.named(context.Background(), env.Client)
		if err != nil {
			return err
		}
		if len(ids) != 1 {
			return fmt.Errorf("%d objects named %q in the account (ids %v), want exactly 1", len(ids), lostReplyName, ids)
		}
		id, err := stateID(s, k.resource+".x")
		if err != nil {
			return err
		}
		if id != ids[0] {
			return fmt.Errorf("state holds %d, the account %d", id, ids[0])
		}
		return nil
	}
}

// TestAccLostCreateReply: for every resource whose create is not idempotent, a create that
// reached TimeCamp but whose reply was lost (connection dropped, or an HTML page instead of
// JSON) is adopted, not sent again; one closed before TimeCamp handled it fails telling the user
// to apply again, and the next apply creates it once.
func TestAccLostCreateReply(t *testing.T) {
	faults := []struct {
		name    string
		fault   timecamptest.Fault
		adopted bool // the object was made and must be taken over; else nothing was made
	}{
		{"reply lost after the change", timecamptest.Fault{LoseReply: true}, true},
		{"HTML page with 200 after the change", timecamptest.Fault{Transform: timecamptest.ReplaceBody(200, timecamptest.HTMLPage)}, true},
		{"id missing from the reply", timecamptest.Fault{Transform: timecamptest.DropKeys("task_id", "group_id", "id", "clientId", "invoiceId")}, true},
		{"connection closed before handling", timecamptest.Fault{CloseConnection: true}, false},
		{"500 before handling", timecamptest.Fault{Status: http.StatusInternalServerError}, false},
	}
	for _, k := range lostReplyKinds() {
		for _, f := range faults {
			if f.name == "id missing from the reply" && (k.resource == "timecamp_tag" || k.resource == "timecamp_tag_list") {
				continue // their reply is a bare id: nothing to drop
			}
			t.Run(k.resource+"/"+f.name, func(t *testing.T) {
				env := newEmulatorEnv(t, timecamptest.Options{})
				cfg := env.config(k.config)
				fault := f.fault
				fault.Method, fault.Path = k.method, k.path
				if k.resource == "timecamp_task" {
					fault.Skip = 1 // the parent's create goes through
				}
				first := resource.TestStep{
					PreConfig: func() { env.Emulator.InjectFault(fault) },
					Config:    cfg,
					Check:     checkExactlyOne(env, k),
				}
				if !f.adopted {
					first.Check = nil
					first.ExpectError = wrappedText("most likely did not create it", "run terraform apply again", "terraform import "+k.resource)
				}
				resource.Test(t, resource.TestCase{
					ProtoV6ProviderFactories: testProviderFactories,
					Steps: []resource.TestStep{
						first,
						{
							// Whatever happened, the next apply leaves exactly one, the one in state.
							PreConfig: func() {
								if n := env.Emulator.PendingFaults(); n != 0 {
									t.Errorf("%d faults were never used", n)
								}
								sent := 1
								if k.resource == "timecamp_task" {
									sent = 2 // the parent's and this one's
								}
								if n := env.Emulator.RequestCount(k.method, k.path); n != sent {
									t.Errorf("%s %s sent %d times: a create was sent again", k.method, k.path, n)
								}
							},
							Config: cfg,
							Check:  checkExactlyOne(env, k),
						},
						emptyPlanStep(cfg),
					},
				})
			})
		}
	}
}

// wrappedText matches the phrases in this order in terraform's output, which wraps lines anywhere
// between words.
func wrappedText(phrases ...string) *regexp.Regexp {
	parts := make([]string, len(phrases))
	for i, p := range phrases {
		words := strings.Fields(p)
		for j, w := range words {
			words[j] = regexp.QuoteMeta(w)
		}
		parts[i] = strings.Join(words, `\s+`)
	}
	return regexp.MustCompile(`(?s)` + strings.Join(parts, ".*"))
}

// countActions is a plan check: exactly want resource changes have action.
type countActions struct {
	action plancheck.ResourceActionType
	want   func() int // known only once the plan is checked
}

func (c countActions) CheckPlan(_ context.Context, req plancheck.CheckPlanRequest, resp *plancheck.CheckPlanResponse) {
	n := 0
	for _, rc := range req.Plan.ResourceChanges {
		if rc.Change != nil && rc.Change.Actions.Create() && c.action == plancheck.ResourceActionCreate ||
			rc.Change != nil && rc.Change.Actions.NoOp() && c.action == plancheck.ResourceActionNoop {
			n++
		}
	}
	if want := c.want(); n != want {
		resp.Error = fmt.Errorf("%d resources planned to %s, want %d", n, c.action, want)
	}
}

// TestAccPartialApply: five tasks, the third create fails (with 429, every one from the third on).
// The state must hold exactly what the account has: the next plan creates only the missing ones
// (something in state but gone from the account would plan one more create), and after it the
// account has five tasks (something made that the state missed would leave six).
func TestAccPartialApply(t *testing.T) {
	cfg := ""
	for i := range 5 {
		cfg += fmt.Sprintf("resource \"timecamp_task\" \"t%d\" {\n  name = \"Task %d\"\n}\n", i, i)
	}
	for _, f := range []struct {
		name  string
		fault timecamptest.Fault
	}{
		{"500", timecamptest.Fault{Status: http.StatusInternalServerError}},
		{"connection closed before handling", timecamptest.Fault{CloseConnection: true}},
		// Every create from the third on: the retries of each give up.
		{"429 for good", timecamptest.Fault{Status: http.StatusTooManyRequests, RetryAfter: "0", Times: 1000}},
	} {
		t.Run(f.name, func(t *testing.T) {
			env := newEmulatorEnv(t, timecamptest.Options{})
			fault := f.fault
			fault.Method, fault.Path, fault.Skip = http.MethodPost, "/tasks", 2
			full := env.config(cfg)
			made := 0 // tasks in the account after the failed apply
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviderFactories,
				Steps: []resource.TestStep{
					{
						PreConfig:   func() { env.Emulator.InjectFault(fault) },
						Config:      full,
						ExpectError: regexp.MustCompile(`Unable to create task`),
					},
					{
						PreConfig: func() {
							env.Emulator.ClearFaults()
							tasks, err := env.Client.Tasks.List(context.Background(), timecamp.TaskListOptions{})
							if err != nil || len(tasks) < 2 || len(tasks) > 4 {
								t.Fatalf("after the failed apply the account has %d tasks (%v), want 2 to 4", len(tasks), err)
							}
							made = len(tasks)
						},
						Config: full,
						ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
							countActions{plancheck.ResourceActionCreate, func() int { return 5 - made }},
							countActions{plancheck.ResourceActionNoop, func() int { return made }},
						}},
						Check: func(*terraform.State) error {
							tasks, err := env.Client.Tasks.List(context.Background(), timecamp.TaskListOptions{})
							if err != nil {
								return err
							}
							if len(tasks) != 5 {
								return fmt.Errorf("%d tasks in the account, want 5", len(tasks))
							}
							return nil
						},
					},
					emptyPlanStep(full),
				},
			})
		})
	}
}

// TestAccLostInviteReply: an invitation is idempotent (TimeCamp answers a repeated one with
// "Already exists"), so the client sends it again after a lost or unreadable reply; the person
// exists once, in state.
func TestAccLostInviteReply(t *testing.T) {
	for name, fault := range map[string]timecamptest.Fault{
		"reply lost after the change":         {LoseReply: true},
		"HTML page with 200 after the change": {Transform: timecamptest.ReplaceBody(200, timecamptest.HTMLPage)},
	} {
		t.Run(name, func(t *testing.T) {
			env := newEmulatorEnv(t, timecamptest.Options{})
			cfg := env.config("resource \"timecamp_user\" \"x\" {\n  email = \"lost@example.com\"\n}\n")
			fault.Method, fault.Path = http.MethodPost, fmt.Sprintf("/group/%d/user", env.Emulator.RootGroupID())
			resource.Test(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviderFactories,
				Steps: []resource.TestStep{
					{
						PreConfig: func() { env.Emulator.InjectFault(fault) },
						Config:    cfg,
						Check: func(s *terraform.State) error {
							if n := env.Emulator.PendingFaults(); n != 0 {
								return fmt.Errorf("%d faults were never used", n)
							}
							users, err := env.Client.Users.List(context.Background())
							if err != nil {
								return err
							}
							var ids []int64
							for _, u := range users {
								if u.Email == "lost@example.com" {
									ids = append(ids, int64(u.UserID))
								}
							}
							id, err := stateID(s, "timecamp_user.x")
							if err != nil || len(ids) != 1 || ids[0] != id {
								return fmt.Errorf("users with the address: %v, state: %d (%v); want exactly the one in state", ids, id, err)
							}
							return nil
						},
					},
					emptyPlanStep(cfg),
				},
			})
		})
	}
}

// TestAccReadFaultsRecover: a refresh whose reads meet the faults that retrying survives plans
// nothing, as if there had been no fault; nothing is dropped from state.
func TestAccReadFaultsRecover(t *testing.T) {
	env := newEmulatorEnv(t, timecamptest.Options{})
	cfg := env.config(`
resource "timecamp_task" "t" {
  name = "Kept"
}
resource "timecamp_group" "g" {
  name = "Kept"
}
resource "timecamp_tag_list" "l" {
  name = "Kept"
}
`)
	faults := []timecamptest.Fault{
		{Status: http.StatusTooManyRequests, RetryAfter: "0"},
		{Status: http.StatusTooManyRequests, RetryAfter: time.Now().Add(-time.Second).UTC().Format(http.TimeFormat)},
		{Status: http.StatusTooManyRequests},
		{Status: http.StatusInternalServerError},
		{Status: http.StatusBadGateway},
		{Status: http.StatusServiceUnavailable, RetryAfter: "0"},
		{Latency: 500 * time.Millisecond},
		{CloseConnection: true},
		{LoseReply: true},
		{Status: http.StatusOK},
		{Status: http.StatusOK, Body: timecamptest.HTMLPage, ContentType: "text/html"},
		{Transform: timecamptest.AddKeys(map[string]any{"added_in_2027": map[string]any{"x": []any{1}}})},
	}
	steps := []resource.TestStep{{Config: cfg}}
	for _, path := range []string{"/tasks", "/group", "/tag_list"} {
		for _, f := range faults {
			f.Method, f.Path = http.MethodGet, path
			step := emptyPlanStep(cfg)
			step.PreConfig = func() {
				if n := env.Emulator.PendingFaults(); n != 0 {
					t.Errorf("%d faults of the previous step were never used", n)
				}
				env.Emulator.InjectFault(f)
			}
			steps = append(steps, step)
		}
	}
	last := emptyPlanStep(cfg)
	last.PreConfig = func() {
		if n := env.Emulator.PendingFaults(); n != 0 {
			t.Errorf("%d faults of the previous step were never used", n)
		}
	}
	resource.Test(t, resource.TestCase{ProtoV6ProviderFactories: testProviderFactories, Steps: append(steps, last)})
	t.Logf("%d read faults survived by a refresh", len(steps)-1)
}

// TestAccGroupLockWaitedOut: TimeCamp refuses group creation for a while after other group
// changes (SPEC §1.8); the apply waits it out and makes the group once.
func TestAccGroupLockWaitedOut(t *testing.T) {
	env := newEmulatorEnv(t, timecamptest.Options{})
	cfg := env.config("resource \"timecamp_group\" \"x\" {\n  name = \"" + lostReplyName + "\"\n}\n")
	k := lostReplyKinds()[0]
	resource.Test(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				// Shorter than the first wait (LockedDelay, 10 s by default).
				PreConfig: func() { env.Emulator.InjectFault(timecamptest.GroupLocked(5 * time.Second)) },
				Config:    cfg,
				Check: resource.ComposeTestCheckFunc(checkExactlyOne(env, k), func(*terraform.State) error {
					if n := env.Emulator.RequestCount(http.MethodPut, "/group"); n != 2 {
						return fmt.Errorf("PUT /group sent %d times, want 2 (locked, then made)", n)
					}
					return nil
				}),
			},
		},
	})
}
