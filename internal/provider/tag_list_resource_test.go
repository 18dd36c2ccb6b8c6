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

// withCheck adds checks to a shared step.
func withCheck(step resource.TestStep, checks ...resource.TestCheckFunc) resource.TestStep {
	step.Check = resource.ComposeAggregateTestCheckFunc(checks...)
	return step
}

// importErrorStep imports res by importID and expects the error re.
func importErrorStep(cfg, res, importID string, re *regexp.Regexp) resource.TestStep {
	return resource.TestStep{Config: cfg, ResourceName: res, ImportState: true, ImportStateId: importID, ExpectError: re}
}

// archivableCase is one archive-only resource under the acceptance steps both share.
type archivableCase struct {
	env    *accEnv
	res    string      // address, e.g. timecamp_tag_list.test
	kind   archiveOnly // its update makes the changes "outside Terraform"
	get    apiGetter
	config func(name, archived string) string // archived: "", "true" or "false"
}

// lifecycleSteps is DESIGN.md's sequence: create (checked through the API, plus created), import,
// rename, archive, import of the archived object, restore, empty re-plan, and drift: a rename and
// an archive made outside Terraform are both undone in place. *id holds the object's id.
func (c archivableCase) lifecycleSteps(t *testing.T, id *int64, name, newName string, created ...resource.TestCheckFunc) []resource.TestStep {
	renamed := c.config(newName, "")
	// inPlace applies cfg, expecting an update of the same object, which then has newName and archived.
	inPlace := func(cfg string, archived bool) resource.TestStep {
		step := withCheck(resource.TestStep{Config: cfg}, checkSameID(c.res, id),
			resource.TestCheckResourceAttr(c.res, "name", newName),
			resource.TestCheckResourceAttr(c.res, "archived", strconv.FormatBool(archived)),
			checkInAPI(c.env, c.res, c.get, newName, archived))
		step.ConfigPlanChecks.PreApply = []plancheck.PlanCheck{plancheck.ExpectResourceAction(c.res, plancheck.ResourceActionUpdate)}
		return step
	}
	outOfBand := func(name timecamp.Field[string], archived timecamp.Field[bool]) resource.TestStep {
		step := outOfBandStep(t, renamed, c.res, plancheck.ResourceActionUpdate, func(ctx context.Context) error {
			return c.kind.update(ctx, c.env.Client, *id, name, archived)
		})
		step.Check = inPlace(renamed, false).Check
		return step
	}
	return []resource.TestStep{
		withCheck(resource.TestStep{Config: c.config(name, "")}, append([]resource.TestCheckFunc{
			captureID(c.res, id),
			resource.TestCheckResourceAttr(c.res, "name", name),
			resource.TestCheckResourceAttr(c.res, "archived", "false"),
			checkInAPI(c.env, c.res, c.get, name, false),
		}, created...)...),
		importStep(c.res),
		inPlace(renamed, false),
		inPlace(c.config(newName, "true"), true),
		// An archived object is hidden from TimeCamp's lists; import reads it by id all the same.
		importStep(c.res),
		inPlace(c.config(newName, "false"), false),
		// Leaving `archived` out means false: nothing to do.
		emptyPlanStep(renamed),
		outOfBand(timecamp.Set("Renamed in TimeCamp"), timecamp.Field[bool]{}),
		outOfBand(timecamp.Field[string]{}, timecamp.Set(true)),
	}
}

// missingReply is how TimeCamp answers a request about an object that does not exist; "{id}" in
// path and body stands for the object's id.
type missingReply struct {
	path   string
	status int
	body   string
}

// inject makes the emulator answer the next method request for the object id with this reply.
func (m missingReply) inject(env *accEnv, method string, id int64) {
	n := strconv.FormatInt(id, 10)
	env.Emulator.InjectFault(timecamptest.Fault{Method: method, Path: strings.ReplaceAll(m.path, "{id}", n),
		Status: m.status, Body: strings.ReplaceAll(m.body, "{id}", n)})
}

