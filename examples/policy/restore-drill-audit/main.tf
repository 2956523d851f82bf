# A restore-drill audit: every tenant of every PRIMARY cluster (as
# ocp_recovery_windows lists them) must have had a successful restore within
# the last max_days_since_drill days. A check block warns (the plan goes on)
# and names each offender and why: never drilled, last drill failed, or last
# success too old. A restore counts as successful only when OCP says so and
# it finished (see ocp_restore_drills).
#
# The restore tasks of every cluster are read, not only the primaries': OCP
# does not say whether a cluster lists the restores of its backups or those
# into it, so a drill into a standby counts either way.
#
# Works on Terraform 1.5 and later. Up to 1.11, && and || evaluate both
# sides, so no comparison relies on them: coalesce() replaces a null time
# with one that fails the comparison.

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

variable "max_days_since_drill" {
  description = "Every PRIMARY cluster's tenant needs a successful restore within this many days."
  type        = number
  default     = 90
  validation {
    condition     = var.max_days_since_drill > 0
    error_message = "max_days_since_drill must be above 0."
  }
}

data "ocp_recovery_windows" "primaries" {
  types = ["PRIMARY"]
}

data "ocp_restore_drills" "fleet" {}

locals {
  # Evaluated once per plan: every comparison uses the same instant.
  now    = plantimestamp()
  cutoff = timeadd(local.now, "-${var.max_days_since_drill * 24}h")
  never  = "1970-01-01T00:00:00Z"

  # Drills by tenant ID. One OCP names only by tenant name (such as the
  # restore of a tenant since dropped) proves nothing about a tenant that
  # has an ID (a tenant created again under the same name has a new one),
  # so it is left out, and so is a tenant without an ID: never drilled.
  drills = {
    for d in data.ocp_restore_drills.fleet.drills :
    "${d.backup_cluster_id}/${d.backup_tenant_id}" => d if d.backup_tenant_id != null
  }
  tenants = flatten([
    for w in data.ocp_recovery_windows.primaries.windows : w.tenants == null ? [] : [
      for t in w.tenants : {
        name  = "${coalesce(w.cluster_name, "unnamed")} (${w.cluster_id}) tenant ${coalesce(t.tenant_name, "unnamed")} (${coalesce(t.tenant_id, 0)})"
        drill = lookup(local.drills, "${w.cluster_id}/${coalesce(t.tenant_id, 0)}", null)
      }
    ]
  ])

  # Each tenant's finding, null when it passes. A conditional reports only
  # the branch it takes, so a branch that reads a null drill is harmless.
  findings = [
    for t in local.tenants : {
      tenant = t.name
      why = (
        t.drill == null ? "never drilled" :
        timecmp(coalesce(t.drill.last_successful_restore_time, local.never), local.cutoff) >= 0 ? null :
        timecmp(coalesce(t.drill.last_failure_time, local.never), coalesce(t.drill.last_successful_restore_time, local.never)) > 0 ?
        "last drill failed at ${coalesce(t.drill.last_failure_time, "?")} (last status ${coalesce(t.drill.last_status, "unknown")})" :
        t.drill.last_successful_restore_time == null ?
        "no drill succeeded in ${t.drill.restores} (last status ${coalesce(t.drill.last_status, "unknown")})" :
        "last success finished at ${coalesce(t.drill.last_successful_restore_time, "?")}, over ${var.max_days_since_drill} days ago"
      )
    }
  ]
  offenders = [for f in local.findings : "${f.tenant}: ${f.why}" if f.why != null]
}

check "restore_drills" {
  assert {
    condition     = length(local.offenders) == 0
    error_message = "Tenants of PRIMARY clusters without a successful restore in the last ${var.max_days_since_drill} days: ${join("; ", local.offenders)}."
  }
}

output "restore_drill_offenders" {
  description = "Each tenant of a PRIMARY cluster without a successful restore in the last max_days_since_drill days, and why."
  value       = local.offenders
}
