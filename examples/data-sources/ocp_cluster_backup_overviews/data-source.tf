# Every running PRIMARY cluster whose name contains "prod".
data "ocp_cluster_backup_overviews" "prod" {
  name     = "prod"
  statuses = ["RUNNING"]
  types    = ["PRIMARY"]
}

# Exactly these clusters, leaving out any this account may not read.
data "ocp_cluster_backup_overviews" "chosen" {
  cluster_ids     = [101, 105, 999]
  skip_unreadable = true
}

output "prod_without_strategy" {
  value = [for o in data.ocp_cluster_backup_overviews.prod.overviews : o.cluster_name if o.ob_cluster_backup_status != "HAS_BACKUP_STRATEGY"]
}

output "unreadable" {
  value = data.ocp_cluster_backup_overviews.chosen.skipped_cluster_ids
}
