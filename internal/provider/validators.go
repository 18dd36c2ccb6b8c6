package provider

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

// baseURLValidator refuses URLs the client would refuse, at plan time.
type baseURLValidator struct{}

func (baseURLValidator) Description(context.Context) string {
	return "an https URL, or http to a loopback host"
}
func (v baseURLValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (baseURLValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if _, err := timecamp.ParseBaseURL(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid TimeCamp base URL", err.Error())
	}
}

// durationValidator accepts a positive Go duration such as "30s".
type durationValidator struct{}

func (durationValidator) Description(context.Context) string {
	return "a positive duration such as 30s or 2m"
}
func (v durationValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (durationValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	d, err := time.ParseDuration(req.ConfigValue.ValueString())
	if err != nil || d <= 0 {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid duration",
			fmt.Sprintf("%q is not a positive duration; write it like 30s, 90s or 2m.", req.ConfigValue.ValueString()))
	}
}

// storedNameValidator refuses names that TimeCamp would store differently from how they are written
// (SPEC §5.1: tabs become spaces, '|' and '→' are removed, the name is trimmed and cut at maxLen
// characters). Accepting them would leave a diff on every plan; refusing them says why at plan time.
type storedNameValidator struct {
	maxLen    int
	forbidden string // characters TimeCamp removes
}

func (v storedNameValidator) Description(context.Context) string {
	s := fmt.Sprintf("a non-empty name of at most %d characters, without leading or trailing spaces or tabs", v.maxLen)
	if v.forbidden != "" {
		s += fmt.Sprintf(", and without the characters %s", quoteChars(v.forbidden))
	}
	return s
}
func (v storedNameValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (v storedNameValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	name := req.ConfigValue.ValueString()
	if strings.TrimSpace(name) == "" {
		what := "is empty"
		if name != "" {
			what = fmt.Sprintf("%q is only white space", name)
		}
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid name", fmt.Sprintf("The name %s; TimeCamp requires a name.", what))
		return
	}
	var problem string
	switch {
	case strings.TrimSpace(name) != name:
		problem = "it starts or ends with white space, which TimeCamp trims"
	case strings.ContainsRune(name, '\t'):
		problem = "it contains a tab, which TimeCamp turns into a space"
	case strings.ContainsAny(name, v.forbidden):
		problem = fmt.Sprintf("it contains one of %s, which TimeCamp removes", quoteChars(v.forbidden))
	case len([]rune(name)) > v.maxLen:
		problem = fmt.Sprintf("it is %d characters long; TimeCamp keeps only the first %d", len([]rune(name)), v.maxLen)
	default:
		return
	}
	resp.Diagnostics.AddAttributeError(req.Path, "Invalid name",
		fmt.Sprintf("The name %q cannot be used: %s. TimeCamp would store it differently, and every plan would show a change.", name, problem))
}

// notBlankValidator requires at least one character that is not white space. Its message quotes
// the value, so that a blank one can be seen (stringvalidator.RegexMatches ends with "got: ").
type notBlankValidator struct{}

func (notBlankValidator) Description(context.Context) string {
	return "must not be empty or only white space"
}
func (v notBlankValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (notBlankValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	switch s := req.ConfigValue.ValueString(); {
	case s == "":
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Value",
			fmt.Sprintf("Attribute %s must not be empty.", req.Path))
	case strings.TrimSpace(s) == "":
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid Attribute Value",
			fmt.Sprintf("Attribute %s must not be only white space, got %q.", req.Path, s))
	}
}

func quoteChars(chars string) string {
	parts := make([]string, 0, len(chars))
	for _, r := range chars {
		parts = append(parts, fmt.Sprintf("%q", string(r)))
	}
	return strings.Join(parts, " and ")
}

// dateValidator accepts a calendar date written YYYY-MM-DD (checkDate).
type dateValidator struct{}

func (dateValidator) Description(context.Context) string {
	return "a date written YYYY-MM-DD, such as 2024-01-31"
}
func (v dateValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (dateValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if err := checkDate(req.ConfigValue.ValueString()); err != nil {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid date", err.Error()+".")
	}
}
