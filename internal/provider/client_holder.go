package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/resource"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

// clientHolder gives a resource or data source the provider's client. Embed it and the type gets
// its Configure method.
type clientHolder struct {
	client *timecamp.Client
}

func (h *clientHolder) Configure(_ context.Context, req resource.ConfigureRequest, resp *resource.ConfigureResponse) {
	h.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

// dataSourceClientHolder is clientHolder for data sources, whose Configure takes other types.
type dataSourceClientHolder struct {
	client *timecamp.Client
}

func (h *dataSourceClientHolder) Configure(_ context.Context, req datasource.ConfigureRequest, resp *datasource.ConfigureResponse) {
	h.client = clientFrom(req.ProviderData, &resp.Diagnostics)
}

func clientFrom(raw any, diags *diag.Diagnostics) *timecamp.Client {
	if raw == nil {
		return nil // not configured yet (validation), or configured with values known only later
	}
	data, ok := raw.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data", fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider.", raw))
		return nil
	}
	return data.client
}

// requireClient reports an error when an operation needs the API but the provider has no client,
// which happens when the provider block uses values unknown until apply.
func requireClient(client *timecamp.Client, diags *diag.Diagnostics) bool {
	if client != nil {
		return true
	}
	diags.AddError("TimeCamp provider not configured",
		"The provider's api_token, base_url or timeout depends on a value that is not known yet. "+
			"Give the provider block values known at plan time (literals, variables or environment variables).")
	return false
}
