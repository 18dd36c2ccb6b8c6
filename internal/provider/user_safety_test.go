package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

// Tests of what timecamp_user refuses so that nobody is taken over or locked out by mistake: the
// token's own user, an address an active person already has, a deactivated user on import.

// tokenOwnerIntact fails when the token's own user was deactivated or changed by Terraform.
func tokenOwnerIntact(env *accEnv, before *personInTimeCamp) func() error {
	return func() error {
		me, err := env.Client.Me.Get(context.Background())
		if err != nil {
			return err
		}
		p, err := readPerson(context.Background(), env, int64(me.UserID))
		switch {
		case err != nil:
			return fmt.Errorf("the token's own user %d: %w", me.UserID, err)
		case p.disabled:
			return fmt.Errorf("the token's own user %d was deactivated", me.UserID)
		case p.role != before.role || p.user.DisplayName != before.user.DisplayName || p.user.GroupID != before.user.GroupID:
			return fmt.Errorf("the token's own user changed: %+v, role %d; was %+v, role %d", p.user, p.role, before.user, before.role)
		}
		return nil
	}
}

// The token's own address (in any letter case) is refused at plan time, also when it is known only
// at apply time (Terraform plans the resource again then, before creating it); importing the
// token's own id is refused. The user stays as it was.
func TestAccUser_refusesTokenOwner(t *testing.T) {
	env := newAccEnv(t)
	ctx := context.Background()
	me, err := env.Client.Me.Get(ctx)
	if err != nil {
		t.Fatal(err)
	}
	before, err := readPerson(ctx, env, int64(me.UserID))
	if err != nil {
		t.Fatal(err)
	}
	intact := tokenOwnerIntact(env, before)
	own := strings.ToUpper(string(me.Email))
	refused := []string{fmt.Sprintf("is the address of user %d, the user the API token belongs to.", me.UserID),
		"cannot be managed as a timecamp_user", "destroying the resource would deactivate them"}
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             func(*terraform.State) error { return intact() },
		Steps: []tfresource.TestStep{
			{
				// role administrator: the old provider "created" this silently, adopting the admin.
				Config: env.config(fmt.Sprintf(`
resource "timecamp_user" "me" {
  email = %q
  role  = "administrator"
}
`, own)),
				ExpectError: wrappedText(append([]string{"Unable to plan user", "with timecamp_user.me", "email ="}, refused...)...),
			},
			{
				Config: env.config(fmt.Sprintf(`
resource "terraform_data" "address" {
  input = %q
}

resource "timecamp_user" "me" {
  email = terraform_data.address.output
  role  = "administrator"
}
`, own)),
				ExpectError: wrappedText(append([]string{"Unable to plan user", "with timecamp_user.me"}, refused...)...),
			},
			{
				PreConfig: func() {
					if err := intact(); err != nil {
						t.Fatal(err)
					}
				},
				Config:        env.config("resource \"timecamp_user\" \"me\" {\n  email = \"someone.else@example.com\"\n}\n"),
				ResourceName:  "timecamp_user.me",
				ImportState:   true,
				ImportStateId: strconv.FormatInt(int64(me.UserID), 10),
				ExpectError: wrappedText("Unable to import user", fmt.Sprintf("User %d (%q) is the user the API token belongs to,", me.UserID, string(me.Email)),
					"cannot be managed as a timecamp_user"),
			},
		},
	})
}

// Delete is the safety net for a state that holds the token's own user anyway (written by an
// older provider, or by hand): it changes nothing in TimeCamp and says to use terraform state rm.
func TestUserDeleteRefusesTokenOwner(t *testing.T) {
	srv := timecamptest.NewServer(t, timecamptest.Options{})
	client, err := timecamp.New(timecamp.Config{BaseURL: srv.URL, Token: srv.Token})
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	admin := srv.AdminUserID()
	r := &userResource{clientHolder{client: client}}
	var schema resource.SchemaResponse
	r.Schema(ctx, resource.SchemaRequest{}, &schema)
	for _, deleteOnDestroy := range []bool{false, true} {
		st := tfsdk.State{Schema: schema.Schema, Raw: tftypes.NewValue(schema.Schema.Type().TerraformType(ctx), nil)}
		if diags := st.Set(ctx, &userResourceModel{
			ID: types.StringValue(strconv.FormatInt(admin, 10)), UserID: types.Int64Value(admin),
			Email: types.StringValue("admin@example.com"), DisplayName: types.StringNull(),
			GroupID: types.Int64Value(srv.RootGroupID()), Role: types.StringValue("administrator"),
			SendInviteEmail: types.BoolValue(true), DeleteOnDestroy: types.BoolValue(deleteOnDestroy),
		}); diags.HasError() {
			t.Fatal(diags)
		}
		resp := resource.DeleteResponse{State: st}
		r.Delete(ctx, resource.DeleteRequest{State: st}, &resp)
		if !resp.Diagnostics.HasError() || !strings.Contains(resp.Diagnostics[0].Detail(), "terraform state rm timecamp_user.<name>") ||
			!strings.Contains(resp.Diagnostics[0].Detail(), "the user the API token belongs to") {
			t.Errorf("delete_on_destroy=%v: diagnostics %v, want an error saying to use terraform state rm", deleteOnDestroy, resp.Diagnostics)
		}
		if disabled, err := client.Users.Disabled(ctx, admin); err != nil || disabled {
			t.Errorf("delete_on_destroy=%v: the token's own user disabled=%v (%v)", deleteOnDestroy, disabled, err)
		}
		if _, err := client.Users.Get(ctx, admin); err != nil {
			t.Errorf("delete_on_destroy=%v: the token's own user: %v", deleteOnDestroy, err)
		}
	}
	for _, m := range []string{"PUT", "DELETE"} {
		for _, p := range []string{fmt.Sprintf("/user/%d/setting", admin), fmt.Sprintf("/group/%d/user", srv.RootGroupID())} {
			if n := srv.RequestCount(m, p); n != 0 {
				t.Errorf("%d %s %s sent", n, m, p)
			}
		}
	}
}

