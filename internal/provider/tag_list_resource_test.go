package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

// The helpers below serve the tests of both archive-only resources, timecamp_tag_list and timecamp_tag.

// archivedObject is what a test reads of a tag list or tag through env.Client.
type archivedObject struct {
	name      string
	archived  bool
	tagListID int64 // tags only
}

type apiGetter func(ctx context.Context, c *timecamp.Client, id int64) (archivedObject, error)

func getTagList(ctx context.Context, c *timecamp.Client, id int64) (archivedObject, error) {
	l, err := c.TagLists.Get(ctx, id)
	if err != nil {
		return archivedObject{}, err
	}
	return archivedObject{name: string(l.Name), archived: bool(l.Archived)}, nil
}

func getTag(ctx context.Context, c *timecamp.Client, id int64) (archivedObject, error) {
	t, err := c.Tags.Get(ctx, id)
	if err != nil {
		return archivedObject{}, err
	}
	return archivedObject{name: string(t.Name), archived: bool(t.Archived), tagListID: int64(t.TagListID)}, nil
}

// checkInAPI reads the object of res (by the id in state) through env.Client and compares its
// name and archived flag.
func checkInAPI(env *accEnv, res string, get apiGetter, wantName string, wantArchived bool) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		id, err := stateID(s, res)
		if err != nil {
			return err
		}
		got, err := get(context.Background(), env.Client, id)
		if err != nil {
			return fmt.Errorf("reading %s (id %d) through the API: %w", res, id, err)
		}
		if got.name != wantName || got.archived != wantArchived {
			return fmt.Errorf("%s (id %d) in TimeCamp: name %q archived %t, want name %q archived %t",
				res, id, got.name, got.archived, wantName, wantArchived)
		}
		return nil
	}
}

// checkSameID fails when res no longer has the id in *id: the step replaced it instead of
// changing it in place.
func checkSameID(res string, id *int64) resource.TestCheckFunc {
	return resource.TestCheckResourceAttrWith(res, "id", func(v string) error {
		if v != strconv.FormatInt(*id, 10) {
			return fmt.Errorf("id changed from %d to %s", *id, v)
		}
		return nil
	})
}

// checkArchivedOnDestroy is a CheckDestroy: TimeCamp cannot delete tag lists and tags, so every
// object of the given resource types that was in state must still exist, archived.
func checkArchivedOnDestroy(env *accEnv, getters map[string]apiGetter) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		for name, rs := range s.RootModule().Resources {
			get, ok := getters[rs.Type]
			if !ok {
				continue
			}
			id, err := parseID(rs.Primary.ID)
			if err != nil {
				return fmt.Errorf("%s: %w", name, err)
			}
			got, err := get(context.Background(), env.Client, id)
			if err != nil {
				return fmt.Errorf("%s (id %d) after destroy: %w (destroy must archive, not delete)", name, id, err)
			}
			if !got.archived {
				return fmt.Errorf("%s (id %d) is not archived after destroy", name, id)
			}
		}
		return nil
	}
}

// messageLike matches an error message made of the given phrases, in order, however Terraform
// wraps its lines.
func messageLike(phrases ...string) *regexp.Regexp {
	parts := make([]string, len(phrases))
	for i, p := range phrases {
		parts[i] = strings.Join(strings.Fields(regexp.QuoteMeta(p)), `\s+`)
	}
	return regexp.MustCompile(strings.Join(parts, `[\s\S]*`))
}

// vanish makes the emulator answer the next GET of path the way TimeCamp answers for an object
// that does not exist. The API (and so the emulator) has no way to delete a tag list or tag, so
// an object cannot really vanish in these tests; TimeCamp's own "missing" reply is the next best
// thing, and it is exactly what the provider sees when an object is gone.
func vanish(env *accEnv, path string, status int, body string) {
	env.Emulator.InjectFault(timecamptest.Fault{Method: http.MethodGet, Path: path, Status: status, Body: body})
}

// checkAnsweredNotFound checks that the emulator sent status for method and the path of
// pathFormat with *id: the provider met the "missing" signal and the step still succeeded.
func checkAnsweredNotFound(env *accEnv, method, pathFormat string, id *int64, status int) resource.TestCheckFunc {
	return func(*terraform.State) error {
		path := fmt.Sprintf(pathFormat, *id)
		for _, r := range env.Emulator.Requests() {
			if r.Method == method && r.Path == path && r.Status == status {
				return nil
			}
		}
		return fmt.Errorf("no %s %s was answered %d", method, path, status)
	}
}

func tagListConfig(env *accEnv, name, extra string) string {
	return env.config(fmt.Sprintf(`
resource "timecamp_tag_list" "test" {
  name = %q
  %s
}
`, name, extra))
}

