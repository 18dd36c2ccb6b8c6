package provider

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/providerserver"
	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

// testProviderFactories serves the provider in-process to the terraform binary the tests drive.
var testProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"timecamp": providerserver.NewProtocol6WithError(New("test")()),
}

// TestMain fills in the Terraform CLI settings when the caller did not, so that
// `TF_ACC=1 go test ./...` works without further setup.
func TestMain(m *testing.M) {
	if os.Getenv("TF_ACC_TERRAFORM_PATH") == "" {
		if p, err := exec.LookPath("terraform"); err == nil {
			os.Setenv("TF_ACC_TERRAFORM_PATH", p)
		}
	}
	// A CLI config that names a missing file makes terraform print a warning into every error
	// the tests match against (these machines set TF_CLI_CONFIG_FILE=/root/.terraformrc).
	if _, err := os.Stat(os.Getenv("TF_CLI_CONFIG_FILE")); err != nil {
		if p, err := filepath.Abs("testdata/terraformrc"); err == nil {
			os.Setenv("TF_CLI_CONFIG_FILE", p)
		}
	}
	code := m.Run()
	removeProviderBuild() // the provider binary of the adoption tests
	os.Exit(code)
}

// accEnv is where one acceptance test runs: a fresh emulator of its own, or the sandbox account
// named by TIMECAMP_API_TOKEN (and TIMECAMP_BASE_URL). Client reaches the same account, for
// changes made "outside Terraform" and for checks after destroy.
type accEnv struct {
	Client   *timecamp.Client
	Emulator *timecamptest.Server // nil against a real account
	provider string               // the provider block every config starts with
}

func newAccEnv(t *testing.T) *accEnv {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 to run it")
	}
	if token := os.Getenv(EnvAPIToken); token != "" {
		client, err := timecamp.New(timecamp.Config{BaseURL: os.Getenv(EnvBaseURL), Token: token})
		if err != nil {
			t.Fatalf("client for the sandbox account: %v", err)
		}
		return &accEnv{Client: client, provider: ""}
	}
	return newEmulatorEnv(t, timecamptest.Options{})
}

// newEmulatorEnv is newAccEnv with an emulator started with opts, for tests of emulator-only
// behaviour (such as the invite delay); it skips unless TF_ACC is set.
func newEmulatorEnv(t *testing.T, opts timecamptest.Options) *accEnv {
	t.Helper()
	if os.Getenv("TF_ACC") == "" {
		t.Skip("acceptance test: set TF_ACC=1 to run it")
	}
	srv := timecamptest.NewServer(t, opts)
	client, err := timecamp.New(timecamp.Config{BaseURL: srv.URL, Token: srv.Token,
		Retry: timecamp.RetryPolicy{BaseDelay: 10e6, MaxDelay: 50e6}})
	if err != nil {
		t.Fatalf("client for the emulator: %v", err)
	}
	return &accEnv{
		Client:   client,
		Emulator: srv,
		provider: fmt.Sprintf("provider \"timecamp\" {\n  base_url  = %q\n  api_token = %q\n}\n", srv.URL, srv.Token),
	}
}

// config prefixes a test configuration with the provider block of this environment.
func (e *accEnv) config(hcl string) string { return e.provider + hcl }

// The steps below are the parts of DESIGN.md's acceptance sequence that every resource shares.

// importStep imports name by the id in state and compares every attribute with the state,
// except those in ignore (each must be justified where it is used).
func importStep(name string, ignore ...string) resource.TestStep {
	return resource.TestStep{
		ResourceName:            name,
		ImportState:             true,
		ImportStateVerify:       true,
		ImportStateVerifyIgnore: ignore,
	}
}

// emptyPlanStep re-plans cfg and fails if anything would change.
func emptyPlanStep(cfg string) resource.TestStep {
	return resource.TestStep{
		Config: cfg,
		ConfigPlanChecks: resource.ConfigPlanChecks{
			PreApply: []plancheck.PlanCheck{plancheck.ExpectEmptyPlan()},
		},
	}
}

// outOfBandStep runs change (an API call made "outside Terraform") and then expects the plan of
// cfg to take action on name: an update for drift, a create after an out-of-band delete.
func outOfBandStep(t *testing.T, cfg, name string, action plancheck.ResourceActionType, change func(ctx context.Context) error) resource.TestStep {
	return resource.TestStep{
		PreConfig: func() {
			if err := change(context.Background()); err != nil {
				t.Fatalf("change outside Terraform: %v", err)
			}
		},
		Config: cfg,
		ConfigPlanChecks: resource.ConfigPlanChecks{
			PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(name, action)},
		},
	}
}

// stateID reads the numeric id of name from state.
func stateID(s *terraform.State, name string) (int64, error) {
	rs, ok := s.RootModule().Resources[name]
	if !ok {
		return 0, fmt.Errorf("%s is not in state", name)
	}
	return parseID(rs.Primary.ID)
}

// captureID stores the id of name into *dst, for later out-of-band changes.
func captureID(name string, dst *int64) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := stateID(s, name)
		*dst = id
		return err
	}
}

// checkGoneFromAPI is a CheckDestroy: every resource of type typ that was in state must be gone
// from TimeCamp, that is get must answer timecamp.IsNotFound for its id (Clients.Get, Groups.Get, ...).
func checkGoneFromAPI[T any](typ string, get func(ctx context.Context, id int64) (T, error)) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for name, rs := range s.RootModule().Resources {
			if rs.Type != typ {
				continue
			}
			id, err := parseID(rs.Primary.ID)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			switch _, err := get(context.Background(), id); {
			case err == nil:
				return fmt.Errorf("%s: %d still exists in TimeCamp after destroy", name, id)
			case !timecamp.IsNotFound(err):
				return fmt.Errorf("%s: checking %d after destroy: %w", name, id, err)
			}
		}
		return nil
	}
}
