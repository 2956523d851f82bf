# The restores of cluster 101's backups, and into it, over the last 90 days.
data "ocp_restore_tasks" "orders" {
  cluster_id = 101
  start_time = timeadd(plantimestamp(), "-2160h")
}

locals {
  # A restore counts only when OCP says it succeeded: successful = true, or,
  # when OCP leaves successful out, a success status; and it has finished.
  restored = [
    for t in data.ocp_restore_tasks.orders.tasks : t
    if coalesce(t.successful, contains(["RESTORE_SUCCESS", "COMPLETED"], t.status)) && t.finish_time != null
  ]
}

output "last_restore_drill" {
  value = length(local.restored) > 0 ? {
    id          = local.restored[0].id
    tenant      = local.restored[0].backup_tenant_name
    finished_at = local.restored[0].finish_time
    restored_to = local.restored[0].restore_end_time
  } : null
}

output "failed_restores" {
  value = [for t in data.ocp_restore_tasks.orders.tasks : "restore ${t.id}: ${t.error_msg}" if t.status == "FAILED"]
}
