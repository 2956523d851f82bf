package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// A server chooses its response headers, names as well as values: at
// TF_LOG=trace neither may show the password, whatever its case (Go
// canonicalises a header name, s3cret-Passw0rd becoming S3cret-Passw0rd).
func TestTraceLogsHideSecretsInResponseHeaders(t *testing.T) {
	t.Parallel()
	c := ocptest.DefaultCredentials
	srv := newServer(t)
	srv.Inject(ocptest.RouteOverview, ocptest.ClusterHealthy, ocptest.Fault{Times: -1,
		Header: map[string]string{c.Password: "x", "X-Echo": "pw=" + strings.ToUpper(c.Password)}})
	out, err := runTerraform(t, basicProvider(srv, "max_retries = 0")+overviewConfig(ocptest.ClusterHealthy),
		[]string{"TF_LOG=trace"}, "plan", "-no-color", "-input=false")
	if err != nil {
		t.Fatalf("terraform plan: %v\n%s", err, out)
	}
	if !strings.Contains(out, "X-Echo:pw=<redacted>") {
		t.Errorf("the trace log lacks the redacted header")
	}
	lower := strings.ToLower(out)
	for _, leak := range []string{strings.ToLower(c.Password), strings.ToLower(basicValue(c.Username, c.Password))} {
		if n := strings.Count(lower, leak); n > 0 {
			t.Errorf("the output shows %q (in some case) %d times", leak, n)
		}
	}
}

// A diagnostic about a credential must not be attached to the attribute
// that holds it: Terraform prints that attribute's line of configuration. The warning that a password is too
// short to mask, and the error that a url holds userinfo, would show
// exactly what they are about.
func TestCredentialDiagnosticsDoNotQuoteTheirValue(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	config := fmt.Sprintf(`provider "ocp" {
  url      = "http://admin:hunter2@%s"
  username = "admin"
  password = "Xq7zZk"
}
`, strings.TrimPrefix(srv.URL, "http://")) + overviewConfig(ocptest.ClusterHealthy)
	out, err := runTerraform(t, config, nil, "plan", "-no-color", "-input=false")
	if err == nil {
		t.Fatalf("the plan passed:\n%s", out)
	}
	flat := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{"OCP password too short to keep out of logs", "must not hold credentials"} {
		if !strings.Contains(flat, want) {
			t.Errorf("the output lacks %q:\n%s", want, out)
		}
	}
	for _, leak := range []string{"Xq7zZk", "hunter2"} {
		if strings.Contains(out, leak) {
			t.Errorf("the output shows %q:\n%s", leak, out)
		}
	}
}

// ca_cert_pem of only white space holds no certificate, as TLSConfig
// reads it: it does not conflict with insecure, and does not hide
// OCP_CA_CERT_PEM.
func TestBlankCACertIsUnset(t *testing.T) {
	t.Parallel()
	srv := ocptest.NewTLS()
	t.Cleanup(srv.Close)
	c := ocptest.DefaultCredentials
	block := func(extra string) string {
		return fmt.Sprintf(`provider "ocp" {
  url         = %q
  username    = %q
  password    = %q
  ca_cert_pem = "  \n"
  max_retries = 0
  %s
}
`, srv.URL, c.Username, c.Password, extra) + overviewConfig(ocptest.ClusterHealthy)
	}
	if out, err := runTerraform(t, block("insecure = true"), nil, "plan", "-no-color", "-input=false"); err != nil {
		t.Errorf("with insecure: %v\n%s", err, out)
	}
	if out, err := runTerraform(t, block(""), []string{"OCP_CA_CERT_PEM=" + srv.CACertPEM()}, "plan", "-no-color", "-input=false"); err != nil {
		t.Errorf("with OCP_CA_CERT_PEM: %v\n%s", err, out)
	}
}

// A redirect's Location is shown without userinfo or query in the trace
// log as in the error: "a URL in any message is printed without userinfo".
func TestTraceLogShowsLocationWithoutUserinfo(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	srv.Inject(ocptest.RouteOverview, ocptest.ClusterHealthy, ocptest.Fault{Times: -1, Status: 302,
		Header: map[string]string{"Location": "https://sso:hunter2@sso.example.com/login?ticket=ST-1"}})
	out, err := runTerraform(t, basicProvider(srv, "max_retries = 0")+overviewConfig(ocptest.ClusterHealthy),
		[]string{"TF_LOG=trace"}, "plan", "-no-color", "-input=false")
	if err == nil {
		t.Fatalf("the plan passed:\n%s", out)
	}
	if !strings.Contains(out, "Location:https://sso.example.com/login (query omitted)") {
		t.Errorf("the trace log lacks the sanitised Location")
	}
	for _, leak := range []string{"hunter2", "ST-1"} {
		if strings.Contains(out, leak) {
			t.Errorf("the output shows %q", leak)
		}
	}
}

// More hostile answers through the CLI at TF_LOG=error, where Terraform
// logs every diagnostic: each fails the plan, in OCP's terms, and none
// shows a secret or a server's credentials.
func TestMoreHostileAnswersFailThePlan(t *testing.T) {
	t.Parallel()
	c := ocptest.DefaultCredentials
	var escaped strings.Builder
	for _, r := range c.Password {
		fmt.Fprintf(&escaped, `\u%04x`, r)
	}
	cases := []struct {
		name  string
		fault ocptest.Fault
		want  []string
	}{
		{"data of the wrong type", ocptest.Fault{Status: 200, Body: `{"successful": true, "data": [{"clusterId": 101}]}`},
			[]string{`field "data" holds array, which cannot be read as an object`}},
		{"empty data", ocptest.Fault{Status: 200, Body: `{"successful": true, "data": {}}`},
			[]string{"OCP's answer has no data"}},
		{"successful twice", ocptest.Fault{Status: 200, Body: `{"successful": false, "successful": true, "data": {"clusterId": 101}}`},
			[]string{`names the field "successful" twice`}},
		{"an escaped password", ocptest.Fault{Status: 200, Body: `{"successful": true, "data": {"clusterId": "` + escaped.String() + `"}}`},
			[]string{`field "clusterId" holds long "<redacted>"`}},
		{"a Location without slashes", ocptest.Fault{Status: 301, Header: map[string]string{"Location": "sso:hunter2@evil.example.com/x"}},
			[]string{"HTTP 301", `redirects to "sso://evil.example.com/x"`}},
		{"an enormous message", ocptest.Error(500, "X1", strings.Repeat("m", 300000)),
			[]string{"HTTP 500 (Internal Server Error), error code X1", "bytes omitted"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t)
			tc.fault.Times = -1
			srv.Inject(ocptest.RouteOverview, ocptest.ClusterHealthy, tc.fault)
			out, err := runTerraform(t, basicProvider(srv, "max_retries = 0")+overviewConfig(ocptest.ClusterHealthy),
				[]string{"TF_LOG=error"}, "plan", "-no-color", "-input=false")
			if err == nil {
				t.Fatalf("the plan passed:\n%s", out)
			}
			flat := strings.Join(strings.Fields(out), " ")
			for _, want := range append(tc.want, "Unable to read the backup overview of OCP cluster 101") {
				if !strings.Contains(flat, want) {
					t.Errorf("the output lacks %q:\n%.3000s", want, out)
				}
			}
			for _, leak := range []string{c.Password, escaped.String()[:12], "hunter2", "Go value", "ocp.Cluster", strings.Repeat("m", 5000)} {
				if strings.Contains(out, leak) {
					t.Errorf("the output shows %.40q", leak)
				}
			}
		})
	}
}
