package provider

import (
	"context"
	"fmt"
	"regexp"
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
	var problem string
	switch {
	case strings.TrimSpace(name) == "":
		problem = "it is empty; TimeCamp requires a name"
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

func quoteChars(chars string) string {
	parts := make([]string, 0, len(chars))
	for _, r := range chars {
		parts = append(parts, fmt.Sprintf("%q", string(r)))
	}
	return strings.Join(parts, " and ")
}

// dateValidator accepts a calendar date written YYYY-MM-DD.
type dateValidator struct{}

var datePattern = regexp.MustCompile(`^[0-9]{4}-[0-9]{2}-[0-9]{2}$`)

func (dateValidator) Description(context.Context) string {
	return "a date written YYYY-MM-DD, such as 2024-01-31"
}
func (v dateValidator) MarkdownDescription(ctx context.Context) string { return v.Description(ctx) }

func (dateValidator) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	s := req.ConfigValue.ValueString()
	if _, err := time.Parse(time.DateOnly, s); err != nil || !datePattern.MatchString(s) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid date",
			fmt.Sprintf("%q is not a date written YYYY-MM-DD (for example 2024-01-31).", s))
	}
}
