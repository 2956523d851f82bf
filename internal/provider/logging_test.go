package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// At TF_LOG=trace Terraform prints every log line of the provider process;
// none may show a credential, whichever scheme, and whether or not OCP
// accepts it.
func TestTraceLogsShowNoSecrets(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	c := ocptest.DefaultCredentials
	read := overviewConfig(ocptest.ClusterHealthy)
	wrongPassword, wrongSecret := "Wr0ng-Passw0rd-xyz", "0000wrongsecret0000"
	cases := []struct {
		name    string
		config  string
		secrets []string
		wantErr bool
	}{
		{"basic", basicProvider(srv), []string{c.Password, basicValue(c.Username, c.Password)}, false},
		{"access key", accessKeyProvider(srv), []string{c.AccessSecret}, false},
		{"wrong password", fmt.Sprintf(`provider "ocp" {
  url = %q
  username = %q
  password = %q
  max_retries = 0
}`, srv.URL, c.Username, wrongPassword), []string{wrongPassword, basicValue(c.Username, wrongPassword)}, true},
		{"wrong secret", fmt.Sprintf(`provider "ocp" {
  url = %q
  access_key_id = %q
  access_key_secret = %q
  max_retries = 0
}`, srv.URL, c.AccessKeyID, wrongSecret), []string{wrongSecret}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			out, err := runTerraform(t, tc.config+read, []string{"TF_LOG=trace"}, "plan", "-no-color", "-input=false")
			if (err != nil) != tc.wantErr {
				t.Fatalf("terraform plan: err = %v, want error %v\n%s", err, tc.wantErr, out)
			}
			for _, want := range []string{"OCP request", "@module=ocp.http", "status=", "trace_id=", "<redacted>"} {
				if !strings.Contains(out, want) {
					t.Errorf("the trace log lacks %q", want)
				}
			}
			if tc.wantErr && !strings.Contains(out, "HTTP 401 (Unauthorized), error code IAM10000") {
				t.Errorf("the error does not say what OCP answered:\n%s", out)
			}
			for _, secret := range tc.secrets {
				if n := strings.Count(out, secret); n > 0 {
					t.Errorf("the output shows the secret %q %d times", secret, n)
				}
			}
		})
	}
}
