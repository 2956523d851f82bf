# A fleet-wide check: warns about every PRIMARY cluster that has no backup
# strategy or whose last data backup is older than max_backup_age_hours, in
# one read of all clusters.

# The provider takes its URL and credentials from OCP_URL, OCP_USERNAME and
# OCP_PASSWORD (or the other OCP_* variables), so this folder runs as it is.
terraform {
  required_version = ">= 1.5.7"
  required_providers {
    ocp = {
      source  = "ocp-terraform/ocp"
      version = "~> 0.1"
    }
  }
}

variable "max_backup_age_hours" {
  description = "Oldest acceptable data backup, in hours."
  type        = number
  default     = 24
}

data "ocp_cluster_backup_overviews" "primaries" {
  types = ["PRIMARY"]
}

locals {
  cutoff = timeadd(plantimestamp(), "-${var.max_backup_age_hours}h")
  without_strategy = [
    for o in data.ocp_cluster_backup_overviews.primaries.overviews :
    "${o.cluster_name} (${o.cluster_id})" if o.ob_cluster_backup_status != "HAS_BACKUP_STRATEGY"
  ]
  stale = [
    for o in data.ocp_cluster_backup_overviews.primaries.overviews :
    "${o.cluster_name} (${o.cluster_id}, last ${coalesce(o.last_data_backup_time, "never")})"
    if o.ob_cluster_backup_status == "HAS_BACKUP_STRATEGY" && timecmp(coalesce(o.last_data_backup_time, "1970-01-01T00:00:00Z"), local.cutoff) < 0
  ]
}

check "fleet_backups" {
  assert {
    condition     = length(local.without_strategy) == 0
    error_message = "PRIMARY clusters without a backup strategy: ${join(", ", local.without_strategy)}."
  }
  assert {
    condition     = length(local.stale) == 0
    error_message = "PRIMARY clusters whose last data backup is older than ${var.max_backup_age_hours}h: ${join(", ", local.stale)}."
  }
}

output "fleet_backup_problems" {
  value = {
    without_strategy = local.without_strategy
    stale            = local.stale
  }
}
