// Command bench measures what a Terraform plan of a whole TimeCamp organisation costs: requests
// sent to the API, wall time at a fixed latency per request and without it, Terraform's own cost
// for as many built-in terraform_data resources, and the provider process's peak memory.
//
// It generates an organisation of a given size, starts the emulator (timecamptest) on loopback,
// builds the provider, points the real terraform binary at it with a dev_overrides CLI
// configuration (no terraform init), applies the organisation, then plans it again several times.
// It prints a table and writes the numbers as JSON so runs can be compared. `make bench` runs it;
// see README.md ("Benchmark").
//
//	go run ./internal/bench -size 1000 -latency 50ms
//	go run ./internal/bench -size 100 -no-cache          # the same with the provider's read cache off
//	go run ./internal/bench -provider /path/to/terraform-provider-timecamp   # another build
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

// noCacheEnv is the provider's hidden switch that turns its read cache off (provider.go); -no-cache
// sets it so the same build can be measured both ways.
const noCacheEnv = "TIMECAMP_READ_CACHE"

type options struct {
	size      int
	latency   time.Duration
	repeat    int
	out       string
	provider  string
	terraform string
	noCache   bool
	label     string
	keep      bool
	check     bool
	maxPerPat int
}

func main() {
	var o options
	flag.IntVar(&o.size, "size", 0, "number of resources in the organisation (0: the default organisation, 733 resources)")
	flag.DurationVar(&o.latency, "latency", 50*time.Millisecond, "latency the emulator adds to every request")
	flag.IntVar(&o.repeat, "repeat", 3, "plans timed per variant (taken in turns); the table shows the median and the fastest")
	flag.StringVar(&o.out, "out", "", "JSON result file (default bench/results/<time>-size<n>.json in the module)")
	flag.StringVar(&o.provider, "provider", "", "use this provider binary instead of building the module")
	flag.StringVar(&o.terraform, "terraform", "", "terraform binary (default: terraform on PATH)")
	flag.BoolVar(&o.noCache, "no-cache", false, "run the provider with its read cache off ("+noCacheEnv+"=off), to compare")
	flag.StringVar(&o.label, "label", "", "free text stored in the JSON (e.g. before, after)")
	flag.BoolVar(&o.keep, "keep", false, "keep the working directory (configurations, state, emulator data)")
	flag.BoolVar(&o.check, "check", false, "exit 1 if a re-plan is not empty or a plan sends requests per object (see allowance in check.go)")
	flag.IntVar(&o.maxPerPat, "max-per-kind", 2, "with -check: the most requests per plan of a method+path that is not read per parent")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, o)
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, o options) error {
	if o.repeat < 1 {
		o.repeat = 1
	}
	org, err := scaledOrganisation(o.size)
	if err != nil {
		return err
	}
	root, err := moduleRoot()
	if err != nil {
		return err
	}
	if o.terraform == "" {
		if o.terraform, err = exec.LookPath("terraform"); err != nil {
			return errors.New("terraform is not on PATH (or pass -terraform)")
		}
	}
	work, err := os.MkdirTemp("", "timecamp-bench-")
	if err != nil {
		return err
	}
	if o.keep {
		fmt.Fprintln(os.Stderr, "working directory:", work)
	} else {
		defer os.RemoveAll(work)
	}

	res := Result{
		Time: time.Now().UTC().Format(time.RFC3339), Label: o.label, Commit: gitCommit(root),
		GoVersion: runtime.Version(), CPUs: runtime.NumCPU(), Organisation: org,
		LatencyMS: float64(o.latency) / float64(time.Millisecond), ReadCache: !o.noCache, Repeat: o.repeat,
	}
	res.TerraformVersion = terraformVersion(ctx, o.terraform)

	// The provider: built from this module (stamped "bench"), or the binary given.
	binDir := filepath.Join(work, "plugin")
	if err := os.MkdirAll(binDir, 0o755); err != nil {
		return err
	}
	binary := filepath.Join(binDir, "terraform-provider-timecamp")
	if o.provider != "" {
		src, err := os.ReadFile(o.provider)
		if err != nil {
			return err
		}
		if err := os.WriteFile(binary, src, 0o755); err != nil {
			return err
		}
		res.Provider = o.provider
	} else {
		logf("building the provider")
		build := exec.CommandContext(ctx, "go", "build", "-ldflags", "-X main.version=bench", "-o", binary, ".")
		build.Dir, build.Stdout, build.Stderr = root, os.Stderr, os.Stderr
		if err := build.Run(); err != nil {
			return fmt.Errorf("building the provider: %w", err)
		}
		res.Provider = "built from " + root
	}
	cliConfig := filepath.Join(work, "terraformrc")
	if err := os.WriteFile(cliConfig, []byte(fmt.Sprintf(`provider_installation {
  dev_overrides {
    "registry.terraform.io/timecamp-org/timecamp" = %q
  }
  direct {}
}
`, binDir)), 0o644); err != nil {
		return err
	}

	orgDir, baseDir := filepath.Join(work, "org"), filepath.Join(work, "baseline")
	orgHCL := org.hcl()
	n := strings.Count(orgHCL, "\nresource ")
	res.Resources = n
	for dir, text := range map[string]string{orgDir: orgHCL, baseDir: baselineHCL(n)} {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(text), 0o644); err != nil {
			return err
		}
	}
	tf := &terraform{bin: o.terraform, provider: binary, env: []string{
		"TF_CLI_CONFIG_FILE=" + cliConfig, "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0",
	}}
	if o.noCache {
		tf.env = append(tf.env, noCacheEnv+"=off")
	}
	logf("%d resources: %s", n, org)

	// 1. Apply at the chosen latency. The account is kept in a data file so that the plans without
	// latency run against a second emulator holding exactly the same account.
	dataFile := filepath.Join(work, "account.json")
	srv, err := timecamptest.Start(timecamptest.Options{Latency: o.latency, DataFile: dataFile})
	if err != nil {
		return err
	}
	tf.server(srv)
	logf("apply (latency %s)", o.latency)
	apply, err := tf.run(ctx, orgDir, srv, "apply", "-auto-approve", "-input=false", "-no-color")
	if err != nil {
		srv.Close()
		return fmt.Errorf("apply: %w", err)
	}
	res.Apply = apply

	defer srv.Close()

	// 2. Plans at that latency, without latency (a second emulator loads the same account), and
	// of as many terraform_data, taken in turns.
	fast, err := timecamptest.Start(timecamptest.Options{DataFile: dataFile})
	if err != nil {
		return err
	}
	defer fast.Close()
	logf("terraform_data: apply")
	if _, err := tf.run(ctx, baseDir, nil, "apply", "-auto-approve", "-input=false", "-no-color"); err != nil {
		return fmt.Errorf("terraform_data apply: %w", err)
	}
	logf("plans x%d, in turns: latency %s, no latency, terraform_data", o.repeat, o.latency)
	phases, err := tf.plans(ctx, o.repeat, variant{orgDir, srv}, variant{orgDir, fast}, variant{baseDir, nil})
	if err != nil {
		return err
	}
	res.Plan, res.PlanNoLatency, res.Baseline = phases[0], phases[1], phases[2]
	res.finish()

	fmt.Print(res.table())
	out := o.out
	if out == "" {
		out = filepath.Join(root, "bench", "results",
			fmt.Sprintf("%s-size%d.json", time.Now().UTC().Format("20060102T150405Z"), n))
	}
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	data, _ := json.MarshalIndent(res, "", "  ")
	if err := os.WriteFile(out, append(data, '\n'), 0o644); err != nil {
		return err
	}
	fmt.Println("\nwritten to", out)

	if o.check {
		return res.check(o.maxPerPat)
	}
	return nil
}

func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, "%s  %s\n", time.Now().Format("15:04:05"), fmt.Sprintf(format, args...))
}

// moduleRoot is the directory of the provider's go.mod.
func moduleRoot() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", errors.New("run the benchmark inside the provider's module")
	}
	return filepath.Dir(mod), nil
}

func gitCommit(dir string) string {
	out, err := exec.Command("git", "-C", dir, "describe", "--always", "--dirty").Output()
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(out))
}

func terraformVersion(ctx context.Context, bin string) string {
	out, err := exec.CommandContext(ctx, bin, "version").Output()
	if err != nil {
		return ""
	}
	line, _, _ := strings.Cut(string(out), "\n")
	return strings.TrimSpace(line)
}
