#!/usr/bin/env bash
# make examples-check: every example under examples/ is `terraform fmt`-clean and passes
# `terraform validate` against the provider built from this checkout.
#
# Offline, without `terraform init`: a dev_overrides CLI config points Terraform at the provider in
# a temporary directory, and validate then needs neither a lock file nor a registry. Each example
# directory is validated in a temporary copy. The snippets the docs show (examples/resources/<type>,
# examples/data-sources/<type>, examples/provider) have no `terraform` block, as a registry page
# expects; their copy gets one that requires timecamp-org/timecamp, which is what a user's
# configuration has. Whole configurations (examples/organisation, ...) declare it themselves.
#
#   TERRAFORM   the terraform binary (default: terraform on PATH)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
TERRAFORM=${TERRAFORM:-terraform}
export CHECKPOINT_DISABLE=1

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

echo "terraform fmt -check of examples/"
"$TERRAFORM" fmt -check -recursive -diff examples

go build -o "$work/plugins/terraform-provider-timecamp" .
cat >"$work/terraformrc" <<EOF
provider_installation {
  dev_overrides {
    "registry.terraform.io/timecamp-org/timecamp" = "$work/plugins"
  }
  direct {}
}
EOF
export TF_CLI_CONFIG_FILE="$work/terraformrc"
# Examples may read these; validate never calls the API, so any value does.
unset TF_CLI_ARGS TF_CLI_ARGS_validate TF_DATA_DIR TF_WORKSPACE

failed=0
count=0
while IFS= read -r dir; do
	count=$((count + 1))
	copy="$work/examples/$dir"
	mkdir -p "$copy"
	cp "$dir"/*.tf "$copy"/
	if ! grep -qs 'required_providers' "$dir"/*.tf; then
		cat >"$copy/zz_required_providers.tf" <<'EOF'
terraform {
  required_providers {
    timecamp = {
      source = "timecamp-org/timecamp"
    }
  }
}
EOF
	fi
	if out=$("$TERRAFORM" -chdir="$copy" validate -no-color 2>&1); then
		printf 'ok    %s\n' "$dir"
	else
		failed=$((failed + 1))
		printf 'FAIL  %s\n%s\n' "$dir" "$(grep -v -e 'development overrides' -e '^ - timecamp-org' <<<"$out" | sed 's/^/      /')"
	fi
done < <(find examples -name '*.tf' -not -path '*/.terraform/*' -printf '%h\n' | sort -u)

if [ "$count" -eq 0 ]; then
	echo "no examples found" >&2
	exit 1
fi
if [ "$failed" -ne 0 ]; then
	echo "$failed of $count example directories are not valid" >&2
	exit 1
fi
echo "all $count example directories are valid"
