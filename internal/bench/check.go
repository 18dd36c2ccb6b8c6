package main

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// allowance is how many requests of one method+path a plan of o may send. Most kinds are read
// whole, once (limit). The others are the API's limits, read once per parent because TimeCamp
// lists them per parent only: group members (role in the group) and group rates per group,
// task-user rates per task, custom field values per resource; task and user rates and user
// settings take rateBatch ids per request.
func (o Organisation) allowance(pattern string, limit int) int {
	batches := func(n int) int { return (n + 99) / 100 }
	switch pattern {
	case "GET /group/{id}/user":
		return o.Groups + 1 // and the root group
	case "GET /group/{id}/rate":
		return min(o.Groups, o.BillingRates)
	case "GET /task/{id}/user/all/rate":
		return min(o.Tasks, o.BillingRates)
	case "GET /v3/custom-fields/values/resource/{id}/type/task":
		return o.FieldValueResources()
	case "GET /task/{ids}/rate", "GET /task/{id}/rate":
		return max(limit, batches(o.Tasks+1))
	case "GET /user/{ids}/rate", "GET /user/{id}/rate", "GET /user/{ids}/setting", "GET /user/{id}/setting":
		return max(limit, batches(o.Users+1)) // and the token's user
	}
	return limit
}

// check fails when a re-plan wanted changes or a plan sent more requests of one kind than its
// allowance: a kind read once per object.
func (r *Result) check(limit int) error {
	var problems []string
	for _, p := range []*Phase{r.Plan, r.PlanNoLatency} {
		if p.Changes {
			problems = append(problems, p.Name+": the re-plan is not empty")
		}
		for _, k := range slices.Sorted(maps.Keys(p.Requests)) {
			if most := r.Organisation.allowance(k, limit); p.Requests[k] > most {
				problems = append(problems, fmt.Sprintf("%s: %d requests of %s (at most %d allowed)", p.Name, p.Requests[k], k, most))
			}
		}
	}
	if len(problems) > 0 {
		return errors.New("check failed:\n  " + strings.Join(problems, "\n  "))
	}
	return nil
}
