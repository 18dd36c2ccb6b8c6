package provider

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
)

// tagListsHCL is the two lists the tag tests put their tags in.
const tagListsHCL = `
resource "timecamp_tag_list" "work" {
  name = "Work type"
}
resource "timecamp_tag_list" "billing" {
  name = "Billing"
}
`

// tagConfig returns the configurations of timecamp_tag.test in the list named list ("work" or
// "billing"), with extra HCL after it; archived is "", "true" or "false".
func tagConfig(env *accEnv, list, extra string) func(name, archived string) string {
	return func(name, archived string) string {
		hcl := fmt.Sprintf("resource \"timecamp_tag\" \"test\" {\n  tag_list_id = timecamp_tag_list.%s.id\n  name        = %q\n", list, name)
		if archived != "" {
			hcl += "  archived    = " + archived + "\n"
		}
		return env.config(tagListsHCL + hcl + "}\n" + extra)
	}
}

// tagCase is timecamp_tag.test in the "work" list, in an environment of its own.
func tagCase(t *testing.T) archivableCase {
	env := newAccEnv(t)
	return archivableCase{env: env, res: "timecamp_tag.test", kind: tagKind, get: getTag, config: tagConfig(env, "work", "")}
}

// checkTagInList checks through the API that the tag of res belongs to the list of listRes.
func checkTagInList(env *accEnv, res, listRes string) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := stateID(s, res)
		if err != nil {
			return err
		}
		listID, err := stateID(s, listRes)
		if err != nil {
			return err
		}
		got, err := getTag(context.Background(), env.Client, id)
		if err != nil {
			return err
		}
		if got.tagListID != listID {
			return fmt.Errorf("tag %d is in tag list %d in TimeCamp, want %d (%s)", id, got.tagListID, listID, listRes)
		}
		return nil
	}
}

func TestAccTag_lifecycle(t *testing.T) {
	c := tagCase(t)
	var id, movedID int64
	steps := c.lifecycleSteps(t, &id, "Design", "UX design",
		resource.TestCheckResourceAttrPair(c.res, "tag_list_id", "timecamp_tag_list.work", "id"),
		checkTagInList(c.env, c.res, "timecamp_tag_list.work"))
	// A tag cannot change lists: the old one is archived and a new one made in the other list.
	steps = append(steps, withCheck(resource.TestStep{
		Config: tagConfig(c.env, "billing", "")("UX design", ""),
		ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
			plancheck.ExpectResourceAction(c.res, plancheck.ResourceActionDestroyBeforeCreate)}},
	},
		captureID(c.res, &movedID),
		checkTagInList(c.env, c.res, "timecamp_tag_list.billing"),
		checkInAPI(c.env, c.res, getTag, "UX design", false),
		func(*terraform.State) error {
			if movedID == id {
				return fmt.Errorf("the tag kept id %d; it should have been replaced", id)
			}
			old, err := getTag(context.Background(), c.env.Client, id)
			if err != nil {
				return fmt.Errorf("the replaced tag %d: %w", id, err)
			}
			if !old.archived {
				return fmt.Errorf("the replaced tag %d is not archived", id)
			}
			return nil
		}))
	c.run(t, steps)
}

func TestAccTag_missing(t *testing.T) {
	c := tagCase(t)
	c.run(t, c.missingSteps(t, c.env.config(tagListsHCL),
		// Tags are refreshed from the one GET /tag_list that holds every list with its tags (SPEC
		// §7.2); an account without them answers `[]`. §7.9: PUT answers 400 with its own text.
		missingReply{"/tag_list", http.StatusOK, "[]"},
		missingReply{"/tag/{id}", http.StatusBadRequest, `{"message":"Tag with id {id} not found"}`}))
}

func TestAccTag_badInput(t *testing.T) {
	c := tagCase(t)
	other := func(listID string) string {
		return tagConfig(c.env, "work", fmt.Sprintf(`
resource "timecamp_tag" "other" {
  tag_list_id = %s
  name        = "Orphan"
}
`, listID))("Projects", "")
	}
	c.run(t, c.badInputSteps(
		resource.TestStep{
			Config:      other("987654321"),
			ExpectError: messageLike(`Unable to create tag`, `in tag list 987654321`, `TimeCamp has no tag list with id 987654321`, `set tag_list_id`),
		},
		// The failed create left nothing in TimeCamp (the final empty plan shows it left nothing in state).
		withCheck(emptyPlanStep(c.config("Projects", "")), func(*terraform.State) error {
			lists, err := c.env.Client.TagLists.List(context.Background(), timecamp.ActiveAndArchived)
			if err != nil {
				return err
			}
			for _, l := range lists {
				for _, tag := range l.Tags.Values() {
					if string(tag.Name) == "Orphan" {
						return fmt.Errorf("the failed create left tag %d %q in list %d", tag.ID, tag.Name, l.ID)
					}
				}
			}
			return nil
		}),
		resource.TestStep{Config: other("0"), PlanOnly: true,
			ExpectError: messageLike(`tag_list_id value must be at least 1, got: 0`)},
	))
}
