package main

import (
	"fmt"
	"math"
	"strings"
)

// Organisation is how many objects of each kind the generated configuration declares.
type Organisation struct {
	Groups        int `json:"groups"`
	Tasks         int `json:"tasks"`
	TagLists      int `json:"tag_lists"`
	Tags          int `json:"tags"`
	Users         int `json:"users"`
	TaskUsers     int `json:"task_users"`
	BillingRates  int `json:"billing_rates"`
	CustomFields  int `json:"custom_fields"`
	FieldValues   int `json:"custom_field_values"`
	Clients       int `json:"clients"`
	FavoriteTasks int `json:"favorite_tasks"`
}

// defaultOrganisation is the organisation the issue describes (20 groups, 400 tasks, 10 tag lists
// with 80 tags, 50 users with task assignments) plus a few of every other kind the provider
// caches, so that each kind's cost per plan shows in the table.
var defaultOrganisation = Organisation{
	Groups: 20, Tasks: 400, TagLists: 10, Tags: 80, Users: 50, TaskUsers: 100,
	BillingRates: 30, CustomFields: 3, FieldValues: 30, Clients: 5, FavoriteTasks: 5,
}

// maxFavourites is TimeCamp's limit of favourite tasks per user.
const maxFavourites = 10

// Total is the number of resources.
func (o Organisation) Total() int {
	return o.Groups + o.Tasks + o.TagLists + o.Tags + o.Users + o.TaskUsers + o.BillingRates +
		o.CustomFields + o.FieldValues + o.Clients + o.FavoriteTasks
}

func (o Organisation) String() string {
	return fmt.Sprintf("%d groups, %d tasks, %d tag lists, %d tags, %d users, %d task assignments, "+
		"%d billing rates, %d custom fields with %d values, %d clients, %d favourites",
		o.Groups, o.Tasks, o.TagLists, o.Tags, o.Users, o.TaskUsers, o.BillingRates,
		o.CustomFields, o.FieldValues, o.Clients, o.FavoriteTasks)
}

// leastPerKind is the fewest objects of each kind a scaled organisation has: with three, a kind
// read once per object shows as three requests of one kind, which -check refuses.
const leastPerKind = 3

// scaledOrganisation keeps the default proportions for about size resources, with at least
// leastPerKind of every kind; tasks absorb the rounding so that the total is exactly size. size 0
// is the default organisation.
func scaledOrganisation(size int) (Organisation, error) {
	if size == 0 {
		return defaultOrganisation, nil
	}
	f := float64(size) / float64(defaultOrganisation.Total())
	scale := func(n int) int { return max(leastPerKind, int(math.Round(float64(n)*f))) }
	d := defaultOrganisation
	o := Organisation{
		Groups: scale(d.Groups), TagLists: scale(d.TagLists), Tags: scale(d.Tags),
		Users: scale(d.Users), TaskUsers: scale(d.TaskUsers), BillingRates: scale(d.BillingRates),
		CustomFields: scale(d.CustomFields), FieldValues: scale(d.FieldValues),
		Clients: scale(d.Clients), FavoriteTasks: min(maxFavourites, scale(d.FavoriteTasks)),
	}
	o.Tasks = size - o.Total()
	if o.Tasks < leastPerKind {
		return Organisation{}, fmt.Errorf("-size %d is too small: the smallest organisation has %d objects of each of the 11 kinds", size, leastPerKind)
	}
	return o, nil
}

// FieldValueResources is how many tasks carry custom field values: each carries a value of every
// field, so TimeCamp's per-resource value list answers for several values at once.
func (o Organisation) FieldValueResources() int {
	return (o.FieldValues + o.CustomFields - 1) / o.CustomFields
}

