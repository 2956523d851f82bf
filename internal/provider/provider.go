// Package provider is the Terraform provider for OCP: it converts between
// Terraform and the OCP client in internal/ocp, validates and reports.
package provider

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/hashicorp/terraform-plugin-framework-timetypes/timetypes"
	"github.com/hashicorp/terraform-plugin-framework-validators/int64validator"
	"github.com/hashicorp/terraform-plugin-framework/action"
	"github.com/hashicorp/terraform-plugin-framework/datasource"
	"github.com/hashicorp/terraform-plugin-framework/diag"
	"github.com/hashicorp/terraform-plugin-framework/list"
	"github.com/hashicorp/terraform-plugin-framework/path"
	"github.com/hashicorp/terraform-plugin-framework/provider"
	"github.com/hashicorp/terraform-plugin-framework/provider/schema"
	"github.com/hashicorp/terraform-plugin-framework/resource"
	"github.com/hashicorp/terraform-plugin-framework/schema/validator"
	"github.com/hashicorp/terraform-plugin-framework/types"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
)

var (
	_ provider.Provider                   = (*ocpProvider)(nil)
	_ provider.ProviderWithValidateConfig = (*ocpProvider)(nil)
	_ provider.ProviderWithActions        = (*ocpProvider)(nil)
	_ provider.ProviderWithListResources  = (*ocpProvider)(nil)
)

// New returns a constructor of the provider at the given version.
func New(version string) func() provider.Provider {
	return func() provider.Provider { return &ocpProvider{version: version, getenv: os.Getenv} }
}

type ocpProvider struct {
	version string
	getenv  func(string) string
}

type providerModel struct {
	URL                   types.String         `tfsdk:"url"`
	Username              types.String         `tfsdk:"username"`
	Password              types.String         `tfsdk:"password"`
	AccessKeyID           types.String         `tfsdk:"access_key_id"`
	AccessKeySecret       types.String         `tfsdk:"access_key_secret"`
	Insecure              types.Bool           `tfsdk:"insecure"`
	CACertPEM             types.String         `tfsdk:"ca_cert_pem"`
	RequestTimeout        timetypes.GoDuration `tfsdk:"request_timeout"`
	MaxRetries            types.Int64          `tfsdk:"max_retries"`
	MaxConcurrentRequests types.Int64          `tfsdk:"max_concurrent_requests"`
	MaxRateLimitWait      timetypes.GoDuration `tfsdk:"max_rate_limit_wait"`
	MaxRequestsPerSecond  types.Float64        `tfsdk:"max_requests_per_second"`
}

// Environment variables that stand in for unset provider attributes.
const (
	envURL                   = "OCP_URL"
	envUsername              = "OCP_USERNAME"
	envPassword              = "OCP_PASSWORD"
	envAccessKeyID           = "OCP_ACCESS_KEY_ID"
	envAccessKeySecret       = "OCP_ACCESS_KEY_SECRET"
	envInsecure              = "OCP_INSECURE"
	envCACertPEM             = "OCP_CA_CERT_PEM"
	envRequestTimeout        = "OCP_REQUEST_TIMEOUT"
	envMaxRetries            = "OCP_MAX_RETRIES"
	envMaxConcurrentRequests = "OCP_MAX_CONCURRENT_REQUESTS"
)

func (p *ocpProvider) Metadata(_ context.Context, _ provider.MetadataRequest, resp *provider.MetadataResponse) {
	resp.TypeName = "ocp"
	resp.Version = p.version
}

