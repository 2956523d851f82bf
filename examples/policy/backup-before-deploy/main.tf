# Back up before you deploy: before the migration below is created or
# changed, OCP takes a fresh full backup of the cluster and the apply waits
# until it is DONE; a failed backup stops the migration. The gate refuses the
# plan when no backup can help: no strategy, a paused schedule, a lagging log
# backup. Needs Terraform 1.14 or later (actions).

# The provider takes its URL and credentials from OCP_URL, OCP_USERNAME and
# OCP_PASSWORD (or the other OCP_* variables), so this folder runs as it is.
terraform {
  required_version = ">= 1.14.0"
  required_providers {
    ocp = {
      source  = "ocp-terraform/ocp"
      version = "~> 0.1"
    }
  }
}

variable "cluster_id" {
  description = "OCP ID of the cluster the migration changes."
  type        = number
}

variable "schema_version" {
  description = "The schema version the migration brings the database to; a new one runs the migration again."
  type        = string
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
      error_message = "Cluster ${self.cluster_id} (${coalesce(self.cluster_name, "unnamed")}) has no backup strategy: nothing to back up to."
    }
    postcondition {
      condition     = self.backup_schedule_status == "NORMAL"
      error_message = "The backup schedule of cluster ${self.cluster_id} is ${coalesce(self.backup_schedule_status, "unknown")}, not NORMAL."
    }
    postcondition {
      condition     = coalesce(self.log_backup_delay_seconds, 0) <= var.max_log_delay_seconds
      error_message = "The log backup of cluster ${self.cluster_id} lags ${coalesce(self.log_backup_delay_seconds, 0)} seconds, over ${var.max_log_delay_seconds}."
    }
  }
}

action "ocp_backup_now" "before_migration" {
  config {
    cluster_id = var.cluster_id
    mode       = "FULL"
  }
}

# Stands in for the change that needs the backup: a schema migration, an
# upgrade. Replace it with your own resource and keep the action_trigger.
resource "terraform_data" "migration" {
  input      = var.schema_version
  depends_on = [data.ocp_cluster_backup_overview.gate]

  lifecycle {
    action_trigger {
      events  = [before_create, before_update]
      actions = [action.ocp_backup_now.before_migration]
    }
  }
}

output "migrated_to" {
  description = "The schema version the migration ran for, each time after a fresh full backup."
  value       = terraform_data.migration.output
}
