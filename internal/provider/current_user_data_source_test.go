package provider

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

const currentUserConfig = `
data "timecamp_current_user" "me" {}
`

func TestAccCurrentUserDataSource(t *testing.T) {
	env := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: env.config(currentUserConfig + `
resource "timecamp_group" "g" {
  name = "Created under the root"
}
`),
				Check: resource.ComposeAggregateTestCheckFunc(
					checkCurrentUserMatchesAPI(env.Client, "data.timecamp_current_user.me"),
					// A group created without parent_id goes under the root group the data source names.
					resource.TestCheckResourceAttrPair("timecamp_group.g", "parent_id", "data.timecamp_current_user.me", "root_group_id"),
				),
			},
		},
	})
}

// TimeCamp sends "display_name": null for a user who never set one (SPEC §1.6 item 7).
func TestAccCurrentUserDataSource_noDisplayName(t *testing.T) {
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 to run it")
	}
	srv := emulatorWithoutDisplayName(t)
	client, err := timecamp.New(timecamp.Config{BaseURL: srv.URL, Token: srv.Token})
	if err != nil {
		t.Fatal(err)
	}
	me, err := client.Me.Get(context.Background())
	if err != nil {
		t.Fatalf("GET /me: %v", err)
	}
	if me.DisplayName.Valid {
		t.Fatalf("the emulator still sends display_name %q; the test needs null", me.DisplayName.Value)
	}
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config: providerBlock(srv.URL, srv.Token) + currentUserConfig,
				Check: resource.ComposeAggregateTestCheckFunc(
					checkCurrentUserMatchesAPI(client, "data.timecamp_current_user.me"),
					resource.TestCheckNoResourceAttr("data.timecamp_current_user.me", "display_name"),
				),
			},
		},
	})
}

// checkCurrentUserMatchesAPI compares the data source with what GET /me answers on the same account.
func checkCurrentUserMatchesAPI(client *timecamp.Client, name string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		me, err := client.Me.Get(context.Background())
		if err != nil {
			return fmt.Errorf("GET /me: %w", err)
		}
		if me.UserID == 0 || me.RootGroupID == 0 || me.Email == "" {
			return fmt.Errorf("GET /me answered an incomplete user: %+v", me)
		}
		checks := []resource.TestCheckFunc{
			resource.TestCheckResourceAttr(name, "id", strconv.FormatInt(int64(me.UserID), 10)),
			resource.TestCheckResourceAttr(name, "user_id", strconv.FormatInt(int64(me.UserID), 10)),
			resource.TestCheckResourceAttr(name, "email", string(me.Email)),
			resource.TestCheckResourceAttr(name, "root_group_id", strconv.FormatInt(int64(me.RootGroupID), 10)),
		}
		if me.DisplayName.Valid && me.DisplayName.Value != "" {
			checks = append(checks, resource.TestCheckResourceAttr(name, "display_name", me.DisplayName.Value))
		} else {
			checks = append(checks, resource.TestCheckNoResourceAttr(name, "display_name"))
		}
		return resource.ComposeAggregateTestCheckFunc(checks...)(s)
	}
}

// emulatorWithoutDisplayName serves an emulator account whose users have no display name: it
// writes a fresh account to a data file, clears the names in it, and starts a server on that file.
func emulatorWithoutDisplayName(t *testing.T) *timecamptest.Server {
	t.Helper()
	file := filepath.Join(t.TempDir(), "account.json")
	if _, err := timecamptest.New(timecamptest.Options{DataFile: file}); err != nil {
		t.Fatalf("emulator data file: %v", err)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	var snap timecamptest.Snapshot
	if err := json.Unmarshal(data, &snap); err != nil {
		t.Fatal(err)
	}
	for i := range snap.Users {
		snap.Users[i].DisplayName = nil
	}
	if data, err = json.Marshal(snap); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return timecamptest.NewServer(t, timecamptest.Options{DataFile: file})
}

// providerBlock is a provider block for an emulator (or any base URL) and token.
func providerBlock(baseURL, token string) string {
	return fmt.Sprintf("provider \"timecamp\" {\n  base_url  = %q\n  api_token = %q\n}\n", baseURL, token)
}
