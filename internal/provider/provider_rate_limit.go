package provider

import (
	"context"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"
)

// The provider's rate-limit attributes: how long a read may wait on OCP's
// rate limit, and the operator's own pace.
const (
	envMaxRateLimitWait     = "OCP_MAX_RATE_LIMIT_WAIT"
	envMaxRequestsPerSecond = "OCP_MAX_REQUESTS_PER_SECOND"
)

func maxRateLimitWaitAttribute() schema.Attribute {
	return schema.StringAttribute{
		CustomType: timetypes.GoDurationType{},
		Optional:   true,
		MarkdownDescription: "Longest a request may wait, in all, for OCP's rate limit to let it through, as a Go " +
			"duration such as `\"10m\"`. OCP answers with `RateLimit-Limit`, `RateLimit-Remaining` and " +
			"`RateLimit-Reset`; when the window is spent (an answer of 429, or none remaining) every request " +
			"of this provider configuration waits for the reset together, and such waits use up no " +
			"`max_retries`. Past this limit the read fails, quoting OCP's figures. Defaults to `\"10m\"`. " +
			"Falls back to `" + envMaxRateLimitWait + "`.",
		Validators: []validator.String{maxRateLimitWaitValidator},
	}
}

func maxRequestsPerSecondAttribute() schema.Attribute {
	return schema.Float64Attribute{
		Optional: true,
		MarkdownDescription: "Most requests per second this provider configuration sends to OCP, a number " +
			"greater than 0 such as `5` or `0.5`, for teams that know their OCP user's rate limit and would " +
			"rather never be refused. It applies together with `max_concurrent_requests`. Unset, the pace " +
			"follows OCP's rate-limit headers alone. Falls back to `" + envMaxRequestsPerSecond + "`.",
		Validators: []validator.Float64{positiveNumberValidator{}},
	}
}

var maxRateLimitWaitValidator = positiveDuration("Invalid max_rate_limit_wait", "10m")

// positiveNumberValidator accepts a finite number greater than zero.
type positiveNumberValidator struct{}

func (positiveNumberValidator) Description(context.Context) string {
	return "value must be a number greater than 0"
}

func (v positiveNumberValidator) MarkdownDescription(ctx context.Context) string {
	return v.Description(ctx)
}

func (positiveNumberValidator) ValidateFloat64(_ context.Context, req validator.Float64Request, resp *validator.Float64Response) {
	if req.ConfigValue.IsNull() || req.ConfigValue.IsUnknown() {
		return
	}
	if n := req.ConfigValue.ValueFloat64(); !(n > 0) || math.IsInf(n, 0) {
		resp.Diagnostics.AddAttributeError(req.Path, "Invalid max_requests_per_second",
			fmt.Sprintf("max_requests_per_second is %v; set it to a number greater than 0, such as 5 or 0.5.", n))
	}
}

// rateLimitSettings applies the environment fallbacks of the rate-limit
// attributes; values from the block have passed the schema's validators.
func (p *ocpProvider) rateLimitSettings(cfg providerModel, out *resolvedConfig, diags *diag.Diagnostics, unknown func(string)) {
	wait := p.stringSetting(cfg.MaxRateLimitWait.StringValue, "max_rate_limit_wait", envMaxRateLimitWait)
	switch {
	case wait.unknown:
		unknown("max_rate_limit_wait")
	case wait.value != "":
		d, err := time.ParseDuration(strings.TrimSpace(wait.value))
		if (err != nil || d <= 0) && wait.fromEnv {
			diags.AddAttributeError(path.Root("max_rate_limit_wait"), "Invalid max_rate_limit_wait",
				fmt.Sprintf("%s%q is not a positive Go duration such as \"10m\".", fromWhere(wait), wait.value))
		}
		out.maxRateLimitWait = d
	}

	out.maxRequestsPerSecond = p.positiveNumberSetting(cfg.MaxRequestsPerSecond, "max_requests_per_second",
		envMaxRequestsPerSecond, diags, unknown)
}

func (p *ocpProvider) positiveNumberSetting(v types.Float64, attrName, env string, diags *diag.Diagnostics, unknown func(string)) float64 {
	switch {
	case v.IsUnknown():
		unknown(attrName)
		return 0
	case !v.IsNull():
		return v.ValueFloat64()
	}
	raw := p.getenv(env)
	if raw == "" {
		return 0
	}
	n, err := strconv.ParseFloat(strings.TrimSpace(raw), 64)
	if err != nil || !(n > 0) || math.IsInf(n, 0) {
		diags.AddAttributeError(path.Root(attrName), "Invalid "+env,
			fmt.Sprintf("%s is %q; set it to a number greater than 0, such as 5 or 0.5.", env, raw))
		return 0
	}
	return n
}
