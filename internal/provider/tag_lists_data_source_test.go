package provider

import (
	"context"
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

func TestAccTagListsDataSource(t *testing.T) {
	env := newAccEnv(t)
	ctx := context.Background()
	mustID := func(id int64, err error) int64 {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	work := mustID(env.Client.TagLists.Create(ctx, "Work type"))
	dev := mustID(env.Client.Tags.Create(ctx, work, "Development"))
	review := mustID(env.Client.Tags.Create(ctx, work, "Review"))
	if err := env.Client.Tags.Update(ctx, review, timecamp.Field[string]{}, timecamp.Set(true)); err != nil {
		t.Fatal(err)
	}
	empty := mustID(env.Client.TagLists.Create(ctx, "Empty"))
	old := mustID(env.Client.TagLists.Create(ctx, "Old"))
	if err := env.Client.TagLists.Update(ctx, old, timecamp.Field[string]{}, timecamp.Set(true)); err != nil {
		t.Fatal(err)
	}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config: env.config(`
data "timecamp_tag_lists" "active" {}
data "timecamp_tag_lists" "archived" {
  status = "archived"
}
data "timecamp_tag_lists" "all" {
  status = "all"
}
data "timecamp_tag_lists" "work" {
  name = "Work type"
}
`),
			Check: resource.ComposeAggregateTestCheckFunc(
				resource.TestCheckResourceAttr("data.timecamp_tag_lists.active", "tag_lists.#", "2"),
				resource.TestCheckResourceAttr("data.timecamp_tag_lists.active", "tag_lists.0.id", fmt.Sprint(work)),
				resource.TestCheckResourceAttr("data.timecamp_tag_lists.active", "tag_lists.1.id", fmt.Sprint(empty)),
				resource.TestCheckResourceAttr("data.timecamp_tag_lists.active", "tag_lists.1.tags.#", "0"),
				resource.TestCheckResourceAttr("data.timecamp_tag_lists.archived", "tag_lists.#", "1"),
				resource.TestCheckResourceAttr("data.timecamp_tag_lists.archived", "tag_lists.0.name", "Old"),
				resource.TestCheckResourceAttr("data.timecamp_tag_lists.archived", "tag_lists.0.archived", "true"),
				resource.TestCheckResourceAttr("data.timecamp_tag_lists.all", "tag_lists.#", "3"),
				resource.TestCheckResourceAttr("data.timecamp_tag_lists.work", "tag_lists.#", "1"),
				resource.TestCheckResourceAttr("data.timecamp_tag_lists.work", "tag_lists.0.tags.#", "2"),
				resource.TestCheckResourceAttr("data.timecamp_tag_lists.work", "tag_lists.0.tags.0.id", fmt.Sprint(dev)),
				resource.TestCheckResourceAttr("data.timecamp_tag_lists.work", "tag_lists.0.tags.0.archived", "false"),
				resource.TestCheckResourceAttr("data.timecamp_tag_lists.work", "tag_lists.0.tags.1.name", "Review"),
				resource.TestCheckResourceAttr("data.timecamp_tag_lists.work", "tag_lists.0.tags.1.archived", "true"),
			),
		}},
	})
}
