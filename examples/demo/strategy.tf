# The fix for the cluster the gates flag for having no backup strategy:
# cluster 102 (prod-payments) gets one, as code. The overviews in main.tf are
# read after it, so the table shows the cluster passing.
resource "ocp_backup_strategy" "payments" {
  cluster_id  = 102
  backup_mode = "PHYSICAL_BACKUP"

  schedule = {
    mode                    = "WEEK"
    time                    = "02:00+08:00"
    full_backup_days        = [1]
    incremental_backup_days = [2, 3, 4, 5, 6, 7]
  }

  retention = {
    days       = 14
    clean_time = "05:00+08:00"
  }

  storage = {
    config_name = "nfs_payments"
    type        = "FILE"
    url         = "/obbackup/prod-payments"
  }
}

output "applied_strategy" {
  description = "The strategy Terraform applied to cluster 102."
  value       = "cluster ${ocp_backup_strategy.payments.cluster_id}: OCP strategy ${ocp_backup_strategy.payments.strategy_id}, ${ocp_backup_strategy.payments.schedule.mode} at ${ocp_backup_strategy.payments.schedule.time}, kept ${ocp_backup_strategy.payments.retention.days} days on ${ocp_backup_strategy.payments.storage.type} ${ocp_backup_strategy.payments.storage.url}"
}
