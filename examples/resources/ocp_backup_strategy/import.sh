# A cluster's strategy is imported by the cluster's ID, a tenant's by
# "<cluster_id>/<tenant_id>". OCP never returns the storage secret: after the
# import, apply once to send it (a plan shows the change of the secret, or of
# access_key_secret_wo_version, and nothing else).
terraform import ocp_backup_strategy.payments 102
terraform import ocp_backup_strategy.orders_tenant 105/7
