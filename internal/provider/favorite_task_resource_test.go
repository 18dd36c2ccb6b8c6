package provider

import (
	"context"
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/plancheck"
	"github.com/hashicorp/terraform-plugin-testing/terraform"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp"
	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

const favoriteTasksConfig = `
resource "timecamp_task" "a" {
  name              = "Pinned A"
  delete_on_destroy = true
}

resource "timecamp_task" "b" {
  name              = "Pinned B"
  delete_on_destroy = true
}

resource "timecamp_favorite_task" "fav" {
  task_id = timecamp_task.%s.id
}
`

// favouriteIDsInState returns the task ids of every timecamp_favorite_task in state, sorted.
func favouriteIDsInState(s *terraform.State) ([]int64, error) {
	var ids []int64
	for name, rs := range s.RootModule().Resources {
		if rs.Type != "timecamp_favorite_task" {
			continue
		}
		id, err := strconv.ParseInt(rs.Primary.Attributes["task_id"], 10, 64)
		if err != nil {
			return nil, fmt.Errorf("%s: task_id %q: %w", name, rs.Primary.Attributes["task_id"], err)
		}
		if rs.Primary.ID != strconv.FormatInt(id, 10) {
			return nil, fmt.Errorf("%s: id %q differs from task_id %d", name, rs.Primary.ID, id)
		}
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids, nil
}

// favouriteIDsInAPI returns the task ids TimeCamp lists as favourites, sorted.
func favouriteIDsInAPI(env *accEnv) ([]int64, error) {
	f, err := env.Client.Favourites.List(context.Background())
	if err != nil {
		return nil, err
	}
	var ids []int64
	for _, t := range f.Tasks {
		ids = append(ids, int64(t.TaskID))
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids, nil
}

// checkFavouritesMatchAPI fails unless the favourites in state are exactly TimeCamp's, and there are want of them.
func checkFavouritesMatchAPI(env *accEnv, want int) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		inState, err := favouriteIDsInState(s)
		if err != nil {
			return err
		}
		inAPI, err := favouriteIDsInAPI(env)
		if err != nil {
			return err
		}
		if fmt.Sprint(inState) != fmt.Sprint(inAPI) {
			return fmt.Errorf("favourites in state %v, in TimeCamp %v", inState, inAPI)
		}
		if len(inState) != want {
			return fmt.Errorf("%d favourites, want %d", len(inState), want)
		}
		return nil
	}
}

// checkFavouriteOf checks that resource name pins the task of resource task, in state and in TimeCamp.
func checkFavouriteOf(env *accEnv, name, task string) resource.TestCheckFunc {
	return resource.ComposeAggregateTestCheckFunc(
		resource.TestCheckResourceAttrPair(name, "task_id", task, "id"),
		resource.TestCheckResourceAttrPair(name, "id", task, "id"),
		func(s *terraform.State) error {
			id, err := stateID(s, task)
			if err != nil {
				return err
			}
			f, err := env.Client.Favourites.List(context.Background())
			if err != nil {
				return err
			}
			if !f.Has(id) {
				return fmt.Errorf("task %d (%s) is not a favourite in TimeCamp", id, task)
			}
			return nil
		},
	)
}

// checkNoFavourites checks, after destroy, that no favourite that was in state is still pinned.
func checkNoFavourites(env *accEnv) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		inState, err := favouriteIDsInState(s)
		if err != nil {
			return err
		}
		f, err := env.Client.Favourites.List(context.Background())
		if err != nil {
			return err
		}
		for _, id := range inState {
			if f.Has(id) {
				return fmt.Errorf("task %d is still a favourite after destroy", id)
			}
		}
		return nil
	}
}

func TestAccFavoriteTaskResource_lifecycle(t *testing.T) {
	env := newAccEnv(t)
	onA, onB := env.config(fmt.Sprintf(favoriteTasksConfig, "a")), env.config(fmt.Sprintf(favoriteTasksConfig, "b"))
	var taskB int64
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             checkNoFavourites(env),
		Steps: []resource.TestStep{
			{
				Config: onA,
				Check: resource.ComposeAggregateTestCheckFunc(
					checkFavouriteOf(env, "timecamp_favorite_task.fav", "timecamp_task.a"),
					captureID("timecamp_task.b", &taskB),
					checkFavouritesMatchAPI(env, 1),
				),
			},
			// Nothing ignored: the task id is the whole of it.
			importStep("timecamp_favorite_task.fav"),
			{
				// A task that is not a favourite cannot be imported.
				ResourceName: "timecamp_favorite_task.fav",
				ImportState:  true,
				ImportStateIdFunc: func(s *terraform.State) (string, error) {
					id, err := stateID(s, "timecamp_task.b")
					return strconv.FormatInt(id, 10), err
				},
				ExpectError: regexp.MustCompile(`(?s)Cannot import non-existent remote object`),
			},
			emptyPlanStep(onA),
			// A favourite has nothing to change in place: another task_id unpins the old task
			// and pins the new one (replace), and only the new one is pinned afterwards.
			{
				Config: onB,
				ConfigPlanChecks: resource.ConfigPlanChecks{
					PreApply: []plancheck.PlanCheck{plancheck.ExpectResourceAction("timecamp_favorite_task.fav", plancheck.ResourceActionDestroyBeforeCreate)},
				},
				Check: resource.ComposeAggregateTestCheckFunc(
					checkFavouriteOf(env, "timecamp_favorite_task.fav", "timecamp_task.b"),
					checkFavouritesMatchAPI(env, 1),
				),
			},
			emptyPlanStep(onB),
			// Unpinned outside Terraform (the only change TimeCamp allows): pinned again.
			outOfBandStep(t, onB, "timecamp_favorite_task.fav", plancheck.ResourceActionCreate, func(ctx context.Context) error {
				return env.Client.Favourites.Remove(ctx, taskB)
			}),
			{
				Config: onB,
				Check: resource.ComposeAggregateTestCheckFunc(
					checkFavouriteOf(env, "timecamp_favorite_task.fav", "timecamp_task.b"),
					checkFavouritesMatchAPI(env, 1),
				),
			},
			emptyPlanStep(onB),
		},
	})
}

