#!/usr/bin/env bash
# make demo: a dry run of examples/organisation and examples/reporting against the bundled
# TimeCamp emulator.
#
# Builds the provider and the emulator, starts the emulator on a free loopback port with a
# throwaway data file and its demo week (-seed-demo: time entries, computer activity, a running
# timer), then for each example applies a copy with a Terraform CLI config whose dev_overrides
# point at bin/ (so no `terraform init` and no registry), plans again and fails unless that plan is
# empty (`plan -detailed-exitcode` exits 0), and prints what it has. Nothing is left behind: the
# emulator is stopped and the temporary directory (CLI config, working copies, states, emulator
# data) removed on every exit, Ctrl-C included; a failure exits non-zero naming its step.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PROVIDER=registry.terraform.io/timecamp-org/timecamp
TOKEN=demo-token
START=$SECONDS
export CHECKPOINT_DISABLE=1 # no version check against checkpoint.hashicorp.com

CURRENT_STEP=
step() { CURRENT_STEP=$*; printf '\n==> %s\n' "$*"; }
die() { printf 'demo: FAILED: %s\n' "$*" >&2; exit 1; }

TERRAFORM=${TERRAFORM:-$(command -v terraform || true)}
[[ -n $TERRAFORM ]] || die "terraform is not on PATH"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/timecamp-demo.XXXXXX")
EMULATOR_PID=

cleanup() {
	local rc=$?
	trap - EXIT INT TERM
	if [[ -n $EMULATOR_PID ]] && kill -0 "$EMULATOR_PID" 2>/dev/null; then
		kill "$EMULATOR_PID" 2>/dev/null || true
		for _ in $(seq 50); do kill -0 "$EMULATOR_PID" 2>/dev/null || break; sleep 0.1; done
		kill -9 "$EMULATOR_PID" 2>/dev/null || true
		wait "$EMULATOR_PID" 2>/dev/null || true
	fi
	rm -rf "$WORK"
	if ((rc != 0)); then
		printf '\ndemo: FAILED (exit status %d) at step: %s\n' "$rc" "${CURRENT_STEP:-setup}" >&2
		printf 'demo: emulator stopped, %s removed\n' "$WORK" >&2
	fi
	exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# Terraform colours its output for people, not for CI logs.
COLOR=()
[[ -t 1 ]] || COLOR=(-no-color)
tf() { "$TERRAFORM" -chdir="$WORK/$EXAMPLE" "$@"; }

step "Building the provider and the emulator into bin/"
make -C "$ROOT" --no-print-directory build emulator

step "Starting the emulator on a free port, with its demo week (-seed-demo)"
# In a process group of its own (set -m), so that Ctrl-C reaches terraform but not the emulator:
# terraform stops gracefully against a live API, then cleanup stops the emulator.
set -m
"$ROOT/bin/timecamp-emulator" -addr 127.0.0.1:0 -token "$TOKEN" -data "$WORK/emulator.json" -seed-demo \
	>"$WORK/emulator.log" 2>&1 &
EMULATOR_PID=$!
set +m
ADDR=
for _ in $(seq 100); do # up to 10 s
	ADDR=$(sed -n 's/.*listening on \(http:\/\/\)\{0,1\}\([^ /]*\).*/\2/p' "$WORK/emulator.log" | head -n1)
	[[ -n $ADDR ]] && break
	kill -0 "$EMULATOR_PID" 2>/dev/null || { cat "$WORK/emulator.log" >&2; die "the emulator exited before it was listening"; }
	sleep 0.1
done
[[ -n $ADDR ]] || { cat "$WORK/emulator.log" >&2; die "the emulator printed no 'listening on' line within 10 s"; }
export TIMECAMP_BASE_URL="http://$ADDR/third_party/api"
export TIMECAMP_API_TOKEN=$TOKEN
echo "emulator (pid $EMULATOR_PID) at $TIMECAMP_BASE_URL"

step "Writing a Terraform CLI config with dev_overrides for $PROVIDER -> $ROOT/bin"
cat >"$WORK/terraformrc" <<CONFIG
provider_installation {
  dev_overrides {
    "$PROVIDER" = "$ROOT/bin"
  }
  direct {}
}
CONFIG
export TF_CLI_CONFIG_FILE="$WORK/terraformrc"
export TF_IN_AUTOMATION=1 TF_INPUT=0
# The caller's extra CLI arguments and variables would change what the demo checks.
unset TF_WORKSPACE TF_DATA_DIR TF_CLI_ARGS ${!TF_CLI_ARGS_*} ${!TF_VAR_*}

# apply_example copies examples/$1, applies it, and fails unless a second plan is empty.
apply_example() {
	EXAMPLE=$1
	mkdir "$WORK/$EXAMPLE"
	cp "$ROOT/examples/$EXAMPLE"/*.tf "$WORK/$EXAMPLE/"

	step "examples/$EXAMPLE: terraform apply (working copy $WORK/$EXAMPLE, no terraform init needed)"
	tf apply -auto-approve -input=false "${COLOR[@]}"

	step "examples/$EXAMPLE: terraform plan -detailed-exitcode (must show no changes)"
	local rc=0
	tf plan -detailed-exitcode -input=false "${COLOR[@]}" || rc=$?
	case $rc in
	0) echo "Re-plan: no changes" ;;
	2) die "the plan after applying examples/$EXAMPLE is not empty: something read back differs from what was applied" ;;
	*) die "terraform plan of examples/$EXAMPLE failed (exit status $rc)" ;;
	esac
}

# state_counts prints how many of each resource and data source type the state holds.
state_counts() {
	tf state list | sed -E 's/^((data\.)?[a-z0-9_]+)\..*/\1/' | sort | uniq -c | awk '{printf "  %3d %s\n", $1, $2}'
}

apply_example organisation

step "examples/organisation: what exists in the emulator's account"
state_counts
echo
for out in applied_by root_group_id hour_budget project_ids tags; do
	printf '%s = ' "$out"
	tf output "${COLOR[@]}" "$out"
done

apply_example reporting

step "examples/reporting: what it read, and the report (terraform output -raw report)"
state_counts
echo
printf 'counts = '
tf output "${COLOR[@]}" counts
echo
tf output -raw report
echo

step "Stopping the emulator"
kill "$EMULATOR_PID"
rc=0
wait "$EMULATOR_PID" || rc=$?
EMULATOR_PID=
((rc == 0)) || die "the emulator exited with status $rc when asked to stop"
echo "emulator stopped"

printf '\nDemo finished in %ds: applied examples/organisation and examples/reporting, both re-plans empty.\n' $((SECONDS - START))
