# A fleet-wide recovery audit: warns (a check block, so the plan goes on)
# about every PRIMARY cluster whose restorable window is shorter than
# min_window_hours, in one read of all clusters. A cluster with nothing to
# restore counts as a window of zero hours.
#
# Works on Terraform 1.5 and later. Up to 1.11, && and || evaluate both
# sides, so every comparison is safe on its own: coalesce() replaces a null
# end of a window with one that makes the window empty.

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

variable "min_window_hours" {
  description = "Shortest acceptable restorable window, in hours."
  type        = number
  default     = 24
}

data "ocp_recovery_windows" "primaries" {
  types = ["PRIMARY"]
}

locals {
  now = plantimestamp()
  short = [
    for w in data.ocp_recovery_windows.primaries.windows :
    "${coalesce(w.cluster_name, "unnamed")} (${w.cluster_id}, ${w.recoverable_end_time == null ? "nothing restorable" : "restorable from ${coalesce(w.recoverable_start_time, "?")} to ${coalesce(w.recoverable_end_time, "?")}"})"
    if w.recoverable_end_time == null || timecmp(
      timeadd(coalesce(w.recoverable_start_time, w.recoverable_end_time, local.now), "${var.min_window_hours}h"),
      coalesce(w.recoverable_end_time, local.now),
    ) > 0
  ]
}

check "fleet_recovery" {
  assert {
    condition     = length(local.short) == 0
    error_message = "PRIMARY clusters whose restorable window is shorter than ${var.min_window_hours}h: ${join(", ", local.short)}."
  }
}

output "short_recovery_windows" {
  description = "PRIMARY clusters whose restorable window is shorter than min_window_hours."
  value       = local.short
}