// Eleven favourites in one apply: the ten that fit are pinned, the eleventh fails naming the
// limit, and state holds exactly the favourites TimeCamp has.
func TestAccFavoriteTaskResource_limitInOneApply(t *testing.T) {
	env := newAccEnv(t)
	cfg := env.config(`
resource "timecamp_task" "t" {
  count             = 11
  name              = "Candidate ${count.index}"
  delete_on_destroy = true
}

resource "timecamp_favorite_task" "f" {
  count   = 11
  task_id = timecamp_task.t[count.index].id
}
`)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy: resource.ComposeAggregateTestCheckFunc(checkNoFavourites(env), func(*terraform.State) error {
			ids, err := favouriteIDsInAPI(env)
			if err == nil && len(ids) != 0 && env.Emulator != nil {
				return fmt.Errorf("favourites left after destroy: %v", ids)
			}
			return err
		}),
		Steps: []resource.TestStep{
			{
				Config:      cfg,
				ExpectError: regexp.MustCompile(`(?s)Unable to pin favourite task.*TimeCamp\s+allows\s+at\s+most\s+10\s+favourite\s+tasks\s+per\s+user`),
			},
			{
				// The refresh keeps exactly what exists; the plan that follows wants the eleventh again.
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check:              checkFavouritesMatchAPI(env, 10),
			},
		},
	})
}

// A list already full before the apply: the pre-check refuses with the limit and the tasks
// filling it, and changes nothing; once there is room, the same configuration applies.
func TestAccFavoriteTaskResource_listAlreadyFull(t *testing.T) {
	env := newAccEnv(t)
	if env.Emulator == nil {
		t.Skip("fills the token user's favourites, which would disturb a real account")
	}
	ctx := context.Background()
	var pinned []int64
	for i := range 10 {
		task, err := env.Client.Tasks.Create(ctx, timecamp.TaskInput{Name: timecamp.Set(fmt.Sprintf("Pinned elsewhere %d", i))})
		if err != nil {
			t.Fatal(err)
		}
		if err := env.Client.Favourites.Add(ctx, int64(task.TaskID)); err != nil {
			t.Fatal(err)
		}
		pinned = append(pinned, int64(task.TaskID))
	}
	cfg := env.config(`
resource "timecamp_task" "extra" {
  name              = "One too many"
  delete_on_destroy = true
}

resource "timecamp_favorite_task" "extra" {
  task_id = timecamp_task.extra.id
}
`)
	firstIDs := regexp.QuoteMeta(strconv.FormatInt(pinned[0], 10) + ", " + strconv.FormatInt(pinned[1], 10))
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             checkNoFavourites(env),
		Steps: []resource.TestStep{
			{
				Config: cfg,
				ExpectError: regexp.MustCompile(`(?s)Unable to pin favourite task.*at\s+most\s+10\s+favourite\s+tasks\s+per\s+user.*already\s+has\s+10\s+\(task\s+ids\s+` +
					firstIDs + `.*Unpin\s+one`),
			},
			{
				RefreshState:       true,
				ExpectNonEmptyPlan: true,
				Check: resource.ComposeAggregateTestCheckFunc(
					func(s *terraform.State) error {
						if _, ok := s.RootModule().Resources["timecamp_favorite_task.extra"]; ok {
							return fmt.Errorf("the refused favourite is in state")
						}
						return nil
					},
					func(*terraform.State) error {
						ids, err := favouriteIDsInAPI(env)
						if err == nil && fmt.Sprint(ids) != fmt.Sprint(pinned) {
							return fmt.Errorf("favourites changed by a refused apply: %v, want %v", ids, pinned)
						}
						return err
					},
				),
			},
			{
				PreConfig: func() {
					if err := env.Client.Favourites.Remove(ctx, pinned[0]); err != nil {
						t.Fatal(err)
					}
				},
				Config: cfg,
				Check:  checkFavouriteOf(env, "timecamp_favorite_task.extra", "timecamp_task.extra"),
			},
		},
	})
}

