package provider

import (
	"context"
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-framework/types"

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

// stateWithID reads a resource's state into its model and parses the model's numeric id; ok is
// false when diags got an error (no client, unreadable state, or an id that is not a TimeCamp id).
func stateWithID[M any](ctx context.Context, client *timecamp.Client, st tfsdk.State, kind string, idOf func(*M) types.String, diags *diag.Diagnostics) (m M, id int64, ok bool) {
	if !requireClient(client, diags) {
		return m, 0, false
	}
	if diags.Append(st.Get(ctx, &m)...); diags.HasError() {
		return m, 0, false
	}
	id, err := parseID(idOf(&m).ValueString())
	if err != nil {
		diags.AddAttributeError(path.Root("id"), "Invalid "+kind+" id in state", err.Error())
		return m, 0, false
	}
	return m, id, true
}
