# Log archiving of a cluster: which tenants archive, and how far behind.
data "ocp_log_backup_tasks" "orders" {
  cluster_id = 101
  # OCP documents INPROGRESS for an archiving tenant; its servers send RUNNING.
  statuses = ["RUNNING", "INPROGRESS"]
}

output "archiving" {
  value = {
    for t in data.ocp_log_backup_tasks.orders.tasks : coalesce(t.tenant_name, tostring(t.tenant_id)) => {
      checkpoint = t.checkpoint
      delay_s    = t.delay
    }
  }
}
