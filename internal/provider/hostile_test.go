package provider

import (
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
	srv.Inject(ocptest.ClusterHealthy, ocptest.Fault{Times: -1,
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
