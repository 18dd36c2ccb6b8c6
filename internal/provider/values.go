package provider

import (
	"context"
	"fmt"
	"strconv"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

// optionalString maps a nullable API text to state. TimeCamp may store an unset value as null or as
// "": when the configuration (prior) has null, both read as null, so neither causes a diff; when it
// has "", both read as "". Any other text is kept as it is.
func optionalString(api timecamp.NullString, prior types.String) types.String {
	if api.Valid && api.Value != "" {
		return types.StringValue(api.Value)
	}
	if !prior.IsNull() && !prior.IsUnknown() && prior.ValueString() == "" {
		return types.StringValue("")
	}
	// Null in the configuration, or text in state that was cleared outside Terraform.
	return types.StringNull()
}

// stringField turns an optional attribute into a write field: null is sent as null.
func stringField(v types.String) timecamp.Field[string] {
	if v.IsNull() {
		return timecamp.Null[string]()
	}
	return timecamp.Set(v.ValueString())
}

// idString renders an id for the `id` attribute.
func idString(id int64) types.String { return types.StringValue(strconv.FormatInt(id, 10)) }

// optionalID maps TimeCamp's "0 means none" ids to null.
func optionalID(id timecamp.Int) types.Int64 {
	if id == 0 {
		return types.Int64Null()
	}
	return types.Int64Value(int64(id))
}

// stringFromTerraform decodes a Terraform string for a custom string type (decimalStringType,
// timeOfDayType) and wraps it in that type's value.
func stringFromTerraform(ctx context.Context, t basetypes.StringType, in tftypes.Value, wrap func(basetypes.StringValue) attr.Value) (attr.Value, error) {
	v, err := t.ValueFromTerraform(ctx, in)
	if err != nil {
		return nil, err
	}
	s, ok := v.(basetypes.StringValue)
	if !ok {
		return nil, fmt.Errorf("unexpected value type %T", v)
	}
	return wrap(s), nil
}
