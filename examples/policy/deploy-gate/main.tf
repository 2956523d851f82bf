# A deploy gate: the plan fails unless the cluster has a backup strategy, a
# NORMAL schedule, a data backup younger than max_backup_age_hours and a log
# backup delay under max_log_delay_seconds. Make the resources you deploy
# depend on the data source (depends_on) so that they wait for the gate.

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
  description = "OCP ID of the cluster the deploy needs backed up."
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

data "ocp_cluster_backup_overview" "gate" {
  cluster_id = var.cluster_id

  lifecycle {
    postcondition {
      condition     = self.ob_cluster_backup_status == "HAS_BACKUP_STRATEGY"
      error_message = "Cluster ${self.cluster_id} (${coalesce(self.cluster_name, "unnamed")}) has no backup strategy."
    }
    postcondition {
      condition     = self.backup_schedule_status == "NORMAL"
      error_message = "The backup schedule of cluster ${self.cluster_id} is ${coalesce(self.backup_schedule_status, "unknown")}, not NORMAL."
    }
    postcondition {
      # A cluster that never backed up counts as stale.
      condition     = timecmp(timeadd(coalesce(self.last_data_backup_time, "1970-01-01T00:00:00Z"), "${var.max_backup_age_hours}h"), plantimestamp()) >= 0
      error_message = "The last data backup of cluster ${self.cluster_id} (${coalesce(self.last_data_backup_time, "never")}) is older than ${var.max_backup_age_hours} hours."
    }
    postcondition {
      condition     = coalesce(self.log_backup_delay_seconds, 0) <= var.max_log_delay_seconds
      error_message = "The log backup of cluster ${self.cluster_id} lags ${coalesce(self.log_backup_delay_seconds, 0)} seconds, over ${var.max_log_delay_seconds}."
    }
  }
}
