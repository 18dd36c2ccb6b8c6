package provider

import (
	"context"
	"net/http"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	tfresource "github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

// The tests below configure the provider through terraform. Those that change environment
// variables (t.Setenv) cannot run in parallel with other tests, so they use UnitTest without
// t.Parallel; the others call t.Parallel themselves. None needs TF_ACC: each starts what it needs.

func TestProvider_metadataAndSchema(t *testing.T) {
	p := New("1.2.3")()
	var meta provider.MetadataResponse
	p.Metadata(context.Background(), provider.MetadataRequest{}, &meta)
	if meta.TypeName != "timecamp" || meta.Version != "1.2.3" {
		t.Errorf("metadata = %q %q, want timecamp 1.2.3", meta.TypeName, meta.Version)
	}

	var resp provider.SchemaResponse
	p.Schema(context.Background(), provider.SchemaRequest{}, &resp)
	if resp.Diagnostics.HasError() {
		t.Fatalf("schema: %v", resp.Diagnostics)
	}
	if diags := resp.Schema.ValidateImplementation(context.Background()); diags.HasError() {
		t.Fatalf("schema implementation: %v", diags)
	}
	if resp.Schema.MarkdownDescription == "" {
		t.Error("the provider has no description")
	}
	want := []string{"api_token", "base_url", "timeout"}
	if len(resp.Schema.Attributes) != len(want) {
		t.Errorf("attributes = %v, want %v", keys(resp.Schema.Attributes), want)
	}
	for _, name := range want {
		a, ok := resp.Schema.Attributes[name].(schema.StringAttribute)
		if !ok {
			t.Errorf("%s: missing or not a string attribute", name)
			continue
		}
		if !a.Optional || a.Required {
			t.Errorf("%s must be optional: it has an environment variable or a default", name)
		}
		if a.MarkdownDescription == "" {
			t.Errorf("%s has no description", name)
		}
		if a.Sensitive != (name == "api_token") {
			t.Errorf("%s: sensitive = %v", name, a.Sensitive)
		}
	}
	for name, env := range map[string]string{"api_token": EnvAPIToken, "base_url": EnvBaseURL} {
		if d := resp.Schema.Attributes[name].GetMarkdownDescription(); !strings.Contains(d, env) {
			t.Errorf("the description of %s does not name %s: %q", name, env, d)
		}
	}
}

// The group resource and the current-user data source are registered, and document every attribute.
func TestProvider_registersGroupAndCurrentUser(t *testing.T) {
	ctx := context.Background()
	p := New("test")()

	var found bool
	for _, newResource := range p.Resources(ctx) {
		r := newResource()
		var meta resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "timecamp"}, &meta)
		if meta.TypeName != "timecamp_group" {
			continue
		}
		found = true
		var s resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &s)
		if s.Diagnostics.HasError() {
			t.Fatalf("timecamp_group schema: %v", s.Diagnostics)
		}
		if d := s.Schema.MarkdownDescription; !strings.Contains(d, "Destroy") || !strings.Contains(d, "root group") {
			t.Errorf("timecamp_group does not say what destroy does: %q", d)
		}
		for name, a := range s.Schema.Attributes {
			if a.GetMarkdownDescription() == "" {
				t.Errorf("timecamp_group.%s has no description", name)
			}
		}
	}
	if !found {
		t.Error("timecamp_group is not registered in Resources()")
	}

	found = false
	for _, newDataSource := range p.DataSources(ctx) {
		d := newDataSource()
		var meta datasource.MetadataResponse
		d.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "timecamp"}, &meta)
		if meta.TypeName != "timecamp_current_user" {
			continue
		}
		found = true
		var s datasource.SchemaResponse
		d.Schema(ctx, datasource.SchemaRequest{}, &s)
		if s.Diagnostics.HasError() {
			t.Fatalf("timecamp_current_user schema: %v", s.Diagnostics)
		}
		if s.Schema.MarkdownDescription == "" {
			t.Error("timecamp_current_user has no description")
		}
		for name, a := range s.Schema.Attributes {
			if a.GetMarkdownDescription() == "" {
				t.Errorf("timecamp_current_user.%s has no description", name)
			}
		}
	}
	if !found {
		t.Error("timecamp_current_user is not registered in DataSources()")
	}
}

func TestProvider_missingToken(t *testing.T) {
	t.Setenv(EnvAPIToken, "")
	t.Setenv(EnvBaseURL, "")
	failed := expectFailure(t, func(text string) {
		if n := countErrors(text); n != 1 {
			t.Errorf("got %d errors, want 1:\n%s", n, text)
		}
		for _, want := range []string{"Missing TimeCamp API token", "api_token", EnvAPIToken} {
			if !strings.Contains(oneLine(text), want) {
				t.Errorf("the error does not say %q:\n%s", want, text)
			}
		}
	})
	tfresource.UnitTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		ErrorCheck:               failed.check,
		Steps: []tfresource.TestStep{
			{Config: "provider \"timecamp\" {}\n" + currentUserConfig},
		},
	})
	failed.mustHaveFailed()
}

