#!/usr/bin/env bash
# Times `terraform plan` over a fleet of clusters on the fake OCP server:
# N singular data sources, the plural data source over the same N clusters,
# and (when HTTP_PROVIDER_DIR names a folder holding a hashicorp/http
# provider binary) the same reads through data "http" + jsondecode().
#
#   LATENCIES="0 20ms" SIZES="1 100 1000" scripts/bench.sh [output-file]
#   SIZES= scripts/bench.sh                      # the memory rows alone
#
# MEMORY_SIZES (default "100 1000 3000", empty to skip) adds rows of the
# singular route without latency, for the provider's peak memory.
#
# Then, under OCP's per-user rate limit (RATE_LIMITS="N:limit/window ...",
# default "300:50/5s 1000:100/10s"; empty skips), the plural route over N
# clusters with the server throttling to limit per window: wall time
# against the time the limit allows (N / rate), and the 429 answers.
#
# Routes (ROUTES="singular foreach plural windows http"): singular is N
# instances with count; foreach is the same with for_each, on which Terraform
# 1.11 itself spends tens of CPU seconds at N = 1000 (see BENCHMARKS.md);
# plural is one ocp_cluster_backup_overviews over the same ids; windows is one
# ocp_recovery_windows over them; http is data "http".
#
# Prints and writes a table: wall time, provider CPU (user+sys of every
# provider process of the plan), Terraform's own CPU, requests served, peak concurrent requests,
# connections opened, and the provider's peak memory (largest RSS of one
# provider process). Everything runs on loopback and is removed on exit.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
out=${1:-$root/bench/results/plan-$(date -u +%Y%m%dT%H%M%SZ).md}
latencies=${LATENCIES:-"0 20ms"}
sizes=${SIZES-"1 100 1000"}
memory_sizes=${MEMORY_SIZES-"100 1000 3000"}
command -v terraform >/dev/null || { echo "bench: terraform is not on PATH" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench: needs GNU time at /usr/bin/time (apt-get install time)" >&2; exit 1; }

work=$(mktemp -d)
server_pid=""
stop_server() {
  if [ -n "$server_pid" ]; then
    kill "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
    server_pid=""
  fi
}
trap 'stop_server; rm -rf "$work"' EXIT INT TERM

(cd "$root" && go build -o "$work/real/terraform-provider-ocp" . && go build -o "$work/fakeocp" ./internal/ocp/ocptest/fakeocp)

# Terraform runs the wrapper; GNU time records each provider process's CPU
# and peak memory, one line per process.
mkdir -p "$work/ocp" "$work/http"
cat >"$work/ocp/terraform-provider-ocp" <<WRAP
#!/bin/sh
exec /usr/bin/time -a -o "$work/provider-usage" -f "%U %S %M" "$work/real/terraform-provider-ocp" "\$@"
WRAP
chmod +x "$work/ocp/terraform-provider-ocp"

http_note=""
if [ -n "${HTTP_PROVIDER_DIR:-}" ]; then
  http_bin=$(ls "$HTTP_PROVIDER_DIR"/terraform-provider-http* 2>/dev/null | sed -n 1p)
  [ -x "$http_bin" ] || { echo "bench: no terraform-provider-http binary in $HTTP_PROVIDER_DIR" >&2; exit 1; }
  cat >"$work/http/terraform-provider-http" <<WRAP
#!/bin/sh
exec /usr/bin/time -a -o "$work/provider-usage" -f "%U %S %M" "$http_bin" "\$@"
WRAP
  chmod +x "$work/http/terraform-provider-http"
else
  http_note="data \"http\" route skipped: set HTTP_PROVIDER_DIR to a folder holding a hashicorp/http provider binary."
fi

cat >"$work/terraformrc" <<RC
provider_installation {
  dev_overrides {
    "registry.terraform.io/ocp-terraform/ocp" = "$work/ocp"
    "registry.terraform.io/hashicorp/http"    = "$work/http"
  }
  direct {}
}
RC
export TF_CLI_CONFIG_FILE="$work/terraformrc" CHECKPOINT_DISABLE=1 TF_IN_AUTOMATION=1
unset TF_LOG TF_LOG_PATH OCP_ACCESS_KEY_ID OCP_ACCESS_KEY_SECRET
export OCP_USERNAME=admin OCP_PASSWORD=s3cret-Passw0rd
max_n=0
for n in $sizes $memory_sizes; do [ "$n" -gt "$max_n" ] && max_n=$n; done

write_config() { # route n dir
  local route=$1 n=$2 dir=$3
  mkdir -p "$dir"
  local http_requirement=""
  [ "$route" = http ] && http_requirement='http = { source = "hashicorp/http" }'
  cat >"$dir/main.tf" <<TF
terraform {
  required_providers {
    ocp = { source = "ocp-terraform/ocp" }
    $http_requirement
  }
}
provider "ocp" {}
variable "url" {
  type = string
}
locals {
  # range() stops at 1024 values: N ids in slices of 1000.
  ids = flatten([for j in range(ceil($n / 1000)) : [for i in range(j * 1000, min($n, (j + 1) * 1000)) : 10001 + i]])
}
TF
  case $route in
    singular) cat >>"$dir/main.tf" <<'TF'
data "ocp_cluster_backup_overview" "c" {
  count      = length(local.ids)
  cluster_id = local.ids[count.index]
}
output "without_strategy" {
  value = length([for o in data.ocp_cluster_backup_overview.c : o if o.ob_cluster_backup_status != "HAS_BACKUP_STRATEGY"])
}
TF
    ;;
    foreach) cat >>"$dir/main.tf" <<'TF'
