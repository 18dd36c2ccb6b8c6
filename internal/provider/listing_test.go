package provider

import (
	"context"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-framework/datasource"
)

// dataSourceTypeNames lists the registered data source types, sorted.
func dataSourceTypeNames(t *testing.T) []string {
	t.Helper()
	ctx := context.Background()
	var names []string
	for _, newDataSource := range New("test")().DataSources(ctx) {
		var md datasource.MetadataResponse
		newDataSource().Metadata(ctx, datasource.MetadataRequest{ProviderTypeName: "timecamp"}, &md)
		names = append(names, md.TypeName)
	}
	sort.Strings(names)
	return names
}

// listingPart returns the text of file (at the repository root) that matches re: the place
// where the file lists resources or data sources.
func listingPart(t *testing.T, file string, re *regexp.Regexp) string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", file))
	if err != nil {
		t.Fatal(err)
	}
	part := strings.Join(re.FindAllString(string(raw), -1), "\n")
	if part == "" {
		t.Fatalf("%s: found no listing matching %s", file, re)
	}
	return part
}

// TestListings_everyType requires the README (its resource table and its data source paragraph)
// and the CHANGELOG (its "New resource" and "New data sources" entries) to name every registered
// resource and data source type, so that a type added on a branch is not left out of them.
func TestListings_everyType(t *testing.T) {
	listings := []struct {
		file  string
		kind  string
		names []string
		re    *regexp.Regexp
	}{
		{"README.md", "resource", resourceTypeNames(t), regexp.MustCompile("(?m)^\\| `timecamp_.*$")},
		{"README.md", "data source", dataSourceTypeNames(t), regexp.MustCompile(`(?s)\nData sources:.*?\n\n`)},
		{"CHANGELOG.md", "resource", resourceTypeNames(t), regexp.MustCompile(`(?m)^\* \*\*New resources?\*\*.*$`)},
		{"CHANGELOG.md", "data source", dataSourceTypeNames(t), regexp.MustCompile(`(?s)\n\* \*\*New data sources\*\*.*?\n\*`)},
	}
	for _, l := range listings {
		part := listingPart(t, l.file, l.re)
		for _, name := range l.names {
			if !strings.Contains(part, "`"+name+"`") {
				t.Errorf("%s does not list the %s %s", l.file, l.kind, name)
			}
		}
	}
}
