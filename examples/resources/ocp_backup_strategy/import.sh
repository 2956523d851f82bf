# A cluster's strategy is imported by the cluster's ID, a tenant's by
# "<cluster_id>/<tenant_id>". No secret is needed: updates that leave the
# storage as it is name OCP's storage by its ID.
terraform import ocp_backup_strategy.payments 102
terraform import ocp_backup_strategy.orders_tenant 105/7
