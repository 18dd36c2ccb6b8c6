package provider

import (
	"context"
	"fmt"
	"math/big"
	"regexp"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

// An amount of money or a quantity written as decimal text ("109", "5.55", "10.10"). It never
// passes through a float: state keeps the configuration's spelling, and TimeCamp's answer in
// another spelling of the same number ("10.1" for "10.10", "15.00" for "15") is no change.

var (
	_ basetypes.StringTypable                    = decimalStringType{}
	_ basetypes.StringValuableWithSemanticEquals = decimalString{}
)

// decimalStringDecimals is how many decimals an invoice amount may have. SPEC is silent on what
// TimeCamp keeps; it keeps 2 for rates, and refusing more is safer than a rounded value that
// would show a change on every plan.
const decimalStringDecimals = 2

var decimalStringPattern = regexp.MustCompile(`^[0-9]+(\.[0-9]+)?$`)

// parseDecimalString reads a configured amount: digits with an optional fraction, 0 or more,
// at most decimalStringDecimals decimals.
func parseDecimalString(s string) (*big.Rat, error) {
	if !decimalStringPattern.MatchString(s) {
		return nil, fmt.Errorf("%q is not a decimal number 0 or more written with digits and an optional point, such as 109 or 10.50", s)
	}
	if _, frac, ok := strings.Cut(s, "."); ok && len(frac) > decimalStringDecimals {
		return nil, fmt.Errorf("%q has %d decimals; at most %d are allowed (TimeCamp would round it and every plan would show a change)",
			s, len(frac), decimalStringDecimals)
	}
	r, _ := new(big.Rat).SetString(s)
	return r, nil
}

type decimalStringType struct {
	basetypes.StringType
}

func (t decimalStringType) String() string { return "provider.decimalStringType" }

func (t decimalStringType) ValueType(context.Context) attr.Value { return decimalString{} }

func (t decimalStringType) Equal(o attr.Type) bool {
	other, ok := o.(decimalStringType)
	return ok && t.StringType.Equal(other.StringType)
}

func (t decimalStringType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return decimalString{StringValue: in}, nil
}

func (t decimalStringType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	return stringFromTerraform(ctx, t.StringType, in, func(s basetypes.StringValue) attr.Value { return decimalString{StringValue: s} })
}

// decimalString is an exact decimal number kept as text.
type decimalString struct {
	basetypes.StringValue
}

func decimalStringValue(s string) decimalString {
	return decimalString{StringValue: basetypes.NewStringValue(s)}
}
func decimalStringUnknown() decimalString {
	return decimalString{StringValue: basetypes.NewStringUnknown()}
}

func (v decimalString) Type(context.Context) attr.Type { return decimalStringType{} }

func (v decimalString) Equal(o attr.Value) bool {
	other, ok := o.(decimalString)
	return ok && v.StringValue.Equal(other.StringValue)
}

// StringSemanticEquals compares the numbers, not the spellings.
func (v decimalString) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	other, ok := newValuable.(decimalString)
	if !ok {
		diags.AddError("Semantic equality check error",
			fmt.Sprintf("Expected a decimal number, got %T. This is a bug in the provider.", newValuable))
		return false, diags
	}
	if v.IsNull() || v.IsUnknown() || other.IsNull() || other.IsUnknown() {
		return false, diags
	}
	return timecamp.DecimalEqual(v.ValueString(), other.ValueString()), diags
}

// decimalAmountValidator refuses what is not an amount this provider can keep exact, at plan
// time. The message names the attribute: Terraform cannot point into a list of objects.
type decimalAmountValidator struct{}

func (decimalAmountValidator) Description(context.Context) string {
	return fmt.Sprintf("a decimal number, 0 or more, with at most %d decimals", decimalStringDecimals)
}
func (v decimalAmountValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (decimalAmountValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := parseDecimalString(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid decimal number", fmt.Sprintf("Attribute %s: %s.", req.Path, err))
	}
}
