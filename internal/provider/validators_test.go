package provider

import (
	"context"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// validate runs v on value and returns the summary and detail of its one error ("" if none).
func validate(t *testing.T, v validator.String, attr, value string) (summary, detail string) {
	t.Helper()
	req := validator.StringRequest{Path: path.Root(attr), ConfigValue: types.StringValue(value)}
	var resp validator.StringResponse
	v.ValidateString(context.Background(), req, &resp)
	switch n := resp.Diagnostics.ErrorsCount(); n {
	case 0:
		return "", ""
	case 1:
		d := resp.Diagnostics.Errors()[0]
		return d.Summary(), d.Detail()
	default:
		t.Fatalf("%d errors for %q: %v", n, value, resp.Diagnostics)
		return "", ""
	}
}

func TestStoredNameValidator(t *testing.T) {
	v := storedNameValidator{maxLen: 10, forbidden: "|"}
	for value, want := range map[string]string{
		"":       "The name is empty; TimeCamp requires a name.",
		"  ":     `The name "  " is only white space; TimeCamp requires a name.`,
		" Sales": `The name " Sales" cannot be used: it starts or ends with white space, which TimeCamp trims. TimeCamp would store it differently, and every plan would show a change.`,
		"A|B":    `it contains one of "|", which TimeCamp removes. TimeCamp would store it differently`,
	} {
		summary, detail := validate(t, v, "name", value)
		if summary != "Invalid name" || !strings.Contains(detail, want) {
			t.Errorf("%q: %q %q, want Invalid name and %q", value, summary, detail, want)
		}
		// An empty name is not stored differently: it is not stored at all.
		if strings.TrimSpace(value) == "" && strings.Contains(detail, "store it differently") {
			t.Errorf("%q: %q speaks of storing a name TimeCamp refuses", value, detail)
		}
	}
	if summary, detail := validate(t, v, "name", "Sales"); summary != "" {
		t.Errorf("Sales refused: %s: %s", summary, detail)
	}
}

func TestNotBlankValidator(t *testing.T) {
	for _, c := range []struct{ value, want string }{
		{"", "Attribute organization_name must not be empty."},
		{" \t ", `Attribute organization_name must not be only white space, got " \t ".`},
	} {
		value, want := c.value, c.want
		summary, detail := validate(t, notBlankValidator{}, "organization_name", value)
		if summary != "Invalid Attribute Value" || detail != want {
			t.Errorf("%q: %q %q, want %q", value, summary, detail, want)
		}
	}
	if summary, _ := validate(t, notBlankValidator{}, "organization_name", " Acme "); summary != "" {
		t.Errorf("a name with text refused: %s", summary)
	}
}

func TestDateValidator(t *testing.T) {
	for value, want := range map[string]string{
		"2025-02-30": "2025-02-30 is not a day in the calendar: February 2025 has 28 days (01 to 28).",
		"30.02.2025": `"30.02.2025" is not a date written YYYY-MM-DD (for example 2024-01-31).`,
	} {
		summary, detail := validate(t, dateValidator{}, "date", value)
		if summary != "Invalid date" || detail != want {
			t.Errorf("%q: %q %q, want Invalid date and %q", value, summary, detail, want)
		}
	}
	if summary, _ := validate(t, dateValidator{}, "date", "2024-02-29"); summary != "" {
		t.Errorf("2024-02-29 refused: %s", summary)
	}
}