func TestAccTagList_lifecycle(t *testing.T) {
	env := newAccEnv(t)
	const res = "timecamp_tag_list.test"
	var id int64
	created := tagListConfig(env, "Work type", "")
	renamed := tagListConfig(env, "Kind of work", "")
	archived := tagListConfig(env, "Kind of work", "archived = true")
	restored := tagListConfig(env, "Kind of work", "archived = false")
	update := resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction(res, plancheck.ResourceActionUpdate)}}

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             checkArchivedOnDestroy(env, map[string]apiGetter{"timecamp_tag_list": getTagList}),
		Steps: []resource.TestStep{
			{
				Config: created,
				Check: resource.ComposeAggregateTestCheckFunc(
					captureID(res, &id),
					resource.TestCheckResourceAttr(res, "name", "Work type"),
					resource.TestCheckResourceAttr(res, "archived", "false"),
					checkInAPI(env, res, getTagList, "Work type", false),
				),
			},
			importStep(res),
			{
				Config:           renamed,
				ConfigPlanChecks: update,
				Check: resource.ComposeAggregateTestCheckFunc(
					checkSameID(res, &id),
					resource.TestCheckResourceAttr(res, "name", "Kind of work"),
					checkInAPI(env, res, getTagList, "Kind of work", false),
				),
			},
			{
				Config:           archived,
				ConfigPlanChecks: update,
				Check: resource.ComposeAggregateTestCheckFunc(
					checkSameID(res, &id),
					resource.TestCheckResourceAttr(res, "archived", "true"),
					checkInAPI(env, res, getTagList, "Kind of work", true),
				),
			},
			// An archived list is hidden from GET /tag_list; import reads it by id all the same.
			importStep(res),
			{
				Config:           restored,
				ConfigPlanChecks: update,
				Check: resource.ComposeAggregateTestCheckFunc(
					checkSameID(res, &id),
					resource.TestCheckResourceAttr(res, "archived", "false"),
					checkInAPI(env, res, getTagList, "Kind of work", false),
				),
			},
			// Leaving `archived` out means false: nothing to do.
			emptyPlanStep(renamed),
			withCheck(outOfBandStep(t, renamed, res, plancheck.ResourceActionUpdate, func(ctx context.Context) error {
				return env.Client.TagLists.Update(ctx, id, timecamp.Set("Renamed in TimeCamp"), timecamp.Field[bool]{})
			}), checkSameID(res, &id), checkInAPI(env, res, getTagList, "Kind of work", false)),
			withCheck(outOfBandStep(t, renamed, res, plancheck.ResourceActionUpdate, func(ctx context.Context) error {
				return env.Client.TagLists.Update(ctx, id, timecamp.Field[string]{}, timecamp.Set(true))
			}), checkSameID(res, &id), resource.TestCheckResourceAttr(res, "archived", "false"),
				checkInAPI(env, res, getTagList, "Kind of work", false)),
		},
	})
}

// withCheck adds checks to a shared step.
func withCheck(step resource.TestStep, checks ...resource.TestCheckFunc) resource.TestStep {
	step.Check = resource.ComposeAggregateTestCheckFunc(checks...)
	return step
}

// A tag list that disappears is removed from state and created again; one already gone at
// destroy counts as destroyed; importing an id TimeCamp does not know fails. TimeCamp's API has no
// DELETE for tag lists, so the emulator plays TimeCamp's "missing" replies (see vanish).
func TestAccTagList_missing(t *testing.T) {
	env := newAccEnv(t)
	if env.Emulator == nil {
		t.Skip("needs the emulator: TimeCamp cannot delete a tag list, so only the emulator can answer as if one were gone")
	}
	const res = "timecamp_tag_list.test"
	var first, second int64
	cfg := tagListConfig(env, "Clients", "")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg, Check: captureID(res, &first)},
			// GET /tag_list/{id} answers 200 `[]` for a missing list (SPEC §7.3): plan a new one.
			withCheck(outOfBandStep(t, cfg, res, plancheck.ResourceActionCreate, func(context.Context) error {
				vanish(env, fmt.Sprintf("/tag_list/%d", first), http.StatusOK, "[]")
				return nil
			}), captureID(res, &second), func(*terraform.State) error {
				if second == first {
					return fmt.Errorf("the list was not created again: id is still %d", first)
				}
				return nil
			}, checkInAPI(env, res, getTagList, "Clients", false)),
			// Destroy archives with PUT /tag_list/{id}; a list already gone answers 400 "Tag list does
			// not exist." (SPEC §7.6), and destroy succeeds.
			{
				PreConfig: func() {
					env.Emulator.InjectFault(timecamptest.Fault{Method: http.MethodPut, Path: fmt.Sprintf("/tag_list/%d", second),
						Status: http.StatusBadRequest, Body: `{"message":"Tag list does not exist."}`})
				},
				Config: env.config(""),
				ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
					plancheck.ExpectResourceAction(res, plancheck.ResourceActionDestroy)}},
				Check: checkAnsweredNotFound(env, http.MethodPut, "/tag_list/%d", &second, http.StatusBadRequest),
			},
			{
				Config:        cfg,
				ResourceName:  res,
				ImportState:   true,
				ImportStateId: "987654321",
				ExpectError:   messageLike("Cannot import non-existent remote object"),
			},
		},
	})
}

func TestAccTagList_badInput(t *testing.T) {
	env := newAccEnv(t)
	const res = "timecamp_tag_list.test"
	var id int64
	cfg := tagListConfig(env, "Projects", "")

	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{Config: cfg, Check: captureID(res, &id)},
			{
				Config:      tagListConfig(env, "", ""),
				PlanOnly:    true,
				ExpectError: messageLike(`Invalid name`, `The name "" cannot be used: it is empty`),
			},
			{
				Config:      tagListConfig(env, " Projects", ""),
				PlanOnly:    true,
				ExpectError: messageLike(`Invalid name`, `starts or ends with white space`),
			},
			{
				Config:      tagListConfig(env, strings.Repeat("x", tagNameMaxLen+1), ""),
				PlanOnly:    true,
				ExpectError: messageLike(`Invalid name`, fmt.Sprintf("keeps only the first %d", tagNameMaxLen)),
			},
			{
				ResourceName:  res,
				ImportState:   true,
				ImportStateId: "projects",
				ExpectError:   messageLike(`Invalid import ID`, `Import a tag list by its TimeCamp id`, `got "projects"`),
			},
			// Nothing above touched the list or the state.
			withCheck(emptyPlanStep(cfg), checkSameID(res, &id), checkInAPI(env, res, getTagList, "Projects", false)),
		},
	})
}
