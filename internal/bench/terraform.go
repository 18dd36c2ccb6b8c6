package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/timecamp-org/terraform-provider-timecamp/internal/timecamp/timecamptest"
)

// terraform runs the terraform binary with the benchmark's CLI configuration.
type terraform struct {
	bin      string
	provider string // the provider binary, to find its process
	env      []string
	api      []string // TIMECAMP_* of the emulator in use
}

func (t *terraform) server(s *timecamptest.Server) {
	t.api = []string{"TIMECAMP_API_TOKEN=" + s.Token, "TIMECAMP_BASE_URL=" + s.URL}
}

// Phase is one measured terraform command (or the median of several).
type Phase struct {
	Name string `json:"name"`
	// WallSeconds is the wall time of the command (the median when it ran several times).
	WallSeconds    float64   `json:"wall_seconds"`
	MinWallSeconds float64   `json:"min_wall_seconds,omitempty"`
	Walls          []float64 `json:"walls_seconds,omitempty"`
	// Requests counts the requests the emulator received, by method and path pattern (ids
	// replaced by {id}, lists of ids by {ids}).
	Requests      map[string]int `json:"requests,omitempty"`
	TotalRequests int            `json:"total_requests"`
	// ProviderPeakRSSKiB is the largest VmHWM (peak resident memory) seen of a provider process
	// terraform started; 0 when none ran (terraform_data).
	ProviderPeakRSSKiB int64 `json:"provider_peak_rss_kib,omitempty"`
	// NetworkSeconds is how long at least one request was in the emulator (timecamptest.BusyTime):
	// the least the requests cost in wall time. Divided by the latency it counts the round trips
	// made one after another, a figure the load of a shared machine barely moves.
	NetworkSeconds    float64 `json:"network_seconds,omitempty"`
	ProviderProcesses int     `json:"provider_processes,omitempty"`
	// Changes is true when a plan wanted to change something (the organisation was applied
	// just before, so it should not).
	Changes bool `json:"changes,omitempty"`
}

// run runs one command in dir and measures it. srv, when not nil, is the emulator whose request
// log is counted (emptied first).
func (t *terraform) run(ctx context.Context, dir string, srv *timecamptest.Server, args ...string) (*Phase, error) {
	if srv != nil {
		srv.ResetRequests()
	}
	cmd := exec.CommandContext(ctx, t.bin, args...)
	cmd.Dir = dir
	cmd.Env = append(append(os.Environ(), t.env...), t.api...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	mem := watchProvider(cmd.Process.Pid, t.provider)
	err := cmd.Wait()
	wall := time.Since(start)
	peak, procs := mem.stop()
	p := &Phase{Name: args[0], WallSeconds: wall.Seconds(), Walls: []float64{wall.Seconds()},
		ProviderPeakRSSKiB: peak, ProviderProcesses: procs}
	if srv != nil {
		p.Requests = srv.RequestPatterns()
		p.NetworkSeconds = timecamptest.BusyTime(srv.Requests()).Seconds()
		for _, n := range p.Requests {
			p.TotalRequests += n
		}
	}
	var exit *exec.ExitError
	if errors.As(err, &exit) && exit.ExitCode() == 2 && slices.Contains(args, "-detailed-exitcode") {
		p.Changes = true
		return p, nil
	}
	if err != nil {
		return p, fmt.Errorf("terraform %s: %w\n%s", strings.Join(args, " "), err, tail(out.String(), 60))
	}
	return p, nil
}

// variant is one plan to measure: a configuration directory and the emulator it talks to (nil
// for terraform_data).
type variant struct {
	dir string
	srv *timecamptest.Server
}

// plans runs `terraform plan` of every variant in turn, n rounds, so that a change in the load of
// a shared machine weighs on every variant alike. Each phase keeps the median wall time (and
// every wall time); request counts are those of the last run (they do not vary), memory the peak.
func (t *terraform) plans(ctx context.Context, n int, vs ...variant) ([]*Phase, error) {
	out := make([]*Phase, len(vs))
	for range n {
		for i, v := range vs {
			if v.srv != nil {
				t.server(v.srv)
			}
			p, err := t.run(ctx, v.dir, v.srv, "plan", "-input=false", "-no-color", "-lock=false", "-detailed-exitcode")
			if err != nil {
				return nil, err
			}
			if prev := out[i]; prev != nil {
				p.Walls = append(slices.Clone(prev.Walls), p.WallSeconds)
				p.ProviderPeakRSSKiB = max(p.ProviderPeakRSSKiB, prev.ProviderPeakRSSKiB)
				p.Changes = p.Changes || prev.Changes
				p.NetworkSeconds = min(p.NetworkSeconds, prev.NetworkSeconds)
			}
			out[i] = p
		}
	}
	for _, p := range out {
		sorted := slices.Clone(p.Walls)
		slices.Sort(sorted)
		p.WallSeconds = sorted[len(sorted)/2]
		p.MinWallSeconds = sorted[0]
	}
	return out, nil
}

func tail(s string, lines int) string {
	all := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(all) > lines {
		all = all[len(all)-lines:]
	}
	return strings.Join(all, "\n")
}

// memWatch polls the provider processes below one terraform process for their peak resident
// memory. terraform starts the provider as its child (once to validate, once to plan or apply),
// and the kernel keeps each process's peak in VmHWM, so polling often enough to see each process
// before it exits gives its peak; the last value read before exit is at most one poll late.
type memWatch struct {
	done chan struct{}
	wg   sync.WaitGroup
	mu   sync.Mutex
	peak map[int]int64 // pid -> VmHWM in KiB
}

const memPoll = 10 * time.Millisecond

func watchProvider(parent int, binary string) *memWatch {
	w := &memWatch{done: make(chan struct{}), peak: map[int]int64{}}
	want, _ := filepath.EvalSymlinks(binary)
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		tick := time.NewTicker(memPoll)
		defer tick.Stop()
		for {
			for _, pid := range descendants(parent) {
				if exe, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid)); err != nil || exe != want {
					continue
				}
				if hwm, ok := vmHWM(pid); ok {
					w.mu.Lock()
					w.peak[pid] = max(w.peak[pid], hwm)
					w.mu.Unlock()
				}
			}
			select {
			case <-w.done:
				return
			case <-tick.C:
			}
		}
	}()
	return w
}

// stop ends the polling and returns the largest peak and how many provider processes were seen.
func (w *memWatch) stop() (int64, int) {
	close(w.done)
	w.wg.Wait()
	var peak int64
	for _, v := range w.peak {
		peak = max(peak, v)
	}
	return peak, len(w.peak)
}

// descendants lists the processes below pid, from /proc/<pid>/task/<tid>/children.
func descendants(pid int) []int {
	var out []int
	queue := []int{pid}
	for len(queue) > 0 {
		p := queue[0]
		queue = queue[1:]
		tasks, _ := filepath.Glob(fmt.Sprintf("/proc/%d/task/*/children", p))
		for _, f := range tasks {
			data, err := os.ReadFile(f)
			if err != nil {
				continue
			}
			for _, field := range strings.Fields(string(data)) {
				if c, err := strconv.Atoi(field); err == nil {
					out = append(out, c)
					queue = append(queue, c)
				}
			}
		}
	}
	return out
}

// vmHWM reads the peak resident set size of a process, in KiB.
func vmHWM(pid int) (int64, bool) {
	f, err := os.Open(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, false
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			n, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}
