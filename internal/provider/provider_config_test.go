package provider

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// Bad provider configurations fail at plan time with an error naming the
// attribute and its environment variable, before any request reaches OCP.
func TestProviderConfigErrors(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	expectNoRequests(t, srv)
	c := ocptest.DefaultCredentials
	block := func(lines ...string) string {
		return "provider \"ocp\" {\n  " + strings.Join(lines, "\n  ") + "\n}\n" + overviewConfig(ocptest.ClusterHealthy)
	}
	url := fmt.Sprintf("url = %q", srv.URL)
	user, pass := fmt.Sprintf("username = %q", c.Username), fmt.Sprintf("password = %q", c.Password)
	ak, sk := fmt.Sprintf("access_key_id = %q", c.AccessKeyID), fmt.Sprintf("access_key_secret = %q", c.AccessSecret)
	cases := []struct {
		name   string
		config string
		want   string
	}{
		{"missing url", block(user, pass), `Missing OCP URL.*url.*OCP_URL`},
		{"url not http", block(`url = "ocp.example.com:8080"`, user, pass), `Invalid OCP URL.*must start with http:// or https://`},
		{"no credentials", block(url), `Missing OCP credentials.*username and password \(or OCP_USERNAME and OCP_PASSWORD\).*access_key_id and access_key_secret \(or OCP_ACCESS_KEY_ID and OCP_ACCESS_KEY_SECRET\)`},
		{"both schemes", block(url, user, pass, ak, sk), `Conflicting OCP credentials.*exactly one scheme`},
		{"username without password", block(url, user), `Incomplete OCP credentials.*password \(or the OCP_PASSWORD environment variable\)`},
		{"secret without key id", block(url, sk), `Incomplete OCP credentials.*access_key_id \(or the OCP_ACCESS_KEY_ID environment\s+variable\)`},
		{"bad CA PEM", block(url, user, pass, `ca_cert_pem = "not a pem"`), `Invalid CA certificate.*no valid certificate`},
		{"CA with insecure", block(url, user, pass, `insecure = true`, `ca_cert_pem = "x"`), `Invalid CA certificate.*no valid certificate`},
		{"url with credentials", block(`url = "https://admin:hunter2@ocp.example.com"`, user, pass),
			`Invalid OCP URL.*"https://ocp.example.com" must not hold credentials.*put credentials in username/password`},
		{"bad timeout", block(url, user, pass, `request_timeout = "soon"`), `request_timeout`},
		{"zero timeout", block(url, user, pass, `request_timeout = "0s"`), `Invalid request timeout.*greater than zero`},
		{"negative retries", block(url, user, pass, `max_retries = -1`), `max_retries.*at least 0`},
		{"zero concurrency", block(url, user, pass, `max_concurrent_requests = 0`), `max_concurrent_requests.*at least 1`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			planFails(t, tc.config, tc.want)
		})
	}
}

// The environment stands in for every attribute, and the provider block wins.
func TestProviderEnvironment(t *testing.T) {
	srv := newServer(t)
	c := ocptest.DefaultCredentials
	t.Setenv("OCP_URL", srv.URL)
	t.Setenv("OCP_ACCESS_KEY_ID", c.AccessKeyID)
	t.Setenv("OCP_ACCESS_KEY_SECRET", c.AccessSecret)
	t.Setenv("OCP_MAX_RETRIES", "0")
	read := overviewConfig(ocptest.ClusterHealthy)
	nameIs := statecheck.ExpectKnownValue(overviewAddress, tfjsonpath.New("cluster_name"), knownvalue.StringExact("prod-orders"))
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			// AK/SK entirely from the environment.
			{Config: `provider "ocp" {}` + read, ConfigStateChecks: []statecheck.StateCheck{nameIs}},
			// Basic in the block wins over AK/SK in the environment; the
			// password comes from OCP_PASSWORD.
			{
				PreConfig: func() { t.Setenv("OCP_PASSWORD", c.Password) },
				Config:    fmt.Sprintf(`provider "ocp" { username = %q }`, c.Username) + read, ConfigStateChecks: []statecheck.StateCheck{nameIs},
			},
			// The block's URL wins over OCP_URL.
			{
				PreConfig:   func() { t.Setenv("OCP_PASSWORD", "") },
				Config:      `provider "ocp" { url = "http://127.0.0.1:1" }` + read,
				ExpectError: regexp.MustCompile(`GET http://127\.0\.0\.1:1/api/v2/ob/clusters/101/backup/overview failed`),
			},
		},
	})
}

