# An audit: the backup state of several clusters as one output, for reports
# and for `terraform output -json` in scripts.

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

variable "cluster_ids" {
  description = "OCP IDs of the clusters to audit."
  type        = set(number)
}

variable "max_backup_age_hours" {
  description = "Oldest acceptable data backup, in hours."
  type        = number
  default     = 24
}

data "ocp_cluster_backup_overview" "audited" {
  for_each   = { for id in var.cluster_ids : tostring(id) => id }
  cluster_id = each.value
}

output "backup_audit" {
  description = "Per cluster: its backup state and whether it passes the policy."
  value = { for id, o in data.ocp_cluster_backup_overview.audited : id => {
    name         = o.cluster_name
    type         = o.ob_cluster_type
    strategy     = o.ob_cluster_backup_status
    schedule     = o.backup_schedule_status
    last_backup  = o.last_data_backup_time
    log_delay_s  = o.log_backup_delay_seconds
    backup_size  = o.backup_size == null ? null : "${o.backup_size} ${o.ob_storage_volume_unit}"
    fresh_backup = timecmp(timeadd(coalesce(o.last_data_backup_time, "1970-01-01T00:00:00Z"), "${var.max_backup_age_hours}h"), plantimestamp()) >= 0
    compliant = (
      o.ob_cluster_backup_status == "HAS_BACKUP_STRATEGY" &&
      o.backup_schedule_status == "NORMAL" &&
      timecmp(timeadd(coalesce(o.last_data_backup_time, "1970-01-01T00:00:00Z"), "${var.max_backup_age_hours}h"), plantimestamp()) >= 0
    )
  } }
}
