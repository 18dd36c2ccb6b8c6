#!/usr/bin/env bash
# make demo: a dry run of examples/organisation against the bundled TimeCamp emulator.
#
# Builds the provider and the emulator, starts the emulator on a free loopback port with a
# throwaway data file, applies a copy of examples/organisation with a Terraform CLI config whose
# dev_overrides point at bin/ (so no `terraform init` and no registry), then plans again and fails
# unless that plan is empty. Nothing is left behind: the emulator is stopped and the temporary
# directory (CLI config, working copy, state, emulator data) removed on every exit, Ctrl-C included.
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
tf() { "$TERRAFORM" -chdir="$WORK/organisation" "$@"; }

step "Building the provider and the emulator into bin/"
make -C "$ROOT" --no-print-directory build emulator

step "Starting the emulator on a free port"
"$ROOT/bin/timecamp-emulator" -addr 127.0.0.1:0 -token "$TOKEN" -data "$WORK/emulator.json" \
	>"$WORK/emulator.log" 2>&1 &
EMULATOR_PID=$!
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
unset TF_WORKSPACE TF_DATA_DIR

mkdir "$WORK/organisation"
cp "$ROOT"/examples/organisation/*.tf "$WORK/organisation/"
echo "working copy of examples/organisation: $WORK/organisation (no terraform init needed)"

step "terraform apply"
tf apply -auto-approve -input=false "${COLOR[@]}"

step "terraform plan -detailed-exitcode (must show no changes)"
set +e
tf plan -detailed-exitcode -input=false "${COLOR[@]}"
rc=$?
set -e
case $rc in
0) echo "Re-plan: no changes" ;;
2) die "the plan after apply is not empty: the provider reads back something other than what it wrote" ;;
*) die "terraform plan failed (exit status $rc)" ;;
esac

step "What exists in the emulator's account"
tf state list | sed -E 's/^((data\.)?[a-z0-9_]+)\..*/\1/' | sort | uniq -c | awk '{printf "  %3d %s\n", $1, $2}'
echo
for out in applied_by root_group_id hour_budget project_ids tags; do
	printf '%s = ' "$out"
	tf output "${COLOR[@]}" "$out"
done

printf '\nDemo finished in %ds: applied examples/organisation, re-plan empty.\n' $((SECONDS - START))
