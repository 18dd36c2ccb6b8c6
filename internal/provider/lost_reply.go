package provider

import (
	"context"
	"fmt"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/diag"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

// A create that fails after it may have reached TimeCamp (the connection dropped before the reply,
// a 5xx, a 2xx that cannot be read: timecamp.CreateOutcomeUnknown) is never sent again, since
// that could make a second object. Instead the account is read back fresh and the object looked
// up by what was sent: exactly one match is adopted into state (with a warning naming it); none
// or several fail with a diagnostic that says what to check and how to import. Terraform then
// has in state exactly what exists in the account, and nothing is created twice.

// createCall describes one create for recoverCreate.
type createCall struct {
	summary  string // diagnostic summary, e.g. "Unable to create task"
	what     string // the object, e.g. `task "Backend" under task 12`
	resource string // the resource type, for the import command, e.g. "timecamp_task"
	// find reads the account (not a cache from before the create) and returns the ids of the
	// objects that match what the create sent.
	find func(ctx context.Context) ([]int64, error)
}

// recoverCreate handles err from a create. A refusal (nothing was made) is reported as any API
// error, with attempted, and ok is false. When the outcome is unknown, the object is looked for:
// ok is true with its id when exactly one matches.
func recoverCreate(ctx context.Context, diags *diag.Diagnostics, call createCall, attempted string, err error) (id int64, ok bool) {
	if !timecamp.CreateOutcomeUnknown(err) {
		addAPIError(diags, call.summary, attempted, err)
		return 0, false
	}
	lost := fmt.Sprintf("Creating %s: TimeCamp may have carried out the create, but its reply was lost or unreadable. "+
		"The provider does not send a create twice (that could make a duplicate), so it looked for the %s in the account.",
		call.what, call.kind())
	importCmd := fmt.Sprintf("terraform import %s.<name> <id>", call.resource)

	ids, findErr := call.find(ctx)
	switch {
	case findErr != nil:
		addAPIError(diags, call.summary, lost+" That lookup failed too, so whether it exists is unknown. "+
			"Check the account in TimeCamp: if the "+call.kind()+" is there, import it ("+importCmd+") "+
			"instead of applying again; if it is not, run terraform apply again.\n\nThe create failed with: "+err.Error(), findErr)
		return 0, false
	case len(ids) == 1:
		diags.AddWarning("TimeCamp's reply to a create was lost",
			fmt.Sprintf("%s It found exactly one match, id %d, and took it into the state. If that %s existed before this "+
				"apply, remove it from the state (terraform state rm) so Terraform does not manage it.\n\nThe create failed with: %s",
				lost, ids[0], call.kind(), err.Error()))
		return ids[0], true
	case len(ids) == 0:
		diags.AddError(call.summary, lost+" None is there, so TimeCamp most likely did not create it: "+
			"run terraform apply again. Should it show in TimeCamp later, import it instead ("+importCmd+").\n\nCause: "+err.Error())
	default:
		diags.AddError(call.summary, fmt.Sprintf("%s %d match (ids %s), and the provider cannot tell which one this "+
			"apply made. Check the account in TimeCamp, delete any duplicate there, and import the right one: %s "+
			"(or another of the ids).\n\nCause: %s", lost, len(ids), joinInt64s(ids),
			strings.Replace(importCmd, "<id>", fmt.Sprint(ids[0]), 1), err.Error()))
	}
	return 0, false
}

// readBackFailed reports a failed read of an object taken over after a lost reply: it exists, so
// the user imports it rather than applying again.
func (c createCall) readBackFailed(diags *diag.Diagnostics, id int64, err error) {
	addAPIError(diags, c.summary, fmt.Sprintf("Reading back %s (id %d), taken over after its create's reply was lost. "+
		"It exists in TimeCamp: import it (terraform import %s.<name> %d) rather than applying again.", c.what, id, c.resource, id), err)
}

// kind is the object's kind without its details ("task", "tag list"): the resource type's words.
func (c createCall) kind() string {
	return strings.ReplaceAll(strings.TrimPrefix(c.resource, "timecamp_"), "_", " ")
}

// matchIDs returns the ids of the items for which match holds.
func matchIDs[T any](items []T, id func(T) int64, match func(T) bool) []int64 {
	var ids []int64
	for _, it := range items {
		if match(it) {
			ids = append(ids, id(it))
		}
	}
	return ids
}

func joinInt64s(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = fmt.Sprint(id)
	}
	return strings.Join(parts, ", ")
}
