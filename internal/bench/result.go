package main

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
)

// latencyTarget is the most a plan at the chosen latency may take, relative to the same plan
// without latency (issue 7).
const latencyTarget = 1.2

// Result is one benchmark run, as written to JSON.
type Result struct {
	Time             string       `json:"time"`
	Label            string       `json:"label,omitempty"`
	Commit           string       `json:"commit,omitempty"`
	Provider         string       `json:"provider"`
	GoVersion        string       `json:"go_version"`
	TerraformVersion string       `json:"terraform_version"`
	CPUs             int          `json:"cpus"`
	Organisation     Organisation `json:"organisation"`
	Resources        int          `json:"resources"`
	LatencyMS        float64      `json:"latency_ms"`
	ReadCache        bool         `json:"read_cache"`
	Repeat           int          `json:"repeat"`

	Apply         *Phase `json:"apply"`
	Plan          *Phase `json:"plan"`
	PlanNoLatency *Phase `json:"plan_no_latency"`
	Baseline      *Phase `json:"terraform_data_plan"`

	// LatencyRatio is Plan / PlanNoLatency (target: at most 1.2); BaselineRatio is Plan /
	// Baseline, the provider's cost over Terraform's own for as many resources.
	LatencyRatio          float64 `json:"latency_ratio"`
	MinLatencyRatio       float64 `json:"fastest_latency_ratio"`
	BaselineRatio         float64 `json:"baseline_ratio"`
	NoLatencyBaselineRate float64 `json:"no_latency_baseline_ratio"`
}

func (r *Result) finish() {
	r.Apply.Name = "apply"
	r.Plan.Name = fmt.Sprintf("plan (latency %gms)", r.LatencyMS)
	r.PlanNoLatency.Name = "plan (no latency)"
	r.Baseline.Name = fmt.Sprintf("plan of %d terraform_data", r.Resources)
	r.LatencyRatio = r.Plan.WallSeconds / r.PlanNoLatency.WallSeconds
	r.MinLatencyRatio = r.Plan.MinWallSeconds / r.PlanNoLatency.MinWallSeconds
	r.BaselineRatio = r.Plan.WallSeconds / r.Baseline.WallSeconds
	r.NoLatencyBaselineRate = r.PlanNoLatency.WallSeconds / r.Baseline.WallSeconds
}

// table renders the result for people.
func (r *Result) table() string {
	var b strings.Builder
	cache := "on"
	if !r.ReadCache {
		cache = "off (" + noCacheEnv + "=off)"
	}
	fmt.Fprintf(&b, "\n%d resources (%s)\nlatency %gms, provider read cache %s, %d CPUs, %s, commit %s\n\n",
		r.Resources, r.Organisation, r.LatencyMS, cache, r.CPUs, r.TerraformVersion, r.Commit)

	w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(w, "\twall (median)\tfastest\trequests\tprovider peak RSS\t")
	for _, p := range []*Phase{r.Apply, r.Plan, r.PlanNoLatency, r.Baseline} {
		reqs, mem := "-", "-"
		if p.Requests != nil {
			reqs = fmt.Sprint(p.TotalRequests)
		}
		if p.ProviderPeakRSSKiB > 0 {
			mem = fmt.Sprintf("%.1f MiB", float64(p.ProviderPeakRSSKiB)/1024)
		}
		changes := ""
		if p.Changes {
			changes = "  (plan NOT empty)"
		}
		fastest := "-"
		if p.MinWallSeconds > 0 {
			fastest = fmt.Sprintf("%.2fs", p.MinWallSeconds)
		}
		fmt.Fprintf(w, "%s\t%.2fs\t%s\t%s\t%s\t%s\n", p.Name, p.WallSeconds, fastest, reqs, mem, changes)
	}
	w.Flush()
	verdict := "ok"
	if r.LatencyRatio > latencyTarget {
		verdict = "ABOVE TARGET"
	}
	fmt.Fprintf(&b, "\nlatency ratio (plan at %gms / without latency, medians): %.2f  (target <= %.1f: %s); fastest runs: %.2f\n",
		r.LatencyMS, r.LatencyRatio, latencyTarget, verdict, r.MinLatencyRatio)
	fmt.Fprintf(&b, "provider plan / terraform_data plan: %.2f at %gms, %.2f without latency\n",
		r.BaselineRatio, r.LatencyMS, r.NoLatencyBaselineRate)
	if r.LatencyMS > 0 && r.Plan.NetworkSeconds > 0 {
		fmt.Fprintf(&b, "network time of the plan at %gms: %.2fs, %.1f round trips one after another "+
			"(load-independent: the plan at latency costs about this much more than without)\n",
			r.LatencyMS, r.Plan.NetworkSeconds, r.Plan.NetworkSeconds*1000/r.LatencyMS)
	}

	fmt.Fprintf(&b, "\nrequests per plan, by method and path\n")
	w = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, k := range byCount(r.Plan.Requests) {
		fmt.Fprintf(w, "  %s\t%d\n", k, r.Plan.Requests[k])
	}
	w.Flush()
	fmt.Fprintf(&b, "\nrequests of the apply, by method and path\n")
	w = tabwriter.NewWriter(&b, 0, 0, 2, ' ', 0)
	for _, k := range byCount(r.Apply.Requests) {
		fmt.Fprintf(w, "  %s\t%d\n", k, r.Apply.Requests[k])
	}
	w.Flush()
	return b.String()
}

// byCount orders the patterns by count, then by name.
func byCount(m map[string]int) []string {
	keys := slices.Sorted(maps.Keys(m))
	slices.SortStableFunc(keys, func(a, b string) int { return m[b] - m[a] })
	return keys
}
