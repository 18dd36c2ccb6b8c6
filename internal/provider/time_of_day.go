package provider

import (
	"context"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/attr"
	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// A time of day in the TimeCamp account's time zone, as time entries carry it. TimeCamp answers
// "HH:MM:SS"; people write "9:00", "09:00" or "9:00 am". The custom type below accepts every such
// spelling (validated at plan time) and compares values by the instant they name, in the style
// of the time provider's RFC 3339 type: state keeps the spelling of the configuration, and an
// answer from TimeCamp that names the same instant in another spelling is no change.
//
// Accepted: H:MM, HH:MM, H:MM:SS, HH:MM:SS (24-hour clock, 0:00 to 23:59:59), each optionally
// followed by AM or PM (12-hour clock, 12:00 AM is midnight). Not accepted: an offset or a zone
// ("09:00Z", "09:00+02:00"): TimeCamp keeps wall-clock times without offset and the provider
// cannot know the account's zone, so such a time could not be placed.

var (
	_ basetypes.StringTypable                    = timeOfDayType{}
	_ basetypes.StringValuableWithSemanticEquals = timeOfDay{}
	_ xattr.ValidateableAttribute                = timeOfDay{}
)

// timeOfDayFormats describes the accepted spellings, for descriptions and errors.
const timeOfDayFormats = "`HH:MM:SS`, `HH:MM`, `H:MM` or `H:MM:SS` on a 24-hour clock, or the same followed by `AM`/`PM`"

var (
	clockPattern  = regexp.MustCompile(`^(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\.?)?$`)
	offsetPattern = regexp.MustCompile(`(?i)(z|utc|gmt|[+-]\d{2}(:?\d{2})?)$`)
)

// parseTimeOfDay reads a time of day as seconds after midnight.
func parseTimeOfDay(s string) (int64, error) {
	text := strings.TrimSpace(s)
	if m := clockPattern.FindStringSubmatch(text); m != nil {
		h, _ := strconv.ParseInt(m[1], 10, 64)
		min, _ := strconv.ParseInt(m[2], 10, 64)
		sec := int64(0)
		if m[3] != "" {
			sec, _ = strconv.ParseInt(m[3], 10, 64)
		}
		if min > 59 || sec > 59 {
			return 0, fmt.Errorf("%q is not a time of day: minutes and seconds run from 00 to 59", s)
		}
		switch ampm := strings.ToLower(m[4]); {
		case ampm == "" && h > 23:
			return 0, fmt.Errorf("%q is not a time of day: hours run from 0 to 23 (an entry cannot end at 24:00; use 23:59:59)", s)
		case ampm != "" && (h < 1 || h > 12):
			return 0, fmt.Errorf("%q is not a time of day: with AM or PM, hours run from 1 to 12", s)
		case ampm == "a" && h == 12:
			h = 0
		case ampm == "p" && h != 12:
			h += 12
		}
		return h*3600 + min*60 + sec, nil
	}
	if strings.Contains(text, ":") && offsetPattern.MatchString(text) {
		return 0, fmt.Errorf("%q has a time zone or offset. TimeCamp stores times of day in the account's time zone "+
			"without an offset, and the provider cannot know that zone: write the local time alone, such as 09:00", s)
	}
	return 0, fmt.Errorf("%q is not a time of day: write it as %s, for example 09:00 or 17:30:00", s, strings.ReplaceAll(timeOfDayFormats, "`", ""))
}

// formatTimeOfDay is TimeCamp's spelling: HH:MM:SS.
func formatTimeOfDay(secs int64) string {
	return fmt.Sprintf("%02d:%02d:%02d", secs/3600, secs/60%60, secs%60)
}

// timeOfDayType is the attribute type of start_time and end_time.
type timeOfDayType struct {
	basetypes.StringType
}

func (t timeOfDayType) String() string { return "provider.timeOfDayType" }

func (t timeOfDayType) ValueType(context.Context) attr.Value { return timeOfDay{} }

func (t timeOfDayType) Equal(o attr.Type) bool {
	other, ok := o.(timeOfDayType)
	return ok && t.StringType.Equal(other.StringType)
}

func (t timeOfDayType) ValueFromString(_ context.Context, in basetypes.StringValue) (basetypes.StringValuable, diag.Diagnostics) {
	return timeOfDay{StringValue: in}, nil
}

func (t timeOfDayType) ValueFromTerraform(ctx context.Context, in tftypes.Value) (attr.Value, error) {
	return stringFromTerraform(ctx, t.StringType, in, func(s basetypes.StringValue) attr.Value { return timeOfDay{StringValue: s} })
}

// timeOfDay is a time of day in any accepted spelling.
type timeOfDay struct {
	basetypes.StringValue
}

func timeOfDayValue(s string) timeOfDay { return timeOfDay{StringValue: basetypes.NewStringValue(s)} }
func timeOfDayNull() timeOfDay          { return timeOfDay{StringValue: basetypes.NewStringNull()} }
func timeOfDayUnknown() timeOfDay       { return timeOfDay{StringValue: basetypes.NewStringUnknown()} }

func (v timeOfDay) Type(context.Context) attr.Type { return timeOfDayType{} }

func (v timeOfDay) Equal(o attr.Value) bool {
	other, ok := o.(timeOfDay)
	return ok && v.StringValue.Equal(other.StringValue)
}

// Seconds returns the time as seconds after midnight; ok is false for null, unknown or invalid.
func (v timeOfDay) Seconds() (int64, bool) {
	if v.IsNull() || v.IsUnknown() {
		return 0, false
	}
	secs, err := parseTimeOfDay(v.ValueString())
	return secs, err == nil
}

// sameInstant reports two known times that name the same time of day.
func (v timeOfDay) sameInstant(o timeOfDay) bool {
	a, okA := v.Seconds()
	b, okB := o.Seconds()
	return okA && okB && a == b
}

// StringSemanticEquals treats two spellings of one time of day as equal, so that a reply of
// "09:00:00" to a configured "9:00" is no change.
func (v timeOfDay) StringSemanticEquals(_ context.Context, newValuable basetypes.StringValuable) (bool, diag.Diagnostics) {
	var diags diag.Diagnostics
	other, ok := newValuable.(timeOfDay)
	if !ok {
		diags.AddError("Semantic equality check error",
			fmt.Sprintf("Expected a time of day, got %T. This is a bug in the provider.", newValuable))
		return false, diags
	}
	return v.sameInstant(other), diags
}

// ValidateAttribute refuses a value that is not a time of day, at plan time.
func (v timeOfDay) ValidateAttribute(_ context.Context, req xattr.ValidateAttributeRequest, resp *xattr.ValidateAttributeResponse) {
	if v.IsNull() || v.IsUnknown() {
		return
	}
	if _, err := parseTimeOfDay(v.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid time of day", err.Error())
	}
}
