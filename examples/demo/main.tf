# The offline demo: puts a backup strategy on the cluster that had none
# (strategy.tf), reads the backup overview of every cluster of the fake OCP
# server that `make demo` starts, with its restorable window, whether its
# newest full backup succeeded and when a backup of it was last restored, and
# shows which gates fail.
terraform {
  required_providers {
    ocp = {
      source = "ocp-terraform/ocp"
    }
  }
}

# url, username and password come from OCP_URL, OCP_USERNAME and OCP_PASSWORD.
provider "ocp" {}

variable "cluster_ids" {
  description = "Clusters to report on."
  type        = list(number)
  default     = [101, 102, 103, 104, 105]
}

variable "max_backup_age_hours" {
  description = "A data backup older than this fails the staleness gate."
  type        = number
  default     = 24
}

variable "max_log_delay_seconds" {
  description = "A log backup delay over this fails the log gate."
  type        = number
  default     = 3600
}

variable "restore_hours" {
  description = "Every point of this many past hours must be restorable, or the restore gate fails."
  type        = number
  default     = 24
}

variable "max_restore_lag_minutes" {
  description = "A restorable window ending longer ago than this fails the RPO gate."
  type        = number
  default     = 15
}

data "ocp_cluster_backup_overview" "fleet" {
  for_each   = toset([for id in var.cluster_ids : tostring(id)])
  cluster_id = each.value
  # Read after the strategy of strategy.tf is in place.
  depends_on = [ocp_backup_strategy.payments]
}

data "ocp_recovery_window" "fleet" {
  for_each   = toset([for id in var.cluster_ids : tostring(id)])
  cluster_id = each.value
  depends_on = [ocp_backup_strategy.payments]
}

data "ocp_data_backup_tasks" "fleet" {
  for_each   = toset([for id in var.cluster_ids : tostring(id)])
  cluster_id = each.value
  depends_on = [ocp_backup_strategy.payments]
}

data "ocp_restore_drills" "fleet" {
  cluster_ids = var.cluster_ids
}

locals {
  now      = plantimestamp()
  clusters = [for id in sort(keys(data.ocp_cluster_backup_overview.fleet)) : data.ocp_cluster_backup_overview.fleet[id]]
  # Each cluster's restorable window; coalesce() keeps a null end safe, as
  # up to Terraform 1.11 && and || evaluate both sides.
  restore = { for id, w in data.ocp_recovery_window.fleet : id => {
    none    = w.recoverable_end_time == null
    short   = timecmp(coalesce(w.recoverable_start_time, local.now), timeadd(local.now, "-${var.restore_hours}h")) > 0
    lagging = timecmp(timeadd(coalesce(w.recoverable_end_time, "1970-01-01T00:00:00Z"), "${var.max_restore_lag_minutes}m"), local.now) < 0
    # In the cluster's own offset.
    text = w.recoverable_start_time == null || w.recoverable_end_time == null ? "none" : "${formatdate("DD MMM hh:mm", coalesce(w.recoverable_start_time, local.now))} to ${formatdate("DD MMM hh:mm", coalesce(w.recoverable_end_time, local.now))}"
  } }
  # The newest full data backup of each cluster (tasks come newest first);
  # null when there is none. try() reads a field of a possibly null object.
  newest_full = { for id, t in data.ocp_data_backup_tasks.fleet : id => try([for task in t.tasks : task if task.data_backup_task_type == "FULL_BACKUP"][0], null) }
  newest_full_text = { for id, task in local.newest_full : id => try(
    "${task.status} ${formatdate("DD MMM hh:mm", task.start_time)}",
    try(task.status, "none"),
  ) }
  # When a backup of each cluster was last restored successfully, any
  # tenant: the drill whose success no other drill's is later than.
  drill_times = { for c in local.clusters : tostring(c.cluster_id) => [
    for d in data.ocp_restore_drills.fleet.drills : d.last_successful_restore_time
    if d.backup_cluster_id == c.cluster_id && d.last_successful_restore_time != null
  ] }
  last_drill_text = { for id, times in local.drill_times : id => try(formatdate("DD MMM hh:mm",
  [for t in times : t if alltrue([for u in times : timecmp(t, u) >= 0])][0]), "never") }
  gates = { for c in local.clusters : tostring(c.cluster_id) => compact([
    c.ob_cluster_backup_status != "HAS_BACKUP_STRATEGY" ? "no backup strategy" : "",
    coalesce(c.backup_schedule_status, "NONE") != "NORMAL" ? "schedule ${coalesce(c.backup_schedule_status, "unknown")}" : "",
    # A cluster that never backed up counts as stale.
    timecmp(timeadd(coalesce(c.last_data_backup_time, "1970-01-01T00:00:00Z"), "${var.max_backup_age_hours}h"), local.now) < 0 ? "backup older than ${var.max_backup_age_hours}h" : "",
    coalesce(c.log_backup_delay_seconds, 0) > var.max_log_delay_seconds ? "log delay ${c.log_backup_delay_seconds}s" : "",
    local.restore[tostring(c.cluster_id)].none ? "nothing restorable" : "",
    !local.restore[tostring(c.cluster_id)].none && local.restore[tostring(c.cluster_id)].short ? "not restorable over ${var.restore_hours}h" : "",
    !local.restore[tostring(c.cluster_id)].none && local.restore[tostring(c.cluster_id)].lagging ? "restore point over ${var.max_restore_lag_minutes}m old" : "",
    try(local.newest_full[tostring(c.cluster_id)].status, "none") != "DONE" ? "newest full backup ${lower(try(local.newest_full[tostring(c.cluster_id)].status, "missing"))}" : "",
  ]) }
  row = "%-5s  %-14s  %-8s  %-19s  %-8s  %-29s  %-9s  %-28s  %-19s  %-18s  %s"
}

output "table" {
  description = "Each cluster's backup state and the gates it fails."
  value = join("\n", concat(
    [format(local.row, "ID", "NAME", "TYPE", "STRATEGY", "SCHEDULE", "LAST DATA BACKUP", "LOG DELAY", "RESTORABLE WINDOW", "NEWEST FULL BACKUP", "LAST RESTORE DRILL", "FAILED GATES")],
    [for c in local.clusters : format(local.row,
      tostring(c.cluster_id),
      coalesce(c.cluster_name, "-"),
      coalesce(c.ob_cluster_type, "-"),
      coalesce(c.ob_cluster_backup_status, "-"),
      coalesce(c.backup_schedule_status, "-"),
      coalesce(c.last_data_backup_time, "never"),
      c.log_backup_delay_seconds == null ? "-" : "${c.log_backup_delay_seconds}s",
      local.restore[tostring(c.cluster_id)].text,
      local.newest_full_text[tostring(c.cluster_id)],
      local.last_drill_text[tostring(c.cluster_id)],
      length(local.gates[tostring(c.cluster_id)]) == 0 ? "none (passes)" : join(", ", local.gates[tostring(c.cluster_id)]),
    )],
  ))
}

check "backup_gates" {
  assert {
    condition     = alltrue([for id, failed in local.gates : length(failed) == 0])
    error_message = "Clusters failing backup gates: ${join("; ", [for id, failed in local.gates : "${id} (${join(", ", failed)})" if length(failed) > 0])}."
  }
}
