# A weekly physical backup of cluster 102 to OSS: full on Monday,
# incremental on Wednesday and Friday at 02:00 China time, kept 14 days.
variable "oss_access_key_secret" {
  description = "Secret of the OSS access key, sent to OCP and never stored (Terraform 1.11 and later)."
  type        = string
  sensitive   = true
  ephemeral   = true
}

resource "ocp_backup_strategy" "payments" {
  cluster_id  = 102
  backup_mode = "PHYSICAL_BACKUP"

  schedule = {
    mode                    = "WEEK"
    time                    = "02:00+08:00"
    full_backup_days        = [1]    # Monday
    incremental_backup_days = [3, 5] # Wednesday, Friday
  }

  retention = {
    days       = 14
    clean_time = "05:00+08:00"
  }

  storage = {
    config_name                  = "oss_prod"
    type                         = "OSS"
    url                          = "my-bucket/ob/prod-payments"
    endpoint                     = "oss-cn-hangzhou.aliyuncs.com"
    access_key_id                = "LTAI5tExampleKeyId"
    access_key_secret_wo         = var.oss_access_key_secret
    access_key_secret_wo_version = 1 # change it to send a rotated secret
  }

  timeouts = {
    create = "45m"
  }
}