func (p *ocpProvider) Schema(_ context.Context, _ provider.SchemaRequest, resp *provider.SchemaResponse) {
	resp.Schema = schema.Schema{
		MarkdownDescription: "Reads OCP (OceanBase Cloud Platform), the management platform for OceanBase " +
			"database clusters. Authenticate with exactly one scheme: `username` and `password` (HTTP Basic, " +
			"every OCP release) or `access_key_id` and `access_key_secret` (AK/SK request signing, OCP 4.0.3 " +
			"and later, recommended there). Every attribute falls back to its `OCP_*` environment variable " +
			"(values trimmed of surrounding whitespace); a string attribute set to `\"\"` counts as unset, so a " +
			"module may pass a variable whose default is `\"\"`.",
		Attributes: map[string]schema.Attribute{
			"url": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Base URL of OCP, such as `https://ocp.example.com:8080`. " +
					"Falls back to `" + envURL + "`. Required one way or the other.",
				Validators: []validator.String{baseURLValidator},
			},
			"username": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "OCP user name for HTTP Basic authentication. Falls back to `" + envUsername +
					"`. Conflicts with `access_key_id` and `access_key_secret`.",
			},
			"password": schema.StringAttribute{
				Optional: true, Sensitive: true,
				MarkdownDescription: "Password of `username`. Falls back to `" + envPassword + "`.",
			},
			"access_key_id": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "OCP AccessKey ID (AK) for signed requests (OCP 4.0.3 and later). Falls back to `" +
					envAccessKeyID + "`. Conflicts with `username` and `password`.",
			},
			"access_key_secret": schema.StringAttribute{
				Optional: true, Sensitive: true,
				MarkdownDescription: "OCP AccessKey Secret (SK) that signs each request; it is never sent. " +
					"Falls back to `" + envAccessKeySecret + "`.",
			},
			"insecure": schema.BoolAttribute{
				Optional: true,
				MarkdownDescription: "Skip verification of OCP's TLS certificate. Off by default; prefer " +
					"`ca_cert_pem` for a self-signed certificate. Falls back to `" + envInsecure + "`.",
			},
			"ca_cert_pem": schema.StringAttribute{
				Optional: true,
				MarkdownDescription: "Extra certificate authority to trust, in PEM, for an OCP behind a private or " +
					"self-signed certificate. Falls back to `" + envCACertPEM + "`. Conflicts with `insecure`.",
				// The conflict with insecure is checked in resolve, which
				// knows whether each value came from the block or the
				// environment, and that an empty string means unset.
				Validators: []validator.String{caCertPEMValidator},
			},
			"request_timeout": schema.StringAttribute{
				CustomType: timetypes.GoDurationType{},
				Optional:   true,
				MarkdownDescription: "Time limit of one HTTP attempt, as a Go duration such as `\"30s\"` or `\"2m\"`. " +
					"Defaults to `\"30s\"`. Falls back to `" + envRequestTimeout + "`.",
				Validators: []validator.String{positiveDuration("Invalid request timeout", "30s")},
			},
			"max_retries": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "How many times a request is retried after a connection error or an answer of " +
					"502, 503 or 504, with exponential backoff that honours `Retry-After`; the total wait is capped " +
					"at about a minute. An answer of 429 (OCP's rate limit) uses up no retries: it is waited out " +
					"under `max_rate_limit_wait`. Defaults to 4; 0 disables retries. Falls back to `" + envMaxRetries + "`.",
				Validators: []validator.Int64{int64validator.AtLeast(0)},
			},
			"max_concurrent_requests": schema.Int64Attribute{
				Optional: true,
				MarkdownDescription: "Most requests in flight to OCP at once, across every data source of this " +
					"provider configuration. Defaults to 8. Falls back to `" + envMaxConcurrentRequests + "`.",
				Validators: []validator.Int64{int64validator.AtLeast(1)},
			},
			"max_rate_limit_wait":     maxRateLimitWaitAttribute(),
			"max_requests_per_second": maxRequestsPerSecondAttribute(),
		},
	}
}

func (p *ocpProvider) ValidateConfig(ctx context.Context, req provider.ValidateConfigRequest, resp *provider.ValidateConfigResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	s, diags := p.resolve(cfg, false)
	resp.Diagnostics.Append(diags...)
	resp.Diagnostics.Append(shortSecretWarnings(s.auth)...)
}

// shortSecretWarnings warns of a secret too short to be masked wherever it
// occurs without revealing it (see ocp.MinMaskableSecretLength).
func shortSecretWarnings(c ocp.Credentials) diag.Diagnostics {
	var diags diag.Diagnostics
	attrName, secret := "", ""
	switch c := c.(type) {
	case ocp.BasicAuth:
		attrName, secret = "password", c.Password
	case ocp.AccessKey:
		attrName, secret = "access_key_secret", c.Secret
	}
	if secret != "" && len(secret) < ocp.MinMaskableSecretLength {
		// Not attached to the attribute: Terraform would print its line of
		// configuration, and the value of a variable it names, with the
		// warning about keeping that value out of sight.
		diags.AddWarning("OCP "+attrName+" too short to keep out of logs",
			fmt.Sprintf("The %s has fewer than %d characters. Masking every occurrence of so short a value would "+
				"reveal it, so logs and error messages mask it only where it is known to sit (the Authorization "+
				"header, JSON fields named like secrets); a server that echoes it elsewhere would show it. Use a "+
				"longer %s.", attrName, ocp.MinMaskableSecretLength, attrName))
	}
	return diags
}

