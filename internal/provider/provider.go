// Package provider is the Terraform side of terraform-provider-timecamp: the provider, its resources
// and data sources. Every HTTP detail lives in internal/timecamp.
package provider

import (
	"context"
	"os"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

// Address is the provider's registry address.
const Address = "registry.terraform.io/timecamp-org/timecamp"

// Environment variables read when the provider block leaves a setting out.
const (
	EnvAPIToken = "TIMECAMP_API_TOKEN"
	EnvBaseURL  = "TIMECAMP_BASE_URL"
)

// envReadCache is a hidden switch for benchmarking (internal/bench, README "Benchmark"):
// TIMECAMP_READ_CACHE=off makes every read send its own request, as before the client cached
// whole collections, so that the same build can be measured with and without the cache. It is not
// a setting for users: the cache lives for one Terraform operation and never hides a change.
const envReadCache = "TIMECAMP_READ_CACHE"

const defaultTimeout = 30 * time.Second

var _ provider.Provider = (*timecampProvider)(nil)

// New returns a constructor of the provider at the given version (set at build time).
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &timecampProvider{version: version} }
}

type timecampProvider struct {
	version string
}

type providerModel struct {
	APIToken types.String `tfsdk:"api_token"`
	BaseURL  types.String `tfsdk:"base_url"`
	Timeout  types.String `tfsdk:"timeout"`
}

// providerData is what Configure hands to every resource and data source.
type providerData struct {
	client *timecamp.Client
}

func (p *timecampProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "timecamp"
	resp.Version = p.version
}

func (p *timecampProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Manages a [TimeCamp](https://www.timecamp.com) account: groups, projects and tasks, tag lists and tags.",
		Attributes: map[string]schema.Attribute{
			"api_token": schema.StringAttribute{
				MarkdownDescription: "TimeCamp API token (TimeCamp: *Profile settings → API token*). Every call acts as the token's user. " +
					"May be set with the `" + EnvAPIToken + "` environment variable instead.",
				Optional:  true,
				Sensitive: true,
			},
			"base_url": schema.StringAttribute{
				MarkdownDescription: "Base URL of the API, default `" + timecamp.DefaultBaseURL + "`. " +
					"Plain `http://` is accepted only for a loopback host, such as the bundled emulator. " +
					"May be set with the `" + EnvBaseURL + "` environment variable instead.",
				Optional:   true,
				Validators: []validator.String{baseURLValidator{}},
			},
			"timeout": schema.StringAttribute{
				MarkdownDescription: "Time limit of one HTTP request, as a Go duration such as `30s` or `2m` (default `30s`). " +
					"Retries after a rate limit (HTTP 429) wait in addition to it.",
				Optional:   true,
				Validators: []validator.String{durationValidator{}},
			},
		},
	}
}

func (p *timecampProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	if cfg.APIToken.IsUnknown() || cfg.BaseURL.IsUnknown() || cfg.Timeout.IsUnknown() {
		// Known only after apply (from another resource): resources report it if they need the client.
		return
	}

	token := firstSet(cfg.APIToken, os.Getenv(EnvAPIToken))
	if token == "" {
		resp.Diagnostics.AddAttributeError(path.Root("api_token"), "Missing TimeCamp API token",
			"The provider needs a TimeCamp API token. Set `api_token` in the provider block or the "+
				EnvAPIToken+" environment variable. The token is under Profile settings → API token in TimeCamp.")
		return
	}
	baseURL := firstSet(cfg.BaseURL, os.Getenv(EnvBaseURL))
	if baseURL != "" {
		if _, err := timecamp.ParseBaseURL(baseURL); err != nil {
			resp.Diagnostics.AddAttributeError(path.Root("base_url"), "Invalid TimeCamp base URL",
				err.Error()+". Set `base_url` or "+EnvBaseURL+" to an https URL such as "+timecamp.DefaultBaseURL+".")
			return
		}
	}
	timeout := defaultTimeout
	if !cfg.Timeout.IsNull() {
		timeout, _ = time.ParseDuration(cfg.Timeout.ValueString()) // validated by the schema
	}

	client, err := timecamp.New(timecamp.Config{
		BaseURL:   baseURL,
		Token:     token,
		Timeout:   timeout,
		UserAgent: "terraform-provider-timecamp/" + p.version,
		// The client lives for one Terraform operation: refreshes read each kind of object once.
		SnapshotReads: !strings.EqualFold(os.Getenv(envReadCache), "off"),
	})
	if err != nil {
		resp.Diagnostics.AddError("Unable to configure the TimeCamp client", err.Error())
		return
	}
	data := &providerData{client: client}
	resp.ResourceData = data
	resp.DataSourceData = data
}

func (p *timecampProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{
		NewTaskResource,
		NewGroupResource,
		NewTagListResource,
		NewTagResource,
		NewClientResource,
		NewFavoriteTaskResource,
		NewUserResource,
		NewTaskUserResource,
		NewCustomFieldResource,
		NewCustomFieldValueResource,
		NewBillingRateResource,
		NewTimerResource,
		NewTimeEntryResource,
		NewInvoiceResource,
	}
}

func (p *timecampProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewGroupDataSource,
		NewCurrentUserDataSource,
		NewGroupsDataSource,
		NewTagListsDataSource,
		NewClientDataSource,
		NewClientsDataSource,
		NewTaskDataSource,
		NewTasksDataSource,
		NewUsersDataSource,
		NewUserDataSource,
		NewRolesDataSource,
		NewCustomFieldsDataSource,
		NewRateTypesDataSource,
		NewTimerDataSource,
		NewComputerActivitiesDataSource,
		NewTimeEntriesDataSource,
		NewInvoicesDataSource,
	}
}

// firstSet returns the configured value, else the fallback (an environment variable).
func firstSet(v types.String, fallback string) string {
	if !v.IsNull() && v.ValueString() != "" {
		return v.ValueString()
	}
	return fallback
}
