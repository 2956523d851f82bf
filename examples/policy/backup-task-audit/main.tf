# A backup task audit: the plan fails unless the newest full data backup of
# each tenant of the cluster (or of the one tenant_id names) succeeded, and
# the output lists the data backup tasks that failed in the last `days` days.
# A full backup still running counts neither way; a cluster or tenant without
# any finished full backup fails.

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
  description = "OCP ID of the cluster to audit."
  type        = number
}

variable "tenant_id" {
  description = "OCP ID of one tenant of the cluster to audit instead (OCP 4.3 and later)."
  type        = number
  default     = null
}

variable "days" {
  description = "How far back to list failed tasks, in days."
  type        = number
  default     = 7
}

data "ocp_data_backup_tasks" "audit" {
  cluster_id = var.cluster_id
  tenant_id  = var.tenant_id
}

locals {
  subject = var.tenant_id == null ? "cluster ${var.cluster_id}" : "tenant ${var.tenant_id} of cluster ${var.cluster_id}"
  since   = timeadd(plantimestamp(), "-${var.days * 24}h")
  # Terraform before 1.12 evaluates both sides of && and ||, so coalesce()
  # keeps null statuses and start times out of contains() and timecmp().
  running = ["BEGINNING", "INITIALIZING", "DOING"]
  # Finished full backups by tenant, newest first (the data source's order).
  finished_full = {
    for t in data.ocp_data_backup_tasks.audit.tasks : tostring(coalesce(t.tenant_id, 0)) => t...
    if t.data_backup_task_type == "FULL_BACKUP" && !contains(local.running, coalesce(t.status, "UNKNOWN"))
  }
  newest_full_not_done = [for tenant, tasks in local.finished_full : tasks[0] if tasks[0].status != "DONE"]
  failed_recently = [
    for t in data.ocp_data_backup_tasks.audit.tasks : {
      task_id     = t.task_id
      tenant_id   = t.tenant_id
      tenant_name = t.tenant_name
      type        = t.data_backup_task_type
      start_time  = t.start_time
      error_msg   = t.error_msg
    }
    if coalesce(t.status, "UNKNOWN") == "FAILED" && timecmp(coalesce(t.start_time, "1970-01-01T00:00:00Z"), local.since) >= 0
  ]
}

output "failed_tasks" {
  description = "Data backup tasks that failed in the last var.days days, newest first."
  value       = local.failed_recently

  precondition {
    condition     = length(local.finished_full) > 0
    error_message = "The ${local.subject} has no finished full data backup."
  }
  precondition {
    condition = length(local.newest_full_not_done) == 0
    error_message = "The newest full data backup of the ${local.subject} did not succeed: ${join("; ", [
      for t in local.newest_full_not_done :
      "task ${t.task_id} of tenant ${coalesce(t.tenant_name, "unnamed")}, started ${coalesce(t.start_time, "never")}, is ${coalesce(t.status, "without a status")}"
    ])}."
  }
}