// hcl renders the organisation as one Terraform configuration. Objects refer to each other as a
// real configuration would (tasks to their parents, people to their groups, assignments to tasks
// and people, rates and values to their targets), so the plan has the same dependency graph.
func (o Organisation) hcl() string {
	var b strings.Builder
	b.WriteString(`terraform {
  required_providers {
    timecamp = {
      source = "timecamp-org/timecamp"
    }
  }
}

# api_token and base_url come from TIMECAMP_API_TOKEN and TIMECAMP_BASE_URL.
provider "timecamp" {}
`)
	res := func(typ, name string, attrs ...string) {
		fmt.Fprintf(&b, "\nresource %q %q {\n", typ, name)
		for _, a := range attrs {
			b.WriteString("  " + a + "\n")
		}
		b.WriteString("}\n")
	}

	// Groups: half directly under the root group, the others one level below those.
	top := max(1, (o.Groups+1)/2)
	for i := range o.Groups {
		attrs := []string{fmt.Sprintf("name = %q", fmt.Sprintf("Department %03d", i))}
		if i >= top {
			attrs = append(attrs, fmt.Sprintf("parent_id = timecamp_group.g%d.id", i%top))
		}
		res("timecamp_group", fmt.Sprintf("g%d", i), attrs...)
	}

	// Tasks: a tenth are projects, then tasks inside projects, then subtasks of those tasks.
	projects := max(1, o.Tasks/10)
	second := projects + (o.Tasks-projects)/2
	for i := range o.Tasks {
		attrs := []string{fmt.Sprintf("name = %q", fmt.Sprintf("Task %04d", i))}
		switch {
		case i < projects:
			attrs = append(attrs, fmt.Sprintf("note = %q", "Project "+fmt.Sprint(i)), "budget = 100")
		case i < second || second == projects:
			attrs = append(attrs, fmt.Sprintf("parent_id = timecamp_task.t%d.id", (i-projects)%projects))
		default:
			attrs = append(attrs, fmt.Sprintf("parent_id = timecamp_task.t%d.id", projects+(i-second)%(second-projects)))
		}
		if i%7 == 3 {
			attrs = append(attrs, "billable = false")
		}
		res("timecamp_task", fmt.Sprintf("t%d", i), attrs...)
	}

	for i := range o.TagLists {
		res("timecamp_tag_list", fmt.Sprintf("l%d", i), fmt.Sprintf("name = %q", fmt.Sprintf("Tag list %02d", i)))
	}
	for i := range o.Tags {
		res("timecamp_tag", fmt.Sprintf("tag%d", i), fmt.Sprintf("name = %q", fmt.Sprintf("Tag %03d", i)),
			fmt.Sprintf("tag_list_id = timecamp_tag_list.l%d.id", i%o.TagLists))
	}

	// People, spread over the groups; every fifth is a supervisor.
	for i := range o.Users {
		attrs := []string{
			fmt.Sprintf("email = %q", fmt.Sprintf("person%03d@bench.example", i)),
			fmt.Sprintf("display_name = %q", fmt.Sprintf("Person %03d", i)),
			fmt.Sprintf("group_id = timecamp_group.g%d.id", i%o.Groups),
			"send_invite_email = false",
		}
		if i%5 == 0 {
			attrs = append(attrs, `role = "supervisor"`)
		}
		res("timecamp_user", fmt.Sprintf("u%d", i), attrs...)
	}

	// Assignments: person k%users on task (k*7)%tasks, unique pairs.
	seen := map[[2]int]bool{}
	for k, n := 0, 0; n < o.TaskUsers && k < o.Users*o.Tasks; k++ {
		pair := [2]int{(k * 7) % o.Tasks, k % o.Users}
		if seen[pair] {
			continue
		}
		seen[pair] = true
		attrs := []string{
			fmt.Sprintf("task_id = timecamp_task.t%d.id", pair[0]),
			fmt.Sprintf("user_id = timecamp_user.u%d.user_id", pair[1]),
		}
		if n%4 == 0 {
			attrs = append(attrs, "role_id = 1")
		}
		res("timecamp_task_user", fmt.Sprintf("a%d", n), attrs...)
		n++
	}

	// Billing rates on the four kinds of target, rate types 1 (billable) and 2 (cost); a target
	// and type already used is skipped.
	used := map[string]bool{}
	for i, n := 0, 0; n < o.BillingRates && i < 100*(o.BillingRates+1); i++ {
		typ := 1 + (i/4)%2
		var target string
		switch i % 4 {
		case 0, 1:
			target = fmt.Sprintf("task_id = timecamp_task.t%d.id", i%o.Tasks)
		case 2:
			target = fmt.Sprintf("user_id = timecamp_user.u%d.user_id", (i/4)%o.Users)
		case 3:
			if (i/4)%2 == 0 {
				target = fmt.Sprintf("group_id = timecamp_group.g%d.id", (i/8)%o.Groups)
			} else {
				target = fmt.Sprintf("task_id = timecamp_task.t%d.id\n  user_id = timecamp_user.u%d.user_id",
					(i/8)%o.Tasks, (i/8)%o.Users)
			}
		}
		if key := fmt.Sprint(target, typ); used[key] {
			continue
		} else {
			used[key] = true
		}
		res("timecamp_billing_rate", fmt.Sprintf("r%d", n), fmt.Sprintf("rate_type_id = %d", typ), target,
			fmt.Sprintf("value = %d.50", 40+n%60))
		n++
	}

	for i := range o.CustomFields {
		res("timecamp_custom_field", fmt.Sprintf("f%d", i), fmt.Sprintf("name = %q", fmt.Sprintf("Field %d", i)),
			`resource_type = "task"`, `field_type = "string"`)
	}
	for i := range o.FieldValues {
		res("timecamp_custom_field_value", fmt.Sprintf("v%d", i),
			fmt.Sprintf("template_id = timecamp_custom_field.f%d.id", i%o.CustomFields),
			fmt.Sprintf("resource_id = timecamp_task.t%d.id", (i/o.CustomFields)%o.Tasks),
			fmt.Sprintf("value = %q", fmt.Sprintf("CC-%03d", i)))
	}

	for i := range o.Clients {
		res("timecamp_client", fmt.Sprintf("c%d", i), fmt.Sprintf("organization_name = %q", fmt.Sprintf("Client %02d", i)))
	}
	for i := range o.FavoriteTasks {
		res("timecamp_favorite_task", fmt.Sprintf("fav%d", i), fmt.Sprintf("task_id = timecamp_task.t%d.id", i%o.Tasks))
	}
	return b.String()
}

// baselineHCL declares n terraform_data resources: Terraform's own cost of planning n resources.
func baselineHCL(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "resource \"terraform_data\" \"d%d\" {\n  input = %q\n}\n\n", i, fmt.Sprintf("object %d", i))
	}
	return b.String()
}
