# A full backup of the cluster, taken before the schema migration changes
# and waited for until OCP shows it DONE; a failed backup stops the
# migration. Run it alone with
#   terraform apply -invoke=action.ocp_backup_now.before_migration
action "ocp_backup_now" "before_migration" {
  config {
    cluster_id = 1000007
    mode       = "FULL"
    timeout    = "90m"
  }
}

# One tenant alone, incrementally (tenant-level strategies, OCP 4.3 and later).
action "ocp_backup_now" "orders_tenant" {
  config {
    cluster_id = 1000007
    tenant_id  = 1001
    mode       = "INCREMENTAL"
  }
}

resource "terraform_data" "schema_migration" {
  input = "v42"

  lifecycle {
    action_trigger {
      events  = [before_create, before_update]
      actions = [action.ocp_backup_now.before_migration]
    }
  }
}