func (p *ocpProvider) Configure(ctx context.Context, req provider.ConfigureRequest, resp *provider.ConfigureResponse) {
	var cfg providerModel
	resp.Diagnostics.Append(req.Config.Get(ctx, &cfg)...)
	if resp.Diagnostics.HasError() {
		return
	}
	s, diags := p.resolve(cfg, true)
	resp.Diagnostics.Append(diags...)
	if resp.Diagnostics.HasError() {
		return
	}
	client, err := ocp.New(ocp.Config{
		BaseURL:               s.url,
		Credentials:           s.auth,
		UserAgent:             fmt.Sprintf("terraform-provider-ocp/%s Terraform/%s", p.version, req.TerraformVersion),
		Insecure:              s.insecure,
		CACertPEM:             s.caCertPEM,
		RequestTimeout:        s.requestTimeout,
		MaxRetries:            s.maxRetries,
		MaxConcurrentRequests: s.maxConcurrentRequests,
		MaxRateLimitWait:      s.maxRateLimitWait,
		MaxRequestsPerSecond:  s.maxRequestsPerSecond,
		Logger:                requestLogger(),
	})
	if err != nil {
		resp.Diagnostics.AddError("Unable to create the OCP client", err.Error())
		return
	}
	data := &providerData{client: client, logging: logsRequested()}
	resp.DataSourceData = data
	resp.ResourceData = data
	resp.ActionData = data
	resp.ListResourceData = data
}

func (p *ocpProvider) Actions(context.Context) []func() action.Action {
	return []func() action.Action{NewBackupNowAction}
}

func (p *ocpProvider) ListResources(context.Context) []func() list.ListResource {
	return []func() list.ListResource{NewBackupStrategyListResource}
}

func (p *ocpProvider) Resources(context.Context) []func() resource.Resource {
	return []func() resource.Resource{NewBackupStrategyResource}
}

func (p *ocpProvider) DataSources(context.Context) []func() datasource.DataSource {
	return []func() datasource.DataSource{
		NewClusterBackupOverviewDataSource,
		NewClusterBackupOverviewsDataSource,
		NewDataBackupTasksDataSource,
		NewLogBackupTasksDataSource,
		NewRestoreTasksDataSource,
		NewRestoreDrillsDataSource,
		NewRecoveryWindowDataSource,
		NewRecoveryWindowsDataSource,
		NewBackupStrategyDataSource,
	}
}

// providerData is what Configure hands every data source.
type providerData struct {
	client *ocp.Client
	// logging is whether the user asked for logs (a TF_LOG* variable).
	logging bool
}

// resolvedConfig is the provider configuration with environment fallbacks applied.
type resolvedConfig struct {
	url                   string
	auth                  ocp.Credentials
	insecure              bool
	caCertPEM             string
	requestTimeout        time.Duration
	maxRetries            int
	maxConcurrentRequests int
	maxRateLimitWait      time.Duration
	maxRequestsPerSecond  float64
}

// stringSetting is one string attribute with its environment fallback. An
// unknown value (known only after apply) is reported by the caller.
type stringSetting struct {
	attr, env string
	value     string
	fromEnv   bool
	unknown   bool
}

// stringSetting resolves one attribute. An empty string counts as unset, so
// that a module passing `var.x` with `default = ""` falls back to the
// environment like an omitted attribute.
func (p *ocpProvider) stringSetting(v types.String, attrName, env string) stringSetting {
	s := stringSetting{attr: attrName, env: env}
	switch {
	case v.IsUnknown():
		s.unknown = true
	case v.ValueString() != "":
		s.value = v.ValueString()
	default:
		s.value, s.fromEnv = p.env(env), true
	}
	return s
}

