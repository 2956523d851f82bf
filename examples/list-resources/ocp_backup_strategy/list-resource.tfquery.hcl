# Every backup strategy OCP holds for the primary clusters named like
# "prod", tenant-level ones included. `terraform query` lists them;
# `terraform query -generate-config-out=strategies.tf` writes a resource and
# an import block for each.
list "ocp_backup_strategy" "production" {
  provider = ocp

  config {
    name            = "prod"
    types           = ["PRIMARY"]
    include_tenants = true
  }
}
