#!/usr/bin/env bash
# The offline demo: builds the provider and the fake OCP server, runs
# Terraform on examples/demo through a dev override (no registry access), and
# prints each cluster's backup state. Everything lives in a temporary folder
# that is removed on exit; nothing is left running or written to $HOME.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
command -v terraform >/dev/null || { echo "demo: terraform is not on PATH" >&2; exit 1; }

work=$(mktemp -d)
server_pid=""
cleanup() {
  [ -n "$server_pid" ] && kill "$server_pid" 2>/dev/null && wait "$server_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

echo "Building the provider and the fake OCP server..."
(cd "$root" && go build -o "$work/bin/terraform-provider-ocp" . && go build -o "$work/fakeocp" ./internal/ocp/ocptest/fakeocp)

"$work/fakeocp" -url-file "$work/url" >/dev/null &
server_pid=$!
for _ in $(seq 100); do [ -s "$work/url" ] && break; sleep 0.05; done
[ -s "$work/url" ] || { echo "demo: the fake OCP server did not start" >&2; exit 1; }

cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/ocp-terraform/ocp" = "$work/bin"
  }
  direct {}
}
RC
mkdir "$work/config"
cp "$root"/examples/demo/*.tf "$work/config/"

export TF_CLI_CONFIG_FILE="$work/terraformrc" TF_DATA_DIR="$work/tfdata" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
export OCP_URL=$(cat "$work/url") OCP_USERNAME=admin OCP_PASSWORD=s3cret-Passw0rd
unset OCP_ACCESS_KEY_ID OCP_ACCESS_KEY_SECRET

echo "Fake OCP server at $OCP_URL; running terraform apply on examples/demo..."
if ! terraform -chdir="$work/config" apply -auto-approve -input=false -no-color \
  -state="$work/terraform.tfstate" >"$work/apply.log" 2>&1; then
  cat "$work/apply.log" >&2
  exit 1
fi
echo
echo "Terraform applied a backup strategy to the cluster that had none:"
echo "  $(terraform -chdir="$work/config" output -state="$work/terraform.tfstate" -raw applied_strategy 2>/dev/null)"
echo
terraform -chdir="$work/config" output -state="$work/terraform.tfstate" -raw table 2>/dev/null
echo
echo
echo "Terraform's check block says:"
# The warning as Terraform printed it.
awk '/Warning: Check block assertion failed/ {on=1} /^Apply complete/ {exit} on && NF' "$work/apply.log" | sed 's/^/  /'
