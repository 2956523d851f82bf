# The same policy as a check block: Terraform warns on every plan and apply
# instead of failing, for clusters you watch but do not gate on.

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

variable "cluster_id" {
  description = "OCP ID of the cluster to watch."
  type        = number
}

variable "max_backup_age_hours" {
  description = "Oldest acceptable data backup, in hours."
  type        = number
  default     = 24
}

variable "max_log_delay_seconds" {
  description = "Largest acceptable log backup delay, in seconds."
  type        = number
  default     = 600
}

check "cluster_backup" {
  data "ocp_cluster_backup_overview" "watched" {
    cluster_id = var.cluster_id
  }

  assert {
    condition     = data.ocp_cluster_backup_overview.watched.ob_cluster_backup_status == "HAS_BACKUP_STRATEGY"
    error_message = "Cluster ${var.cluster_id} has no backup strategy."
  }
  assert {
    condition     = data.ocp_cluster_backup_overview.watched.backup_schedule_status == "NORMAL"
    error_message = "The backup schedule of cluster ${var.cluster_id} is not NORMAL."
  }
  assert {
    condition     = timecmp(timeadd(coalesce(data.ocp_cluster_backup_overview.watched.last_data_backup_time, "1970-01-01T00:00:00Z"), "${var.max_backup_age_hours}h"), plantimestamp()) >= 0
    error_message = "The last data backup of cluster ${var.cluster_id} is older than ${var.max_backup_age_hours} hours."
  }
  assert {
    condition     = coalesce(data.ocp_cluster_backup_overview.watched.log_backup_delay_seconds, 0) <= var.max_log_delay_seconds
    error_message = "The log backup of cluster ${var.cluster_id} lags more than ${var.max_log_delay_seconds} seconds."
  }
}
