# The strategy of cluster 101, audited: backups must be kept two weeks.
data "ocp_backup_strategy" "orders" {
  cluster_id = 101

  lifecycle {
    postcondition {
      condition     = self.exists && try(self.retention.days, 0) >= 14
      error_message = "Cluster ${self.cluster_id} keeps backups ${try(self.retention.days, 0)} days, fewer than 14 (or has no strategy)."
    }
  }
}

output "orders_strategy" {
  value = {
    mode      = data.ocp_backup_strategy.orders.backup_mode
    schedule  = data.ocp_backup_strategy.orders.schedule.enabled ? "running" : "paused"
    full_days = tolist(data.ocp_backup_strategy.orders.schedule.full_backup_days)
    storage   = "${data.ocp_backup_strategy.orders.storage.type}:${data.ocp_backup_strategy.orders.storage.url}"
  }
}
