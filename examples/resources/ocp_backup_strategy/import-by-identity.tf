# Terraform 1.12 and later: import by identity. Leave tenant_id out for a
# cluster's strategy.
import {
  to = ocp_backup_strategy.orders
  identity = {
    cluster_id = 1000007
    tenant_id  = 1001
  }
}
