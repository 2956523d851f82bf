data "ocp_cluster_backup_overview" "orders" {
  cluster_id = 1000005
}

output "orders_backup" {
  value = {
    strategy    = data.ocp_cluster_backup_overview.orders.ob_cluster_backup_status
    schedule    = data.ocp_cluster_backup_overview.orders.backup_schedule_status
    last_backup = data.ocp_cluster_backup_overview.orders.last_data_backup_time
    log_delay_s = data.ocp_cluster_backup_overview.orders.log_backup_delay_seconds
    # ob_backup_ability is null when OCP sends none; try() reads through it.
    backup_mode = try(data.ocp_cluster_backup_overview.orders.ob_backup_ability.backup_mode, null)
  }
}