// env reads an environment variable, trimmed of surrounding whitespace
// alike for every variable: a value pasted with a newline is the value.
func (p *ocpProvider) env(name string) string { return strings.TrimSpace(p.getenv(name)) }

// source says where a value came from, for messages.
func (s stringSetting) source() string {
	if s.fromEnv {
		return "the " + s.env + " environment variable"
	}
	return s.attr + " in the provider block"
}

func (s stringSetting) set() bool { return s.unknown || s.value != "" }

// resolve applies environment fallbacks and checks what the schema's
// validators cannot see: values from the environment, and rules that span
// attributes. With configuring false it runs at validation, when unknown
// values are still to be expected; at Configure they are an error.
func (p *ocpProvider) resolve(cfg providerModel, configuring bool) (resolvedConfig, diag.Diagnostics) {
	var diags diag.Diagnostics
	var out resolvedConfig
	unknown := func(attrName string) {
		if configuring {
			diags.AddAttributeError(path.Root(attrName), "Unknown OCP provider setting",
				fmt.Sprintf("The provider cannot reach OCP because %s is unknown until apply. Set it to a value known "+
					"at plan time, or use the environment variable instead.", attrName))
		}
	}

	url := p.stringSetting(cfg.URL, "url", envURL)
	switch {
	case url.unknown:
		unknown("url")
	case url.value == "":
		diags.AddAttributeError(path.Root("url"), "Missing OCP URL",
			"Set url in the provider block, or the "+envURL+" environment variable, to OCP's base URL "+
				"(such as https://ocp.example.com:8080).")
	default:
		// A value from the block has passed the schema's validator already.
		if _, err := ocp.ParseBaseURL(url.value); err != nil && url.fromEnv {
			diags.AddAttributeError(path.Root("url"), "Invalid OCP URL", fromWhere(url)+err.Error())
		}
		out.url = url.value
	}

	out.auth = p.chooseAuth(cfg, &diags, unknown)

	insecureSource := "insecure in the provider block"
	insecure := cfg.Insecure
	if insecure.IsUnknown() {
		unknown("insecure")
	} else if !insecure.IsNull() {
		out.insecure = insecure.ValueBool()
	} else if v := p.env(envInsecure); v != "" {
		insecureSource = "the " + envInsecure + " environment variable"
		b, err := strconv.ParseBool(v)
		if err != nil {
			diags.AddAttributeError(path.Root("insecure"), "Invalid "+envInsecure,
				fmt.Sprintf("%s is %q; set it to true or false.", envInsecure, v))
		}
		out.insecure = b
	}

	ca := p.stringSetting(cfg.CACertPEM, "ca_cert_pem", envCACertPEM)
	if !ca.unknown && !ca.fromEnv && strings.TrimSpace(ca.value) == "" {
		// Only white space is no certificate, for TLSConfig as here: it
		// neither conflicts with insecure nor hides OCP_CA_CERT_PEM.
		ca = p.stringSetting(types.StringNull(), "ca_cert_pem", envCACertPEM)
	}
	switch {
	case ca.unknown:
		unknown("ca_cert_pem")
	case ca.value != "":
		if _, err := ocp.TLSConfig(false, ca.value); err != nil && ca.fromEnv {
			diags.AddAttributeError(path.Root("ca_cert_pem"), "Invalid CA certificate", fromWhere(ca)+err.Error())
		}
		if out.insecure {
			diags.AddAttributeError(path.Root("ca_cert_pem"), "Conflicting TLS settings",
				fmt.Sprintf("insecure = true (from %s) skips certificate verification, so the CA certificate from %s "+
					"would be ignored; set only one.", insecureSource, ca.source()))
		}
		out.caCertPEM = ca.value
	}

	timeout := p.stringSetting(cfg.RequestTimeout.StringValue, "request_timeout", envRequestTimeout)
	switch {
	case timeout.unknown:
		unknown("request_timeout")
	case timeout.value != "":
		d, err := time.ParseDuration(timeout.value)
		if (err != nil || d <= 0) && timeout.fromEnv {
			diags.AddAttributeError(path.Root("request_timeout"), "Invalid request timeout",
				fmt.Sprintf("%s%q is not a positive Go duration such as \"30s\" or \"2m\".", fromWhere(timeout), timeout.value))
		}
		out.requestTimeout = d
	}

	out.maxRetries = p.intSetting(cfg.MaxRetries, "max_retries", envMaxRetries, 0, ocp.DefaultMaxRetries, &diags, unknown)
	out.maxConcurrentRequests = p.intSetting(cfg.MaxConcurrentRequests, "max_concurrent_requests",
		envMaxConcurrentRequests, 1, ocp.DefaultMaxConcurrentRequests, &diags, unknown)
	p.rateLimitSettings(cfg, &out, &diags, unknown)
	return out, diags
}

