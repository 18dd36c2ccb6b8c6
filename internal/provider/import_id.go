package provider

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// importNumericID is the ImportState of resources imported by one TimeCamp id.
func importNumericID(ctx context.Context, kind string, req resource.ImportStateRequest, resp *resource.ImportStateResponse) {
	id, err := parseID(req.ID)
	if err != nil {
		resp.Diagnostics.AddError("Invalid import ID",
			fmt.Sprintf("Import a %s by its TimeCamp id, a positive whole number such as 81272870; got %q.", kind, req.ID))
		return
	}
	resp.Diagnostics.Append(resp.State.SetAttribute(ctx, path.Root("id"), strconv.FormatInt(id, 10))...)
}

// parseID reads a TimeCamp id: a positive integer.
func parseID(s string) (int64, error) {
	id, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil || id <= 0 {
		return 0, fmt.Errorf("%q is not a TimeCamp id (a positive whole number)", s)
	}
	return id, nil
}

// parseIDList reads the parts of a composite import id (such as "915:80000012") that must all be
// TimeCamp ids; ok is false when one is not.
func parseIDList(parts []string) ([]int64, bool) {
	ids := make([]int64, len(parts))
	for i, p := range parts {
		id, err := parseID(p)
		if err != nil {
			return nil, false
		}
		ids[i] = id
	}
	return ids, true
}