data "ocp_cluster_backup_overview" "c" {
  for_each   = toset([for id in local.ids : tostring(id)])
  cluster_id = each.value
}
output "without_strategy" {
  value = length([for o in data.ocp_cluster_backup_overview.c : o if o.ob_cluster_backup_status != "HAS_BACKUP_STRATEGY"])
}
TF
    ;;
    plural) cat >>"$dir/main.tf" <<'TF'
data "ocp_cluster_backup_overviews" "all" {
  cluster_ids = local.ids
}
output "without_strategy" {
  value = length([for o in data.ocp_cluster_backup_overviews.all.overviews : o if o.ob_cluster_backup_status != "HAS_BACKUP_STRATEGY"])
}
TF
    ;;
    windows) cat >>"$dir/main.tf" <<'TF'
data "ocp_recovery_windows" "all" {
  cluster_ids = local.ids
}
output "without_window" {
  value = length([for w in data.ocp_recovery_windows.all.windows : w if w.recoverable_end_time == null])
}
TF
    ;;
    http) cat >>"$dir/main.tf" <<'TF'

data "http" "c" {
  count           = length(local.ids)
  url             = "${var.url}/api/v2/ob/clusters/${local.ids[count.index]}/backup/overview"
  request_headers = { Authorization = "Basic ${base64encode("admin:s3cret-Passw0rd")}" }
}
output "without_strategy" {
  value = length([for r in data.http.c : r if jsondecode(r.response_body).data.obClusterBackupStatus != "HAS_BACKUP_STRATEGY"])
}
TF
    ;;
  esac
}

row() { printf '| %-8s | %-9s | %5s | %8s | %8s | %8s | %7s | %9s | %9s | %8s | %9s | %11s | %12s |\n' "$@"; }
{
  echo "# terraform plan timings"
  echo
  echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(terraform version 2>/dev/null | sed -n 1p), $(go version | cut -d' ' -f3), max_concurrent_requests=8 (default)."
  [ -n "$http_note" ] && echo && echo "$http_note"
  if [ -n "$sizes" ]; then
    echo
    row latency route N wall_s before_s read_s after_s prov_cpu_s tf_cpu_s requests peak_conc connections prov_rss_MiB
    row -------- --------- ----- -------- -------- -------- ------- --------- --------- -------- --------- ----------- ------------
  fi
} | tee "$out.tmp"

