# The restore drills of every cluster's tenants over the last 90 days.
data "ocp_restore_drills" "fleet" {
  since = timeadd(plantimestamp(), "-2160h")
}

output "last_restore_drill" {
  description = "Per restored tenant: when its last successful restore finished (null: none in 90 days)."
  value = {
    for d in data.ocp_restore_drills.fleet.drills :
    "${coalesce(d.backup_cluster_name, "unnamed")}/${coalesce(d.backup_tenant_name, "unnamed")}" => d.last_successful_restore_time
  }
}

output "failing_drills" {
  description = "Tenants whose newest restore failed."
  value = [
    for d in data.ocp_restore_drills.fleet.drills : "${d.backup_cluster_name}/${d.backup_tenant_name}"
    if d.last_status == "FAILED"
  ]
}
