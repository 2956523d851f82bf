# Adopt the cluster-level strategy of every running cluster at once
# (import blocks with for_each need Terraform 1.7 or later). Each keeps its
# storage as OCP holds it, so no secret is needed; each takes the schedule
# below, and the plan shows, cluster by cluster, what that would change.
data "ocp_cluster_backup_overviews" "fleet" {
  statuses = ["RUNNING"]
}

locals {
  adopted = {
    for o in data.ocp_cluster_backup_overviews.fleet.overviews : tostring(o.cluster_id) => o.cluster_id
    if o.ob_cluster_backup_status == "HAS_BACKUP_STRATEGY" && o.backup_dimension == "CLUSTER"
  }
}

data "ocp_backup_strategy" "current" {
  for_each   = local.adopted
  cluster_id = each.value
}

import {
  for_each = local.adopted
  to       = ocp_backup_strategy.fleet[each.key]
  id       = each.key
}

resource "ocp_backup_strategy" "fleet" {
  for_each    = local.adopted
  cluster_id  = each.value
  backup_mode = data.ocp_backup_strategy.current[each.key].backup_mode

  schedule = {
    mode                    = "WEEK"
    time                    = "02:00+08:00"
    full_backup_days        = [1]
    incremental_backup_days = [3, 5]
  }

  retention = {
    days       = 14
    clean_time = "05:00+08:00"
  }

  storage = {
    config_name   = data.ocp_backup_strategy.current[each.key].storage.config_name
    type          = data.ocp_backup_strategy.current[each.key].storage.type
    url           = data.ocp_backup_strategy.current[each.key].storage.url
    endpoint      = data.ocp_backup_strategy.current[each.key].storage.endpoint
    access_key_id = data.ocp_backup_strategy.current[each.key].storage.access_key_id
    region        = data.ocp_backup_strategy.current[each.key].storage.region
    app_id        = data.ocp_backup_strategy.current[each.key].storage.app_id
  }
}