// An address an active person already has (in any letter case) is refused with the import
// command, and the person is left as they were; the import the message names then works.
func TestAccUser_refusesActivePerson(t *testing.T) {
	env := newAccEnv(t)
	id := seedUser(t, env, "taken@example.com", "Taken")
	root, err := env.Client.Users.RootGroupID(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cfg := env.config(`
resource "timecamp_user" "taken" {
  email        = "Taken@Example.com"
  display_name = "Renamed"
  role         = "administrator"
}
`)
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config: cfg,
				ExpectError: wrappedText("Unable to create user", "with timecamp_user.taken", "email =",
					fmt.Sprintf(`"Taken@Example.com" already belongs to user %d ("taken@example.com"), who is active`, id),
					fmt.Sprintf("terraform import timecamp_user.<name> %d", id)),
			},
			{
				PreConfig: func() {
					p, err := readPerson(context.Background(), env, id)
					if err != nil || p.disabled || p.user.DisplayName.Value != "Taken" || p.role != timecamp.GroupRoleUser {
						t.Fatalf("the existing person was changed by the refused create: %+v, %v", p, err)
					}
				},
				Config:             cfg,
				ResourceName:       "timecamp_user.taken",
				ImportState:        true,
				ImportStateId:      strconv.FormatInt(id, 10),
				ImportStatePersist: true,
			},
			{
				Config: cfg,
				Check: tfresource.ComposeAggregateTestCheckFunc(
					sameID("timecamp_user.taken", &id),
					personIs(env, "timecamp_user.taken", "taken@example.com", "Renamed", &root, timecamp.GroupRoleAdministrator),
				),
			},
			emptyPlanStep(cfg),
		},
	})
}

// Two resources with one address in different case: whichever comes second is refused (it sees
// the first one's person, or TimeCamp answers its invitation "Already exists"), and the account
// has the person once.
func TestAccUser_refusesSameAddressTwice(t *testing.T) {
	env := newAccEnv(t)
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy: func(*terraform.State) error {
			users, err := env.Client.Users.List(context.Background())
			if err != nil {
				return err
			}
			n := 0
			for _, u := range users {
				if strings.EqualFold(string(u.Email), "dup@example.com") {
					n++
				}
			}
			if n != 1 {
				return fmt.Errorf("%d users with the address, want 1", n)
			}
			return nil
		},
		Steps: []tfresource.TestStep{{
			Config: env.config(`
resource "timecamp_user" "a" {
  email = "dup@example.com"
}

resource "timecamp_user" "b" {
  email = "Dup@example.com"
}
`),
			ExpectError: regexp.MustCompile(`(?s)Unable to create user.*with timecamp_user\.[ab].*already\s+belongs\s+to\s+user\s+\d+.*who\s+is\s+active.*terraform\s+import\s+timecamp_user.<name>\s+\d+`),
		}},
	})
}

// Someone invited the address just before this create (the emulator lists them only later), so
// the create's own invitation is answered "Already exists" the first time it is sent: that person
// is someone else's, and the create is refused.
func TestAccUser_refusesPendingInvitation(t *testing.T) {
	env := newEmulatorEnv(t, timecamptest.Options{InviteDelay: 500 * time.Millisecond})
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []tfresource.TestStep{{
			PreConfig: func() {
				if _, err := env.Client.Users.Invite(context.Background(), env.Emulator.RootGroupID(),
					timecamp.Invitation{Email: "pending@example.com"}); err != nil {
					t.Fatal(err)
				}
			},
			Config:      env.config("resource \"timecamp_user\" \"p\" {\n  email = \"pending@example.com\"\n}\n"),
			ExpectError: regexp.MustCompile(`(?s)Unable to create user.*"pending@example.com"\s+already\s+belongs\s+to\s+user\s+\d+.*who\s+is\s+active`),
		}},
	})
}

// Importing a deactivated user says so and how to bring them back; doing that (declaring the
// resource and applying) reactivates the same user.
func TestAccUser_importDeactivated(t *testing.T) {
	env := newAccEnv(t)
	id := seedUser(t, env, "gone@example.com", "Gone")
	if err := env.Client.Users.SetDisabled(context.Background(), id, true); err != nil {
		t.Fatal(err)
	}
	root, err := env.Client.Users.RootGroupID(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	cfg := env.config("resource \"timecamp_user\" \"gone\" {\n  email = \"gone@example.com\"\n}\n")
	tfresource.ParallelTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config:        cfg,
				ResourceName:  "timecamp_user.gone",
				ImportState:   true,
				ImportStateId: strconv.FormatInt(id, 10),
				ExpectError: wrappedText("Unable to import user", fmt.Sprintf(`User %d ("gone@example.com") is deactivated in TimeCamp.`, id),
					"declare the resource with their address", "run terraform apply", "reactivates the same user"),
			},
			{
				Config: cfg,
				Check: tfresource.ComposeAggregateTestCheckFunc(
					sameID("timecamp_user.gone", &id),
					personIs(env, "timecamp_user.gone", "gone@example.com", "Gone", &root, timecamp.GroupRoleUser),
				),
			},
			importStep("timecamp_user.gone"),
		},
	})
}