// The pre-check cannot see everything (another client may pin tasks in between, and TimeCamp
// may accept an add without keeping it): the API's refusal still names the limit, and an add
// that TimeCamp did not keep is an error, not a favourite in state.
func TestAccFavoriteTaskResource_limitSignals(t *testing.T) {
	env := newAccEnv(t)
	if env.Emulator == nil {
		t.Skip("needs the emulator's fault injection")
	}
	ctx := context.Background()
	var pinned []int64
	for i := range 11 {
		task, err := env.Client.Tasks.Create(ctx, timecamp.TaskInput{Name: timecamp.Set(fmt.Sprintf("Task %d", i))})
		if err != nil {
			t.Fatal(err)
		}
		pinned = append(pinned, int64(task.TaskID))
	}
	extra := pinned[10]
	for _, id := range pinned[:10] {
		if err := env.Client.Favourites.Add(ctx, id); err != nil {
			t.Fatal(err)
		}
	}
	cfg := env.config(fmt.Sprintf("resource \"timecamp_favorite_task\" \"extra\" {\n  task_id = %d\n}\n", extra))
	addPath := fmt.Sprintf("/v3/taskPicker/favourites/add/%d", extra)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		CheckDestroy:             checkNoFavourites(env),
		Steps: []resource.TestStep{
			{
				// The list looks empty to the pre-check; TimeCamp then refuses the add.
				PreConfig: func() {
					env.Emulator.InjectFault(timecamptest.Fault{Method: http.MethodGet, Path: "/v3/taskPicker/favourites", Status: http.StatusOK,
						Body: `{"data":{"favourites":[],"suggested":[]},"message":"ok","meta":{"favourites":{"limit":10}}}`})
				},
				Config: cfg,
				ExpectError: regexp.MustCompile(`(?s)Unable to pin favourite task.*at\s+most\s+10\s+favourite\s+tasks\s+per\s+user.*already\s+has\s+10.*` +
					`You\s+can\s+have\s+at\s+most\s+10\s+favourite\s+tasks`),
			},
			{
				// Room again, but TimeCamp answers the add with "ok" and keeps nothing.
				PreConfig: func() {
					if err := env.Client.Favourites.Remove(ctx, pinned[0]); err != nil {
						t.Fatal(err)
					}
					env.Emulator.InjectFault(timecamptest.Fault{Method: http.MethodPost, Path: addPath, Status: http.StatusOK, Body: `{"message":"ok"}`})
				},
				Config:      cfg,
				ExpectError: regexp.MustCompile(`(?s)Unable to pin favourite task.*accepted\s+pinning\s+task\s+\d+\s+but\s+does\s+not\s+list\s+it`),
			},
			{
				Config: cfg,
				Check: resource.ComposeAggregateTestCheckFunc(
					resource.TestCheckResourceAttr("timecamp_favorite_task.extra", "task_id", strconv.FormatInt(extra, 10)),
					checkFavouritesMatchAPIPlus(env, pinned[1:10]),
				),
			},
		},
	})
}

// checkFavouritesMatchAPIPlus fails unless TimeCamp's favourites are those in state plus others.
func checkFavouritesMatchAPIPlus(env *accEnv, others []int64) resource.TestCheckFunc {
	return func(s *terraform.State) error {
		want, err := favouriteIDsInState(s)
		if err != nil {
			return err
		}
		want = append(want, others...)
		sort.Slice(want, func(i, j int) bool { return want[i] < want[j] })
		got, err := favouriteIDsInAPI(env)
		if err == nil && fmt.Sprint(got) != fmt.Sprint(want) {
			return fmt.Errorf("favourites in TimeCamp %v, want %v", got, want)
		}
		return err
	}
}

// Only existing tasks can be pinned: the error points at task_id.
func TestAccFavoriteTaskResource_missingTask(t *testing.T) {
	env := newAccEnv(t)
	resource.ParallelTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				Config:      env.config("resource \"timecamp_favorite_task\" \"f\" {\n  task_id = 999\n}\n"),
				ExpectError: regexp.MustCompile(`(?s)Unable to pin favourite task.*task_id.*no\s+task\s+with\s+this\s+id`),
			},
			{
				Config:      env.config("resource \"timecamp_favorite_task\" \"f\" {\n  task_id = 0\n}\n"),
				PlanOnly:    true,
				ExpectError: regexp.MustCompile(`(?s)Attribute task_id value must be at least 1`),
			},
			{
				Config:        env.config("resource \"timecamp_favorite_task\" \"f\" {\n  task_id = 5\n}\n"),
				ResourceName:  "timecamp_favorite_task.f",
				ImportState:   true,
				ImportStateId: "task-5",
				ExpectError:   regexp.MustCompile(`(?s)Invalid import ID.*favourite task`),
			},
		},
	})
}