func TestProvider_rejectedToken(t *testing.T) {
	t.Parallel()
	srv := timecamptest.NewServer(t, timecamptest.Options{})
	const wrongToken = "wrong-token-7d3f9a61c2"
	failed := expectFailure(t, func(text string) {
		line := oneLine(text)
		for _, want := range []string{
			"Unable to read the current user",
			"TimeCamp refused the API token",
			"api_token", EnvAPIToken,
			"HTTP 401",
		} {
			if !strings.Contains(line, want) {
				t.Errorf("the error does not say %q:\n%s", want, text)
			}
		}
		if n := countErrors(text); n != 1 {
			t.Errorf("got %d errors, want 1:\n%s", n, text)
		}
		if strings.Contains(text, wrongToken) || strings.Contains(line, wrongToken) {
			t.Errorf("the error shows the token:\n%s", text)
		}
	})
	tfresource.UnitTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		ErrorCheck:               failed.check,
		Steps: []tfresource.TestStep{
			{Config: providerBlock(srv.URL, wrongToken) + currentUserConfig},
		},
	})
	failed.mustHaveFailed()
	if n := srv.RequestCount(http.MethodGet, "/me"); n == 0 {
		t.Error("the emulator saw no GET /me: the failure did not come from the API")
	}
}

func TestProvider_plainHTTPBaseURL(t *testing.T) {
	t.Parallel()
	tfresource.UnitTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config:      providerBlock("http://app.timecamp.example/third_party/api", "some-token") + currentUserConfig,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Invalid TimeCamp base URL.*plain\s+http.*loopback`),
			},
		},
	})
}

// The same refusal when the URL comes from TIMECAMP_BASE_URL, which no schema validator sees.
func TestProvider_plainHTTPBaseURLFromEnvironment(t *testing.T) {
	t.Setenv(EnvBaseURL, "http://app.timecamp.example/third_party/api")
	t.Setenv(EnvAPIToken, "some-token")
	tfresource.UnitTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config:      "provider \"timecamp\" {}\n" + currentUserConfig,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Invalid TimeCamp base URL.*plain\s+http.*` + EnvBaseURL),
			},
		},
	})
}

func TestProvider_badTimeout(t *testing.T) {
	t.Parallel()
	srv := timecamptest.NewServer(t, timecamptest.Options{})
	tfresource.UnitTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config: `
provider "timecamp" {
  base_url  = "` + srv.URL + `"
  api_token = "` + srv.Token + `"
  timeout   = "soon"
}
` + currentUserConfig,
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Invalid duration.*"soon"\s+is\s+not\s+a\s+positive\s+duration`),
			},
		},
	})
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("the emulator saw %d requests; a bad timeout must fail before any call", n)
	}
}

func TestProvider_environmentFallbacks(t *testing.T) {
	srv := timecamptest.NewServer(t, timecamptest.Options{})
	t.Setenv(EnvBaseURL, srv.URL)
	t.Setenv(EnvAPIToken, srv.Token)
	client, err := timecamp.New(timecamp.Config{BaseURL: srv.URL, Token: srv.Token})
	if err != nil {
		t.Fatal(err)
	}
	tfresource.UnitTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config: "provider \"timecamp\" {}\n" + currentUserConfig,
				Check:  checkCurrentUserMatchesAPI(client, "data.timecamp_current_user.me"),
			},
		},
	})
	if srv.RequestCount(http.MethodGet, "/me") == 0 {
		t.Error("the provider did not call the emulator named by " + EnvBaseURL)
	}
}

// Settings in the provider block win over the environment.
func TestProvider_blockOverridesEnvironment(t *testing.T) {
	srv := timecamptest.NewServer(t, timecamptest.Options{})
	t.Setenv(EnvBaseURL, "https://unreachable.invalid/third_party/api")
	t.Setenv(EnvAPIToken, "not-the-emulator-token")
	client, err := timecamp.New(timecamp.Config{BaseURL: srv.URL, Token: srv.Token})
	if err != nil {
		t.Fatal(err)
	}
	tfresource.UnitTest(t, tfresource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []tfresource.TestStep{
			{
				Config: providerBlock(srv.URL, srv.Token) + currentUserConfig,
				Check:  checkCurrentUserMatchesAPI(client, "data.timecamp_current_user.me"),
			},
		},
	})
}

// failure receives the error of a step that is meant to fail, through TestCase.ErrorCheck, so the
// test can look at the whole text (count the errors, and make sure a secret is not in it), which
// ExpectError's single regexp cannot do.
type failure struct {
	t       *testing.T
	inspect func(text string)
	seen    bool
}

func expectFailure(t *testing.T, inspect func(text string)) *failure {
	return &failure{t: t, inspect: inspect}
}

func (f *failure) check(err error) error {
	if err == nil {
		return nil
	}
	f.seen = true
	f.inspect(err.Error())
	return nil
}

func (f *failure) mustHaveFailed() {
	f.t.Helper()
	if !f.seen {
		f.t.Error("the configuration was accepted; it should have failed")
	}
}

// countErrors counts Terraform's "Error: <summary>" headings in its output.
func countErrors(text string) int {
	n := 0
	for _, line := range strings.Split(text, "\n") {
		if strings.HasPrefix(strings.TrimSpace(line), "Error: ") {
			n++
		}
	}
	return n
}

// oneLine undoes Terraform's line wrapping of diagnostics.
func oneLine(text string) string { return strings.Join(strings.Fields(text), " ") }

func keys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}
