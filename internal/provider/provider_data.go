package provider

import (
	"fmt"

	"github.com/hashicorp/terraform-plugin-framework/diag"
)

// isConfigured reports whether the provider handed its data over, and says
// so when not: a data source or resource is built at validation, before the
// provider is configured, and must not be used then.
func isConfigured(configured *providerData, diags *diag.Diagnostics) bool {
	if configured == nil {
		diags.AddError("OCP provider not configured",
			"The provider was used before it was configured. This is a bug in the provider or in Terraform; please report it.")
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
