package provider

import (
	"errors"
	"net/http"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

// addAPIError reports a failed API call in the provider's one diagnostic shape: a short summary
// ("Unable to create task"), then what was attempted, what the user can do, and the API's words.
func addAPIError(diags *diag.Diagnostics, summary, attempted string, err error) {
	diags.AddError(summary, apiErrorDetail(attempted, err))
}

func apiErrorDetail(attempted string, err error) string {
	advice := ""
	var transportErr *timecamp.TransportError
	var decodeErr *timecamp.DecodeError
	switch status := timecamp.StatusCode(err); {
	case status == http.StatusUnauthorized:
		advice = "TimeCamp refused the API token. Check the provider's api_token setting or the " + EnvAPIToken +
			" environment variable (TimeCamp: Profile settings → API token)."
	case timecamp.IsGroupLocked(err):
		advice = "TimeCamp refuses group changes for about a minute after other group changes, and the provider's retries " +
			"did not outlast it. Nothing was changed by this request: run Terraform again in a minute."
	case status == http.StatusForbidden:
		advice = "TimeCamp refused the request: the token's user may lack the permission for it (an administrator token is usually needed), or the object belongs to another account."
	case status == http.StatusTooManyRequests:
		advice = "TimeCamp's rate limit was still in force after the provider's retries. Wait a minute and run Terraform again, or lower -parallelism."
	case status >= 500:
		advice = "TimeCamp had a server error. Run Terraform again later; nothing was changed by this failed request unless the error says otherwise."
	case errors.As(err, &transportErr):
		advice = "The TimeCamp API could not be reached. Check the network and the provider's base_url (" + EnvBaseURL + ")."
	case errors.As(err, &decodeErr):
		advice = "TimeCamp answered in a shape the provider does not understand. Please report it with this message."
	}
	detail := attempted
	if advice != "" {
		detail += "\n\n" + advice
	}
	return detail + "\n\nCause: " + err.Error()
}
