terraform {
  required_version = ">= 1.5.7"
  required_providers {
    ocp = {
      source  = "ocp-terraform/ocp"
      version = "~> 0.1"
    }
  }
}

# HTTP Basic works with every OCP release. Keep secrets out of the
# configuration: OCP_URL, OCP_USERNAME and OCP_PASSWORD work as well.
provider "ocp" {
  url      = var.ocp_url
  username = "audit"
  password = var.ocp_password
}

# AK/SK signing, for OCP 4.0.3 and later (recommended there): the secret
# signs each request and is never sent. For an OCP behind a private CA, add
# ca_cert_pem = file("ocp-ca.pem").
provider "ocp" {
  alias             = "signed"
  url               = var.ocp_url
  access_key_id     = var.ocp_access_key_id
  access_key_secret = var.ocp_access_key_secret
  request_timeout   = "30s"
  max_retries       = 4
}

variable "ocp_url" {
  description = "OCP's base URL, such as https://ocp.example.com:8080."
  type        = string
}

variable "ocp_password" {
  type      = string
  sensitive = true
}

variable "ocp_access_key_id" {
  type = string
}

variable "ocp_access_key_secret" {
  type      = string
  sensitive = true
}
