# The data backups of a cluster in the last 7 days, newest first.
data "ocp_data_backup_tasks" "orders" {
  cluster_id = 101
  start_time = timeadd(plantimestamp(), "-168h")
}

# The failed data backups of one tenant (tenant-level reads need OCP 4.3 or later).
data "ocp_data_backup_tasks" "orders_tenant_failed" {
  cluster_id = 101
  tenant_id  = 1001
  statuses   = ["FAILED"]
}

output "newest_backup" {
  value = try(data.ocp_data_backup_tasks.orders.tasks[0].start_time, null)
}

output "failed" {
  value = [for t in data.ocp_data_backup_tasks.orders_tenant_failed.tasks : "task ${t.task_id}: ${coalesce(t.error_msg, "no message")}"]
}