// missingSteps: an object that disappears is removed from state and created again; one already
// gone at destroy counts as destroyed; importing an id TimeCamp does not know fails.
//
// TimeCamp's API has no DELETE for tag lists and tags, so neither TimeCamp nor the emulator can
// make one vanish. The emulator instead answers once with TimeCamp's own "missing" reply (get for
// the GET that refreshes, put for the PUT that archives), which is exactly what the provider would see. Against a
// real account these steps cannot run.
func (c archivableCase) missingSteps(t *testing.T, without string, get, put missingReply) []resource.TestStep {
	if c.env.Emulator == nil {
		t.Skip("needs the emulator: TimeCamp cannot delete tag lists or tags, so only the emulator can answer as if one were gone")
	}
	var first, second int64
	cfg := c.config("Clients", "")
	return []resource.TestStep{
		{Config: cfg, Check: captureID(c.res, &first)},
		withCheck(outOfBandStep(t, cfg, c.res, plancheck.ResourceActionCreate, func(context.Context) error {
			get.inject(c.env, http.MethodGet, first)
			return nil
		}), captureID(c.res, &second), func(*terraform.State) error {
			if second == first {
				return fmt.Errorf("not created again: the id is still %d", first)
			}
			return nil
		}, checkInAPI(c.env, c.res, c.get, "Clients", false)),
		withCheck(resource.TestStep{
			PreConfig: func() { put.inject(c.env, http.MethodPut, second) },
			Config:    without,
			ConfigPlanChecks: resource.ConfigPlanChecks{PreApply: []plancheck.PlanCheck{
				plancheck.ExpectResourceAction(c.res, plancheck.ResourceActionDestroy)}},
		}, func(*terraform.State) error {
			// The destroy above succeeded; check it met the "missing" reply on its way.
			p := strings.ReplaceAll(put.path, "{id}", strconv.FormatInt(second, 10))
			for _, r := range c.env.Emulator.Requests() {
				if r.Method == http.MethodPut && r.Path == p && r.Status == put.status {
					return nil
				}
			}
			return fmt.Errorf("no PUT %s was answered %d", p, put.status)
		}),
		importErrorStep(cfg, c.res, "987654321", messageLike("Cannot import non-existent remote object")),
	}
}

// badInputSteps creates the object, tries each bad step, and then checks that nothing changed:
// the plan of the first configuration is empty and the object is as it was, in state and in TimeCamp.
func (c archivableCase) badInputSteps(bad ...resource.TestStep) []resource.TestStep {
	var id int64
	cfg := c.config("Projects", "")
	steps := []resource.TestStep{{Config: cfg, Check: captureID(c.res, &id)}}
	steps = append(steps, bad...)
	return append(steps,
		resource.TestStep{Config: c.config("", ""), PlanOnly: true,
			ExpectError: messageLike(`Invalid name`, `The name is empty; TimeCamp requires a name.`)},
		importErrorStep(cfg, c.res, "projects", messageLike(`Invalid import ID`, `Import a `+c.kind.kind+` by its TimeCamp id`, `got "projects"`)),
		withCheck(emptyPlanStep(cfg), checkSameID(c.res, &id), checkInAPI(c.env, c.res, c.get, "Projects", false)))
}

// run runs steps as one parallel acceptance test, whose destroy must leave every tag list and tag
// of the configuration archived.
func (c archivableCase) run(t *testing.T, steps []resource.TestStep) {
	t.Helper()
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             checkArchivedOnDestroy(c.env, map[string]apiGetter{"timecamp_tag": getTag, "timecamp_tag_list": getTagList}),
		Steps:                    steps,
	})
}

// tagListCase is timecamp_tag_list.test in an environment of its own; config's archived is "",
// "true" or "false".
func tagListCase(t *testing.T) archivableCase {
	env := newAccEnv(t)
	return archivableCase{env: env, res: "timecamp_tag_list.test", kind: tagListKind, get: getTagList,
		config: func(name, archived string) string {
			hcl := fmt.Sprintf("resource \"timecamp_tag_list\" \"test\" {\n  name = %q\n", name)
			if archived != "" {
				hcl += "  archived = " + archived + "\n"
			}
			return env.config(hcl + "}\n")
		}}
}

func TestAccTagList_lifecycle(t *testing.T) {
	c := tagListCase(t)
	var id int64
	c.run(t, c.lifecycleSteps(t, &id, "Work type", "Kind of work"))
}

func TestAccTagList_missing(t *testing.T) {
	c := tagListCase(t)
	c.run(t, c.missingSteps(t, c.env.config(""),
		// The provider refreshes every list from one GET /tag_list (SPEC §7.2), which answers `[]`
		// when the account has none; §7.6: PUT answers 400.
		missingReply{"/tag_list", http.StatusOK, "[]"},
		missingReply{"/tag_list/{id}", http.StatusBadRequest, `{"message":"Tag list does not exist."}`}))
}

func TestAccTagList_badInput(t *testing.T) {
	c := tagListCase(t)
	c.run(t, c.badInputSteps(
		resource.TestStep{Config: c.config(" Projects", ""), PlanOnly: true,
			ExpectError: messageLike(`Invalid name`, `starts or ends with white space`)},
		resource.TestStep{Config: c.config(strings.Repeat("x", tagNameMaxLen+1), ""), PlanOnly: true,
			ExpectError: messageLike(`Invalid name`, fmt.Sprintf("keeps only the first %d", tagNameMaxLen))},
	))
}