run_row() { # latency route n
  local latency=$1 route=$2 n=$3
  local dir="$work/run-$route-$n-$latency"
  write_config "$route" "$n" "$dir"
  rm -f "$work/url" "$work/stats" "$work/provider-usage"
  "$work/fakeocp" -fleet "$max_n" -latency "${latency/#0/0s}" -url-file "$work/url" -stats-file "$work/stats" >/dev/null &
  server_pid=$!
  for _ in $(seq 200); do [ -s "$work/url" ] && break; sleep 0.05; done
  export OCP_URL=$(cat "$work/url")
  local start end wall cpu tf_cpu rss requests peak conns
  start=$(date +%s%N)
  if ! /usr/bin/time -o "$work/terraform-usage" -f "%U %S" \
    terraform -chdir="$dir" plan -no-color -input=false -lock=false -var "url=$OCP_URL" >"$dir/plan.log" 2>&1; then
    cat "$dir/plan.log" >&2
    exit 1
  fi
  end=$(date +%s%N)
  stop_server
  wall=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", (e - s) / 1e9 }')
  cpu=$(awk '{ c += $1 + $2 } END { printf "%.2f", c }' "$work/provider-usage")
  # GNU time counts the waited-for provider processes in Terraform's CPU.
  tf_cpu=$(awk -v p="$cpu" '{ printf "%.2f", $1 + $2 - p }' "$work/terraform-usage")
  rss=$(awk '{ if ($3 > m) m = $3 } END { printf "%.1f", m / 1024 }' "$work/provider-usage")
  local refused span first last before read after
  read -r requests peak conns refused span first last < <(sed -E 's/[a-z_]+=//g' "$work/stats")
  # Before the first request and after the last answer, the time is
  # Terraform's and the provider's own; read_s is the requests' span.
  read -r before read after < <(awk -v s="$start" -v e="$end" -v f="$first" -v l="$last" \
    'BEGIN { printf "%.2f %.2f %.2f\n", (f - s) / 1e9, (l - f) / 1e9, (e - l) / 1e9 }')
  row "$latency" "$route" "$n" "$wall" "$before" "$read" "$after" "$cpu" "$tf_cpu" "$requests" "$peak" "$conns" "$rss" | tee -a "$out.tmp"
}

for latency in $latencies; do
  for n in $sizes; do
    for route in ${ROUTES:-singular foreach plural windows http}; do
      [ "$route" = http ] && [ -n "$http_note" ] && continue
      run_row "$latency" "$route" "$n"
    done
  done
done

# Memory rows: the provider's peak RSS must stay flat however many data
# sources a plan holds (within 1.3x from 100 to 3000 instances).
if [ -n "$memory_sizes" ]; then
  { echo; echo "Memory: singular route, no latency."; echo
    row latency route N wall_s before_s read_s after_s prov_cpu_s tf_cpu_s requests peak_conc connections prov_rss_MiB
    row -------- --------- ----- -------- -------- -------- ------- --------- --------- -------- --------- ----------- ------------
  } | tee -a "$out.tmp"
  for n in $memory_sizes; do
    run_row 0 singular "$n"
  done
