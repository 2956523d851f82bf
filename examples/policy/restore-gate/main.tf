# A restore gate: the plan fails unless the cluster (or, with tenant_id, the
# tenant) can be restored to any point within the last restore_hours hours,
# and the restorable window ends at most max_lag_minutes before now (the
# RPO). Make the resources you deploy depend on the data source (depends_on)
# so that they wait for the gate.
#
# Works on Terraform 1.5 and later. Up to 1.11, && does not short-circuit, so
# no condition relies on it: coalesce() replaces a null end of the window with a
# value that fails the comparison.

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
  description = "OCP ID of the cluster the deploy needs restorable."
  type        = number
}

variable "tenant_id" {
  description = "OCP ID of a tenant to gate on instead of the whole cluster (tenant-level APIs: OCP 4.3 and later)."
  type        = number
  default     = null
}

variable "restore_hours" {
  description = "Every point of this many past hours must be restorable."
  type        = number
  default     = 24
}

variable "max_lag_minutes" {
  description = "Largest acceptable gap, in minutes, between the end of the restorable window and now."
  type        = number
  default     = 15
}

locals {
  # Evaluated once per plan: every condition compares with the same instant.
  now    = plantimestamp()
  target = var.tenant_id == null ? "cluster ${var.cluster_id}" : "tenant ${coalesce(var.tenant_id, 0)} of cluster ${var.cluster_id}"
}

data "ocp_recovery_window" "gate" {
  cluster_id = var.cluster_id
  tenant_id  = var.tenant_id

  lifecycle {
    postcondition {
      condition     = self.recoverable_start_time != null && self.recoverable_end_time != null
      error_message = "The ${local.target} has no restorable window: OCP reports no RECOVERABLE section."
    }
    postcondition {
      # A window without a start reads as starting now, which fails.
      condition     = timecmp(coalesce(self.recoverable_start_time, local.now), timeadd(local.now, "-${var.restore_hours}h")) <= 0
      error_message = "The ${local.target} cannot be restored to every point of the last ${var.restore_hours} hours: its window starts at ${coalesce(self.recoverable_start_time, "none")}."
    }
    postcondition {
      # A window without an end reads as ending in 1970, which fails.
      condition     = timecmp(timeadd(coalesce(self.recoverable_end_time, "1970-01-01T00:00:00Z"), "${var.max_lag_minutes}m"), local.now) >= 0
      error_message = "The restorable window of the ${local.target} ends at ${coalesce(self.recoverable_end_time, "none")}, more than ${var.max_lag_minutes} minutes ago."
    }
  }
}

output "restorable_window" {
  description = "The window the gate checked."
  value = {
    from = data.ocp_recovery_window.gate.recoverable_start_time
    to   = data.ocp_recovery_window.gate.recoverable_end_time
  }
}
