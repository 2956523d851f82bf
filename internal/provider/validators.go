package provider

import (
	"context"
	"errors"
	"time"

	"github.com/hashicorp/terraform-plugin-framework/schema/validator"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
)

// stringCheck is a plan-time check of one string attribute by a function
// that returns why the value is wrong, or nil.
type stringCheck struct {
	description string
	summary     string
	check       func(string) error
	// mayHoldCredentials is set for a URL, whose userinfo must not be shown.
	mayHoldCredentials bool
}

func (v stringCheck) Description(context.Context) string         { return v.description }
func (v stringCheck) MarkdownDescription(context.Context) string { return v.description }

func (v stringCheck) ValidateString(_ context.Context, req validator.StringRequest, resp *validator.StringResponse) {
	// An empty string counts as unset: the environment decides.
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() || req.ConfigValue.ValueString() == "" {
		return
	}
	value := req.ConfigValue.ValueString()
	if err := v.check(value); err != nil {
		if v.mayHoldCredentials && ocp.WithoutUserinfo(value) != value {
			// Attached to the attribute, the error would make Terraform
			// print the line of configuration, or the variable's value,
			// with the credentials it is about.
			resp.Diagnostics.AddError(v.summary, req.Path.String()+": "+err.Error())
			return
		}
		// The path in the text too: Terraform before 1.12 shows a nested
		// attribute's error at the resource's line.
		resp.Diagnostics.AddAttributeError(req.Path, v.summary, req.Path.String()+": "+err.Error())
	}
}

var (
	baseURLValidator = stringCheck{
		description:        "value must be an absolute http:// or https:// URL",
		summary:            "Invalid OCP URL",
		mayHoldCredentials: true,
		check: func(s string) error {
			_, err := ocp.ParseBaseURL(s)
			return err
		},
	}
	caCertPEMValidator = stringCheck{
		description: "value must hold at least one PEM-encoded certificate",
		summary:     "Invalid CA certificate",
		check: func(s string) error {
			_, err := ocp.TLSConfig(false, s)
			return err
		},
	}
)

// positiveDuration is a plan-time check of a Go duration attribute such as
// request_timeout; example is a value to suggest in the message.
func positiveDuration(summary, example string) stringCheck {
	return stringCheck{
		description: "value must be a positive Go duration such as \"" + example + "\"",
		summary:     summary,
		check: func(s string) error {
			d, err := time.ParseDuration(s)
			if err == nil && d <= 0 {
				return errors.New("the duration must be greater than zero, such as \"" + example + "\"")
			}
			return err
		},
	}
}
