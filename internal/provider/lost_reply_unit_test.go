package provider

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

// Every outcome of recoverCreate: what it returns, and what the diagnostic tells the user.
func TestRecoverCreateOutcomes(t *testing.T) {
	lost := &timecamp.TransportError{Method: "POST", Path: "/tasks", Err: io.ErrUnexpectedEOF}
	refused := &timecamp.APIError{Method: "POST", Path: "/tasks", StatusCode: http.StatusBadRequest, Message: "name is required"}
	cases := []struct {
		name     string
		err      error
		ids      []int64
		findErr  error
		wantID   int64
		severity diag.Severity
		want     []string // in the diagnostic's detail
	}{
		{"refused: no lookup", refused, nil, errors.New("find must not run"), 0, diag.SeverityError,
			[]string{`Creating task "Backend".`, "name is required"}},
		{"one match adopted", lost, []int64{42}, nil, 42, diag.SeverityWarning,
			[]string{`task "Backend" under task 7`, "id 42", "terraform state rm", "unexpected EOF"}},
		{"none: apply again", lost, nil, nil, 0, diag.SeverityError,
			[]string{"most likely did not create it", "run terraform apply again", "terraform import timecamp_task.<name> <id>"}},
		{"several: import the right one", lost, []int64{42, 43}, nil, 0, diag.SeverityError,
			[]string{"2 match (ids 42, 43)", "delete any duplicate", "terraform import timecamp_task.<name> 42"}},
		{"lookup failed: check the account", lost, nil, errors.New("GET /tasks: 503"), 0, diag.SeverityError,
			[]string{"Check the account in TimeCamp", "terraform import timecamp_task.<name> <id>", "GET /tasks: 503", "unexpected EOF"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var diags diag.Diagnostics
			call := createCall{summary: "Unable to create task", what: `task "Backend" under task 7`, resource: "timecamp_task",
				find: func(context.Context) ([]int64, error) {
					if errors.Is(tc.err, refused) {
						t.Error("looked for the object after a refusal")
					}
					return tc.ids, tc.findErr
				}}
			id, ok := recoverCreate(context.Background(), &diags, call, `Creating task "Backend".`, tc.err)
			if id != tc.wantID || ok != (tc.wantID != 0) {
				t.Errorf("= %d, %v; want %d", id, ok, tc.wantID)
			}
			if len(diags) != 1 || diags[0].Severity() != tc.severity {
				t.Fatalf("diagnostics %v, want one of severity %v", diags, tc.severity)
			}
			if diags[0].Summary() == "" {
				t.Error("no summary")
			}
			for _, w := range tc.want {
				if !strings.Contains(diags[0].Detail(), w) {
					t.Errorf("detail lacks %q:\n%s", w, diags[0].Detail())
				}
			}
		})
	}
}

// A group lock that outlasted the retries says to wait, not that a permission is missing.
func TestGroupLockAdvice(t *testing.T) {
	locked := &timecamp.APIError{Method: "PUT", Path: "/group", StatusCode: http.StatusForbidden, Message: "You can not change this group"}
	detail := apiErrorDetail(`Creating group "Sales".`, locked)
	if !strings.Contains(detail, "run Terraform again in a minute") || strings.Contains(detail, "lack the permission") {
		t.Errorf("detail:\n%s", detail)
	}
	other := &timecamp.APIError{Method: "PUT", Path: "/group", StatusCode: http.StatusForbidden, Message: "Permission denied"}
	if detail := apiErrorDetail("x", other); !strings.Contains(detail, "lack the permission") {
		t.Errorf("a plain 403 lost its advice:\n%s", detail)
	}
}
