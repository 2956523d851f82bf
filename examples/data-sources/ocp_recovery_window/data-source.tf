# The restorable window of a cluster and of each of its tenants.
data "ocp_recovery_window" "orders" {
  cluster_id = 101
}

# One tenant's window, from the tenant-level endpoint (OCP 4.3 and later).
data "ocp_recovery_window" "billing" {
  cluster_id = 101
  tenant_id  = 1002
}

locals {
  day_ago      = timeadd(plantimestamp(), "-24h")
  two_days_ago = timeadd(plantimestamp(), "-48h")
}

output "orders_restorable" {
  value = {
    from = data.ocp_recovery_window.orders.recoverable_start_time
    to   = data.ocp_recovery_window.orders.recoverable_end_time
    # A null start (nothing restorable) reads as "now", which is not a day ago.
    whole_last_day = timecmp(coalesce(data.ocp_recovery_window.orders.recoverable_start_time, plantimestamp()), local.day_ago) <= 0
  }
}

# Tenants that cannot be restored to every point of the last two days.
output "tenants_short_of_two_days" {
  value = [
    for t in data.ocp_recovery_window.orders.tenants : t.tenant_name
    if timecmp(coalesce(t.recoverable_start_time, plantimestamp()), local.two_days_ago) > 0
  ]
}

output "billing_full_backups" {
  value = [for s in data.ocp_recovery_window.billing.sections : s.recoverable_time if s.type == "FULL_DATA_BACKUP"]
}