func fromWhere(s stringSetting) string {
	if s.fromEnv {
		return "From the " + s.env + " environment variable: "
	}
	return ""
}

func (p *ocpProvider) intSetting(v types.Int64, attrName, env string, least, def int, diags *diag.Diagnostics, unknown func(string)) int {
	switch {
	case v.IsUnknown():
		unknown(attrName)
		return def
	case !v.IsNull():
		return int(v.ValueInt64())
	}
	raw := p.env(env)
	if raw == "" {
		return def
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < least {
		diags.AddAttributeError(path.Root(attrName), "Invalid "+env,
			fmt.Sprintf("%s is %q; set it to a whole number of at least %d.", env, raw, least))
		return def
	}
	return n
}

// chooseAuth picks the one authentication scheme. A scheme set in the
// provider block wins over the environment; within the chosen scheme each
// attribute falls back to its own variable, so a block may set username and
// leave the password to OCP_PASSWORD.
func (p *ocpProvider) chooseAuth(cfg providerModel, diags *diag.Diagnostics, unknown func(string)) ocp.Credentials {
	user := p.stringSetting(cfg.Username, "username", envUsername)
	pass := p.stringSetting(cfg.Password, "password", envPassword)
	akID := p.stringSetting(cfg.AccessKeyID, "access_key_id", envAccessKeyID)
	akSecret := p.stringSetting(cfg.AccessKeySecret, "access_key_secret", envAccessKeySecret)

	inConfig := func(s stringSetting) bool { return !s.fromEnv && s.set() }
	basicInConfig, akInConfig := inConfig(user) || inConfig(pass), inConfig(akID) || inConfig(akSecret)
	basic, ak := user.set() || pass.set(), akID.set() || akSecret.set()
	useAK := ak
	switch {
	case basicInConfig && akInConfig:
		diags.AddAttributeError(path.Root("access_key_id"), "Conflicting OCP credentials",
			"The provider block sets both username/password (HTTP Basic) and access_key_id/access_key_secret "+
				"(AK/SK signing). Configure exactly one scheme.")
		return nil
	case basicInConfig:
		useAK = false
	case akInConfig:
		useAK = true
	case basic && ak:
		diags.AddAttributeError(path.Root("access_key_id"), "Conflicting OCP credentials",
			"The environment sets both "+envUsername+"/"+envPassword+" (HTTP Basic) and "+envAccessKeyID+"/"+
				envAccessKeySecret+" (AK/SK signing). Unset one pair, or choose a scheme in the provider block.")
		return nil
	case !basic && !ak:
		diags.AddAttributeError(path.Root("username"), "Missing OCP credentials",
			"Set username and password (or "+envUsername+" and "+envPassword+") for HTTP Basic, or "+
				"access_key_id and access_key_secret (or "+envAccessKeyID+" and "+envAccessKeySecret+") for "+
				"AK/SK signing (OCP 4.0.3 and later).")
		return nil
	}

	first, second := user, pass
	if useAK {
		first, second = akID, akSecret
	}
	for _, s := range []stringSetting{first, second} {
		if s.unknown {
			unknown(s.attr)
		}
	}
	for _, pair := range [][2]stringSetting{{first, second}, {second, first}} {
		if !pair[0].set() {
			diags.AddAttributeError(path.Root(pair[0].attr), "Incomplete OCP credentials",
				fmt.Sprintf("%s is set, so %s (or the %s environment variable) is required too.",
					pair[1].attr, pair[0].attr, pair[0].env))
		}
	}
	if diags.HasError() || first.unknown || second.unknown {
		return nil
	}
	if useAK {
		return ocp.AccessKey{ID: first.value, Secret: second.value}
	}
	return ocp.BasicAuth{Username: first.value, Password: second.value}
}