fi
rate_limits=${RATE_LIMITS-"300:50/5s 1000:100/10s"}
if [ -n "$rate_limits" ]; then
  rrow() { printf '| %5s | %-9s | %8s | %8s | %6s | %8s | %7s | %6s |\n' "$@"; }
  {
    echo
    echo "## Under OCP's rate limit (plural route, cluster_ids, no added latency)"
    echo
    rrow N limit wall_s floor_s ratio requests refused 429_pct
    rrow ----- --------- -------- -------- ------ -------- ------- ------
  } | tee -a "$out.tmp"
  for spec in $rate_limits; do
    n=${spec%%:*} limit=${spec#*:}
    per=${limit%%/*} window=${limit#*/}
    dir="$work/run-ratelimit-$n"
    write_config plural "$n" "$dir"
    rm -f "$work/url" "$work/stats" "$work/provider-usage"
    "$work/fakeocp" -fleet "$n" -rate-limit "$limit" -url-file "$work/url" -stats-file "$work/stats" >/dev/null &
    server_pid=$!
    for _ in $(seq 200); do [ -s "$work/url" ] && break; sleep 0.05; done
    export OCP_URL=$(cat "$work/url")
    start=$(date +%s%N)
    if ! terraform -chdir="$dir" plan -no-color -input=false -lock=false -var "url=$OCP_URL" >"$dir/plan.log" 2>&1; then
      cat "$dir/plan.log" >&2
      exit 1
    fi
    end=$(date +%s%N)
    stop_server
    read -r requests _ _ refused _ < <(sed -E 's/[a-z_]+=//g' "$work/stats")
    # The limit allows per requests each window: N requests need N / rate.
    secs=$(awk -v w="$window" 'BEGIN { if (w ~ /ms$/) print w / 1000; else if (w ~ /m$/) print w * 60; else print w + 0 }')
    row_values=$(awk -v s="$start" -v e="$end" -v n="$n" -v p="$per" -v w="$secs" -v r="$requests" -v f="$refused" \
      'BEGIN { wall = (e - s) / 1e9; floor = n / (p / w); printf "%.2f %.1f %.2f %.1f", wall, floor, wall / floor, 100 * f / r }')
    read -r wall floor ratio pct <<<"$row_values"
    rrow "$n" "$limit" "$wall" "$floor" "$ratio" "$requests" "$refused" "$pct" | tee -a "$out.tmp"
  done
fi
# A paged read: one ocp_data_backup_tasks of a cluster whose task history
# the fake serves TASK_PAGES pages of 20 tasks, each request TASK_LATENCY
# late. read_ms is the fake server's span, from the first request's arrival
# to the last answer's end: the pager's time, apart from Terraform's own
# start-up. The bound is 1.5 x (1 + ceil((pages - 1) / 8)) x latency:
# page 1, then the rest 8 at a time (max_concurrent_requests).
if [ "${TASKS:-1}" != 0 ]; then
  pages=${TASK_PAGES:-50}
  task_latency=${TASK_LATENCY:-20ms}
  latency_ms=${task_latency%ms}
  dir="$work/run-tasks"
  mkdir -p "$dir"
  cat >"$dir/main.tf" <<'TF'
terraform {
  required_providers {
    ocp = { source = "ocp-terraform/ocp" }
  }
}
provider "ocp" {}
data "ocp_data_backup_tasks" "history" {
  cluster_id = 10001
}
output "tasks" {
  value = length(data.ocp_data_backup_tasks.history.tasks)
}
TF
  rm -f "$work/url" "$work/stats" "$work/provider-usage"
  "$work/fakeocp" -fleet 1 -task-history $((pages * 20)) -max-page-size 20 -latency "$task_latency" \
    -url-file "$work/url" -stats-file "$work/stats" >/dev/null &
  server_pid=$!
  for _ in $(seq 200); do [ -s "$work/url" ] && break; sleep 0.05; done
  export OCP_URL=$(cat "$work/url")
  start=$(date +%s%N)
  if ! /usr/bin/time -o "$work/terraform-usage" -f "%U %S" \
    terraform -chdir="$dir" plan -no-color -input=false -lock=false >"$dir/plan.log" 2>&1; then
    cat "$dir/plan.log" >&2
    exit 1
  fi
  end=$(date +%s%N)
  stop_server
  cpu=$(awk '{ c += $1 + $2 } END { printf "%.2f", c }' "$work/provider-usage")
  tf_cpu=$(awk -v p="$cpu" '{ printf "%.2f", $1 + $2 - p }' "$work/terraform-usage")
  read -r requests peak conns _ span _ < <(sed -E 's/[a-z_]+=//g' "$work/stats")
  bound=$(awk -v p="$pages" -v l="$latency_ms" 'BEGIN { printf "%.0f", 1.5 * (1 + int((p - 1 + 7) / 8)) * l }')
  wall=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", (e - s) / 1e9 }')
  rss=$(awk '{ if ($3 > m) m = $3 } END { printf "%.1f", m / 1024 }' "$work/provider-usage")
  {
    echo
    echo "Paged read: one ocp_data_backup_tasks over $pages pages of 20 tasks, $task_latency per request."
    echo
    echo "| latency | pages | requests | peak_conc | read_ms | bound_ms | plan_wall_s | prov_cpu_s | tf_cpu_s | prov_rss_MiB |"
    echo "| ------- | ----- | -------- | --------- | ------- | -------- | ----------- | ---------- | -------- | ------------ |"
    echo "| $task_latency | $pages | $requests | $peak | $span | $bound | $wall | $cpu | $tf_cpu | $rss |"
  } | tee -a "$out.tmp"
fi

mkdir -p "$(dirname "$out")"
mv "$out.tmp" "$out"
echo
echo "Written to $out"
