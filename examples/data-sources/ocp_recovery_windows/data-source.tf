# The restorable windows of every PRIMARY cluster, skipping those this user
# may not read.
data "ocp_recovery_windows" "primaries" {
  types           = ["PRIMARY"]
  skip_unreadable = true
}

# Clusters whose newest restore point is more than an hour old, or that have
# nothing to restore.
output "restore_point_over_an_hour_old" {
  value = [
    for w in data.ocp_recovery_windows.primaries.windows : w.cluster_name
    if timecmp(coalesce(w.recoverable_end_time, "1970-01-01T00:00:00Z"), timeadd(plantimestamp(), "-1h")) < 0
  ]
}

# Tenants of those clusters that cannot be restored to every point of the
# last day.
output "tenants_short_of_a_day" {
  value = flatten([
    for w in data.ocp_recovery_windows.primaries.windows : [
      for t in coalesce(w.tenants, []) : "${w.cluster_name}/${t.tenant_name}"
      if timecmp(coalesce(t.recoverable_start_time, plantimestamp()), timeadd(plantimestamp(), "-24h")) > 0
    ]
  ])
}

output "unreadable" {
  value = data.ocp_recovery_windows.primaries.skipped_cluster_ids
}
