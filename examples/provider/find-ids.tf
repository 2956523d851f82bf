# OCP's ids of every cluster, by name, and of every tenant of one cluster.
data "ocp_cluster_backup_overviews" "all" {}

output "cluster_ids" {
  value = { for o in data.ocp_cluster_backup_overviews.all.overviews : o.cluster_name => o.cluster_id }
}

data "ocp_recovery_window" "orders" {
  cluster_id = 1000005
}

output "tenant_ids" {
  value = { for t in data.ocp_recovery_window.orders.tenants : t.tenant_name => t.tenant_id }
}
