# A baseline backup strategy on every running PRIMARY cluster of the fleet
# that lacks one. Clusters whose strategy someone else manages are left
# alone; the ones this configuration created stay in it, recognised by the
# storage configuration's name, so the set does not shrink once they have a
# strategy (for_each over "clusters without a strategy" alone would destroy
# them on the next plan).

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

variable "storage_access_key_secret" {
  description = "Secret of the OSS access key for the baseline storage."
  type        = string
  sensitive   = true
}

variable "baseline_config_name" {
  description = "Name of the baseline storage configuration; it marks the strategies this configuration manages."
  type        = string
  default     = "terraform-baseline"
}

data "ocp_cluster_backup_overviews" "fleet" {
  statuses = ["RUNNING"]
  types    = ["PRIMARY"]
}

data "ocp_backup_strategy" "current" {
  for_each   = { for o in data.ocp_cluster_backup_overviews.fleet.overviews : tostring(o.cluster_id) => o.cluster_id }
  cluster_id = each.value
}

locals {
  baseline = {
    for id, s in data.ocp_backup_strategy.current : id => s.cluster_id
    if !s.exists || try(s.storage.config_name, "") == var.baseline_config_name
  }
}

resource "ocp_backup_strategy" "baseline" {
  for_each    = local.baseline
  cluster_id  = each.value
  backup_mode = "PHYSICAL_BACKUP"

  schedule = {
    mode                    = "WEEK"
    time                    = "01:00+08:00"
    full_backup_days        = [7]
    incremental_backup_days = [1, 2, 3, 4, 5, 6]
  }

  retention = {
    days       = 14
    clean_time = "04:00+08:00"
  }

  storage = {
    config_name       = var.baseline_config_name
    type              = "OSS"
    url               = "ob-backups/cluster-${each.value}"
    endpoint          = "oss-cn-hangzhou.aliyuncs.com"
    access_key_id     = "LTAI5tExampleKeyId"
    access_key_secret = var.storage_access_key_secret
  }
}

output "baseline_clusters" {
  description = "Clusters that carry the baseline strategy."
  value       = [for id, s in ocp_backup_strategy.baseline : s.cluster_id]
}