func TestProviderEnvironmentErrors(t *testing.T) {
	srv := newServer(t)
	expectNoRequests(t, srv)
	tlsServer := ocptest.NewTLS()
	t.Cleanup(tlsServer.Close)
	c := ocptest.DefaultCredentials
	t.Setenv("OCP_URL", srv.URL)
	t.Setenv("OCP_ACCESS_KEY_ID", c.AccessKeyID)
	t.Setenv("OCP_ACCESS_KEY_SECRET", c.AccessSecret)
	cases := []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"OCP_INSECURE": "maybe"}, `Invalid OCP_INSECURE.*true or false`},
		{map[string]string{"OCP_USERNAME": c.Username}, `Conflicting OCP credentials.*The environment sets both`},
		{map[string]string{"OCP_URL": "ocp.example.com"}, `Invalid OCP URL.*From the OCP_URL environment variable`},
		{map[string]string{"OCP_MAX_RETRIES": "lots"}, `Invalid OCP_MAX_RETRIES`},
		{map[string]string{"OCP_REQUEST_TIMEOUT": "-5s"}, `Invalid request timeout.*OCP_REQUEST_TIMEOUT`},
		{map[string]string{"OCP_CA_CERT_PEM": srv.URL}, `Invalid CA certificate.*From the OCP_CA_CERT_PEM environment variable`},
		{map[string]string{"OCP_INSECURE": "true", "OCP_CA_CERT_PEM": tlsServer.CACertPEM()},
			`Conflicting TLS settings.*insecure = true \(from the OCP_INSECURE environment variable\).*CA certificate from the OCP_CA_CERT_PEM environment variable`},
		{map[string]string{"OCP_INSECURE": "true", "TF_VAR_ca": tlsServer.CACertPEM()},
			`Conflicting TLS settings.*\(from the OCP_INSECURE environment variable\).*from ca_cert_pem in the provider block`},
		{map[string]string{"OCP_URL": "https://admin:hunter2@ocp.example.com"}, `From the OCP_URL environment variable: OCP URL "https://ocp.example.com" must not hold credentials`},
	}
	for _, tc := range cases {
		config := `variable "ca" {
  type    = string
  default = null
}

provider "ocp" {
  ca_cert_pem = var.ca
}
` + overviewConfig(ocptest.ClusterHealthy)
		planFails(t, config, tc.want, func() {
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
		})
		for k := range tc.env {
			t.Setenv(k, "")
		}
		t.Setenv("OCP_URL", srv.URL)
	}
}

// A provider setting known only after apply cannot reach OCP at plan time;
// the error says which one and what to do.
func TestProviderUnknownSettingAtConfigure(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	expectNoRequests(t, srv)
	c := ocptest.DefaultCredentials
	planFails(t, fmt.Sprintf(`
resource "terraform_data" "url" {
  input = %q
}

provider "ocp" {
  url      = terraform_data.url.output
  username = %q
  password = %q
}
`, srv.URL, c.Username, c.Password)+overviewConfig(ocptest.ClusterHealthy),
		`Unknown OCP provider setting.*url is unknown until apply`)
}

// Modules pass `var.x` whose default is "": an empty string is unset, and
// the environment (trimmed, as every variable is) stands in for it.
func TestProviderEmptyStringsFallBackToEnvironment(t *testing.T) {
	srv := newServer(t)
	c := ocptest.DefaultCredentials
	t.Setenv("OCP_URL", " "+srv.URL+"\n")
	t.Setenv("OCP_USERNAME", c.Username+"\n")
	t.Setenv("OCP_PASSWORD", "\t"+c.Password)
	t.Setenv("OCP_MAX_RETRIES", " 0 ")
	readAndCheck(t, `
variable "url" {
  type    = string
  default = ""
}

provider "ocp" {
  url               = var.url
  username          = ""
  password          = ""
  access_key_id     = ""
  access_key_secret = ""
  ca_cert_pem       = ""
}
`+overviewConfig(ocptest.ClusterHealthy),
		statecheck.ExpectKnownValue(overviewAddress, tfjsonpath.New("cluster_name"), knownvalue.StringExact("prod-orders")))
}
