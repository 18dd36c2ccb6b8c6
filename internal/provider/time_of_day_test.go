package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/attr/xattr"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/types/basetypes"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

func TestTimeOfDayParsesEverySpelling(t *testing.T) {
	for in, want := range map[string]int64{
		"09:00:00": 9 * 3600, "9:00:00": 9 * 3600, "09:00": 9 * 3600, "9:00": 9 * 3600, " 9:00 ": 9 * 3600,
		"0:00": 0, "00:00:00": 0, "23:59:59": 86399, "17:30": 17*3600 + 1800, "08:05:07": 8*3600 + 5*60 + 7,
		"9:00 AM": 9 * 3600, "9:00am": 9 * 3600, "9:00 a.m.": 9 * 3600, "5:30 PM": 17*3600 + 1800, "5:30:15 pm": 17*3600 + 1800 + 15,
		"12:00 AM": 0, "12:30 am": 1800, "12:00 PM": 12 * 3600, "12:45 pm": 12*3600 + 2700,
	} {
		got, err := parseTimeOfDay(in)
		if err != nil || got != want {
			t.Errorf("parseTimeOfDay(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
}

func TestTimeOfDayRefusals(t *testing.T) {
	for in, want := range map[string]string{
		"24:00":                 "hours run from 0 to 23",
		"9:60":                  "minutes and seconds run from 00 to 59",
		"9:00:60":               "minutes and seconds run from 00 to 59",
		"13:00 PM":              "with AM or PM, hours run from 1 to 12",
		"0:30 am":               "with AM or PM, hours run from 1 to 12",
		"9am":                   "is not a time of day",
		"":                      "is not a time of day",
		"0900":                  "is not a time of day",
		"9.00":                  "is not a time of day",
		"2026-03-02 09:00:00":   "is not a time of day",
		"09:00Z":                "time zone or offset",
		"09:00:00+02:00":        "time zone or offset",
		"09:00-0500":            "time zone or offset",
		"09:00 UTC":             "time zone or offset",
		"2026-03-02T09:00:00Z":  "time zone or offset",
		"T09:00":                "is not a time of day",
		"nine o'clock":          "is not a time of day",
		"09:00:00.5":            "is not a time of day",
		"-1:00":                 "is not a time of day",
		"9:0":                   "is not a time of day",
		"09:00:00 +02:00 extra": "is not a time of day",
	} {
		if _, err := parseTimeOfDay(in); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("parseTimeOfDay(%q): err = %v, want one saying %q", in, err, want)
		}
	}
}

func TestTimeOfDaySemanticEquality(t *testing.T) {
	ctx := context.Background()
	cases := []struct {
		a, b string
		want bool
	}{
		{"9:00", "09:00:00", true},
		{"09:00:00", "9:00 AM", true},
		{"17:30", "5:30 pm", true},
		{"12:00 AM", "00:00:00", true},
		{"9:00", "09:00:01", false},
		{"9:00", "21:00", false},
		{"9:00", "not a time", false}, // an invalid value equals nothing, not even itself spelled otherwise
	}
	for _, c := range cases {
		got, diags := timeOfDayValue(c.a).StringSemanticEquals(ctx, timeOfDayValue(c.b))
		if diags.HasError() || got != c.want {
			t.Errorf("%q ~ %q = %v (%v), want %v", c.a, c.b, got, diags, c.want)
		}
	}
	for _, v := range []timeOfDay{timeOfDayNull(), timeOfDayUnknown()} {
		if got, _ := timeOfDayValue("9:00").StringSemanticEquals(ctx, v); got {
			t.Errorf("9:00 ~ %v = true", v)
		}
	}
	// Another value type is a provider bug, reported as such.
	if _, diags := timeOfDayValue("9:00").StringSemanticEquals(ctx, basetypes.NewStringValue("9:00")); !diags.HasError() {
		t.Error("comparing with a plain string raised no error")
	}
}

func TestTimeOfDayValidateAttribute(t *testing.T) {
	ctx := context.Background()
	for in, ok := range map[string]bool{"9:00": true, "23:59:59": true, "9:00 pm": true, "25:00": false, "09:00+01:00": false} {
		var resp xattr.ValidateAttributeResponse
		timeOfDayValue(in).ValidateAttribute(ctx, xattr.ValidateAttributeRequest{Path: path.Root("start_time")}, &resp)
		if resp.Diagnostics.HasError() == ok {
			t.Errorf("%q: diagnostics %v", in, resp.Diagnostics)
		}
		if !ok && !strings.Contains(resp.Diagnostics[0].Summary(), "Invalid time of day") {
			t.Errorf("%q: summary %q", in, resp.Diagnostics[0].Summary())
		}
	}
	for _, v := range []timeOfDay{timeOfDayNull(), timeOfDayUnknown()} {
		var resp xattr.ValidateAttributeResponse
		v.ValidateAttribute(ctx, xattr.ValidateAttributeRequest{Path: path.Root("start_time")}, &resp)
		if resp.Diagnostics.HasError() {
			t.Errorf("%v refused: %v", v, resp.Diagnostics)
		}
	}
}

func TestTimeOfDayTypeRoundTrip(t *testing.T) {
	ctx := context.Background()
	typ := timeOfDayType{}
	v, err := typ.ValueFromTerraform(ctx, tftypes.NewValue(tftypes.String, "9:00"))
	if err != nil {
		t.Fatal(err)
	}
	tod, ok := v.(timeOfDay)
	if !ok || tod.ValueString() != "9:00" || !tod.Type(ctx).Equal(typ) || !typ.Equal(timeOfDayType{}) || typ.Equal(basetypes.StringType{}) {
		t.Fatalf("value %#v", v)
	}
	if !tod.Equal(timeOfDayValue("9:00")) || tod.Equal(timeOfDayValue("09:00:00")) || tod.Equal(basetypes.NewStringValue("9:00")) {
		t.Error("Equal must compare the text exactly (semantic equality is separate)")
	}
	if secs, ok := tod.Seconds(); !ok || secs != 9*3600 {
		t.Errorf("Seconds = %d, %v", secs, ok)
	}
	if formatTimeOfDay(9*3600+5*60+7) != "09:05:07" || formatTimeOfDay(86399) != "23:59:59" {
		t.Error("formatTimeOfDay")
	}
}

func TestEntryImportIDs(t *testing.T) {
	for in, want := range map[string]struct {
		user int64
		date string
		id   int64
	}{
		"1200000:2026-03-02:260000123": {1200000, "2026-03-02", 260000123},
		"2026-03-02:260000123":         {0, "2026-03-02", 260000123},
		" 2026-03-02:7 ":               {0, "2026-03-02", 7}, //nolint:gocritic // the spaces are the point
	} {
		user, date, id, err := parseEntryImportID(in)
		if err != nil || user != want.user || date != want.date || id != want.id {
			t.Errorf("parseEntryImportID(%q) = %d %s %d %v", in, user, date, id, err)
		}
	}
	for _, bad := range []string{"", "5", "2026-03-02", "2026-02-30:5", "x:2026-03-02:5", "0:2026-03-02:5", "1:2026-03-02:0", "1:2026-03-02:5:6", "2026-3-2:5"} {
		if _, _, _, err := parseEntryImportID(bad); err == nil {
			t.Errorf("parseEntryImportID(%q) accepted", bad)
		}
	}
}

func TestPlanFrameFillsTheComputedPart(t *testing.T) {
	model := func(start, end string, duration int64) timeEntryModel {
		m := timeEntryModel{StartTime: timeOfDayNull(), EndTime: timeOfDayNull(), Duration: basetypes.NewInt64Null()}
		if start != "" {
			m.StartTime = timeOfDayValue(start)
		}
		if end != "" {
			m.EndTime = timeOfDayValue(end)
		}
		if duration >= 0 {
			m.Duration = basetypes.NewInt64Value(duration)
		}
		return m
	}
	cases := []struct {
		name        string
		cfg         timeEntryModel
		state       *timeEntryModel
		start, end  string // "?" for unknown, "" for null
		wantSeconds int64  // -1: unknown
	}{
		{"start and end", model("9:00", "10:30", -1), nil, "9:00", "10:30", 5400},
		{"start and duration", model("9:00", "", 900), nil, "9:00", "09:15:00", 900},
		{"end and duration", model("", "17:00", 2700), nil, "16:15:00", "17:00", 2700},
		{"end and duration keep the state's spelling", model("", "17:00", 2700), ptrModel(model("4:15 pm", "17:00", 2700)), "4:15 pm", "17:00", 2700},
		{"duration alone, new", model("", "", 600), nil, "?", "?", 600},
		{"duration alone, unchanged", model("", "", 600), ptrModel(model("", "", 600)), "", "", 600},
		{"duration alone, changed on a frame", model("", "", 600), ptrModel(model("08:00:00", "08:05:00", 300)), "08:00:00", "08:10:00", 600},
		{"duration alone, changed without a frame", model("", "", 600), ptrModel(model("", "", 300)), "?", "?", 600},
	}
	for _, c := range cases {
		plan := c.cfg
		if plan.Duration.IsNull() {
			plan.Duration = basetypes.NewInt64Unknown()
		}
		planFrame(c.cfg, c.state, &plan)
		got := func(v timeOfDay) string {
			switch {
			case v.IsUnknown():
				return "?"
			case v.IsNull():
				return ""
			}
			return v.ValueString()
		}
		if got(plan.StartTime) != c.start || got(plan.EndTime) != c.end || plan.Duration.ValueInt64() != c.wantSeconds {
			t.Errorf("%s: planned %q-%q %v, want %q-%q %d", c.name, got(plan.StartTime), got(plan.EndTime), plan.Duration, c.start, c.end, c.wantSeconds)
		}
	}
}

func ptrModel(m timeEntryModel) *timeEntryModel { return &m }
