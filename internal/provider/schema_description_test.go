package provider

import (
	"context"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/resource"
)

// markdownListItem matches a line that Markdown renders as a list item.
var markdownListItem = regexp.MustCompile(`(?m)^\s*([-*+]|\d+[.)])\s`)

// A resource's or data source's own description is the page's text and also, flattened to one
// paragraph, the `description` of the page's front matter (tfplugindocs), which the Registry shows
// in search results. A Markdown list does not survive that: its items run together
// ("…a task (or project);user_id alone…"). So these descriptions are written as sentences.
func TestSchemaDescriptions_noListsInTopLevelDescription(t *testing.T) {
	ctx := context.Background()
	p := New("test")()
	for name, r := range registeredResources(t) {
		var s resource.SchemaResponse
		r.Schema(ctx, resource.SchemaRequest{}, &s)
		if m := markdownListItem.FindString(s.Schema.MarkdownDescription); m != "" {
			t.Errorf("%s: its description has a Markdown list (%q), which the docs' front matter runs together", name, m)
		}
	}
	for _, newDataSource := range p.DataSources(ctx) {
		d := newDataSource()
		var meta datasource.MetadataResponse
		d.Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "timecamp"}, &meta)
		var s datasource.SchemaResponse
		d.Schema(ctx, datasource.SchemaRequest{}, &s)
		if m := markdownListItem.FindString(s.Schema.MarkdownDescription); m != "" {
			t.Errorf("%s: its description has a Markdown list (%q), which the docs' front matter runs together", meta.TypeName, m)
		}
	}
}
