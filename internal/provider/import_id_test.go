package provider

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/tfsdk"
	"github.com/hashicorp/terraform-plugin-go/tftypes"
)

// registeredResources returns every resource the provider registers, by type name.
func registeredResources(t *testing.T) map[string]resource.Resource {
	t.Helper()
	ctx := context.Background()
	p := New("test")()
	out := map[string]resource.Resource{}
	for _, newResource := range p.Resources(ctx) {
		r := newResource()
		var md resource.MetadataResponse
		r.Metadata(ctx, resource.MetadataRequest{ProviderTypeName: "timecamp"}, &md)
		out[md.TypeName] = r
	}
	return out
}

// resourceTypeNames lists the registered resource types, sorted.
func resourceTypeNames(t *testing.T) []string {
	t.Helper()
	var names []string
	for name := range registeredResources(t) {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
}

// importFormats is the import id format each resource documents (in examples/resources/<type>/
// import.sh, shown on its docs page); its malformed-id error must name the same format.
var importFormats = map[string]string{
	"timecamp_group":              "by its TimeCamp id",
	"timecamp_task":               "by its TimeCamp id",
	"timecamp_tag_list":           "by its TimeCamp id",
	"timecamp_tag":                "by its TimeCamp id",
	"timecamp_client":             "by its TimeCamp id",
	"timecamp_favorite_task":      "by its TimeCamp id",
	"timecamp_user":               "by its TimeCamp id",
	"timecamp_task_user":          "<task_id>:<user_id>",
	"timecamp_custom_field":       "by its TimeCamp id",
	"timecamp_custom_field_value": "<template_id>:<resource_id>",
	"timecamp_billing_rate":       "task:<task_id>:<rate_type_id>",
	"timecamp_timer":              "by its TimeCamp id",
	"timecamp_time_entry":         "<user_id>:<date>:<entry_id>",
	"timecamp_invoice":            "by its TimeCamp id",
}

// TestImportState_malformedIDs feeds every registered resource import ids that no format
// accepts, and requires one "Invalid import ID" error that names the expected format and repeats
// the id given, without reaching TimeCamp (the resources have no client here) and without
// setting any state.
func TestImportState_malformedIDs(t *testing.T) {
	ctx := context.Background()
	malformed := []string{"", " ", "abc", "-5", "0", "1.5", "1:2:3:4:5", "x:y", "12:", ":12", "task:1", "2026-13-45:1"}
	for name, r := range registeredResources(t) {
		t.Run(name, func(t *testing.T) {
			format, ok := importFormats[name]
			if !ok {
				t.Fatalf("no import id format listed for %s in importFormats", name)
			}
			importer, ok := r.(resource.ResourceWithImportState)
			if !ok {
				t.Fatalf("%s cannot be imported", name)
			}
			var sch resource.SchemaResponse
			r.Schema(ctx, resource.SchemaRequest{}, &sch)
			for _, id := range malformed {
				resp := &resource.ImportStateResponse{State: tfsdk.State{
					Schema: sch.Schema,
					Raw:    tftypes.NewValue(sch.Schema.Type().TerraformType(ctx), nil),
				}}
				importer.ImportState(ctx, resource.ImportStateRequest{ID: id}, resp)
				errs := resp.Diagnostics.Errors()
				if len(errs) != 1 {
					t.Errorf("import id %q: want one error, got %d: %v", id, len(errs), resp.Diagnostics)
					continue
				}
				detail := errs[0].Detail()
				if errs[0].Summary() != "Invalid import ID" || !strings.Contains(detail, format) ||
					!strings.Contains(detail, strings.TrimSpace(id)) {
					t.Errorf("import id %q: want \"Invalid import ID\" naming %q and the id, got %q: %q",
						id, format, errs[0].Summary(), detail)
				}
				if !resp.State.Raw.IsNull() {
					t.Errorf("import id %q: state was set: %v", id, resp.State.Raw)
				}
			}
		})
	}
}

// docImportIDs finds the import ids a generated resource page shows: the id of each `import` block
// and the last word of each `terraform import` line.
var docImportIDs = regexp.MustCompile(`(?m)^\s*id\s*=\s*"([^"]*)"|^terraform import \S+ (\S+)$`)

// TestImportDocs_everyResource reads the generated page of every registered resource
// (docs/resources/<name>.md, from examples/resources/<type>/import.sh and import-by-string-id.tf)
// and requires an Import section that shows both an `import` block and `terraform import`, the
// id format of a composite id as importFormats lists it, and example ids that the resource's
// ImportState accepts (no "Invalid import ID"; an id that needs the API, such as a timer's
// "running", fails later for want of a client, which is not a format error).
func TestImportDocs_everyResource(t *testing.T) {
	ctx := context.Background()
	for name, r := range registeredResources(t) {
		t.Run(name, func(t *testing.T) {
			page := filepath.Join("..", "..", "docs", "resources", strings.TrimPrefix(name, "timecamp_")+".md")
			raw, err := os.ReadFile(page)
			if err != nil {
				t.Fatalf("no docs page (run make docs): %v", err)
			}
			_, section, ok := strings.Cut(string(raw), "\n## Import\n")
			if !ok {
				t.Fatalf("%s has no Import section (add examples/resources/%s/import.sh)", page, name)
			}
			if !strings.Contains(section, "import {\n  to = "+name+".") {
				t.Errorf("%s shows no import block (add examples/resources/%s/import-by-string-id.tf)", page, name)
			}
			if !strings.Contains(section, "terraform import "+name+".") {
				t.Errorf("%s shows no terraform import command (examples/resources/%s/import.sh)", page, name)
			}
			if format := importFormats[name]; strings.Contains(format, "<") && !strings.Contains(section, format) {
				t.Errorf("%s does not show the composite import id format %s", page, format)
			}
			matches := docImportIDs.FindAllStringSubmatch(section, -1)
			if len(matches) < 2 {
				t.Fatalf("%s: want example ids in both the import block and the command, found %d", page, len(matches))
			}
			var sch resource.SchemaResponse
			r.Schema(ctx, resource.SchemaRequest{}, &sch)
			for _, m := range matches {
				id := m[1] + m[2]
				resp := &resource.ImportStateResponse{State: tfsdk.State{
					Schema: sch.Schema,
					Raw:    tftypes.NewValue(sch.Schema.Type().TerraformType(ctx), nil),
				}}
				r.(resource.ResourceWithImportState).ImportState(ctx, resource.ImportStateRequest{ID: id}, resp)
				for _, d := range resp.Diagnostics.Errors() {
					if d.Summary() == "Invalid import ID" {
						t.Errorf("%s shows import id %q, which the resource refuses: %s", page, id, d.Detail())
					}
				}
			}
		})
	}
}
