package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// ready reports whether the provider was configured, and says so when not.
func (d *providerData) ready(diags *diag.Diagnostics) bool {
	if d == nil {
		diags.AddError("OCP provider not configured",
			"The data source was read before the provider was configured. This is a bug in the provider or in Terraform; please report it.")
		return false
	}
	return true
}

// configuredProvider unpacks what the provider's Configure handed a data
// source; nil before the provider is configured (at validation).
func configuredProvider(data any, diags *diag.Diagnostics) *providerData {
	if data == nil {
		return nil
	}
	p, ok := data.(*providerData)
	if !ok {
		diags.AddError("Unexpected provider data",
			fmt.Sprintf("Expected *providerData, got %T. This is a bug in the provider; please report it.", data))
	}
	return p
}

// errorDetail is the text of err fit for a diagnostic. Terraform logs every
// diagnostic, so server text in it passes the client's redactor (secrets)
// and control-character escaping first, whatever path the error took.
func (d *providerData) errorDetail(err error) string {
	return d.client.Redactor().Clean(err.Error())
}
