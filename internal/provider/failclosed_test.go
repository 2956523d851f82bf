package provider

import (
	"fmt"
	"strings"
	"testing"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// Hostile answers, through the real CLI as a user runs it: each fails the
// plan with an error a person can act on, and none shows a credential,
// not even in the log that Terraform writes of every diagnostic.
func TestHostileAnswersFailThePlan(t *testing.T) {
	t.Parallel()
	c := ocptest.DefaultCredentials
	const id = ocptest.ClusterHealthy
	overview := ocptest.Fixtures()[ocptest.ClusterNoStrategy]
	cases := []struct {
		name  string
		fault ocptest.Fault
		want  []string
	}{
		{"redirect to a login page", ocptest.Fault{Status: 302,
			Header: map[string]string{"Location": "https://" + c.Username + ":" + c.Password + "@sso.example.com/login?ticket=ST-1"}},
			[]string{"HTTP 302", `redirects to "https://sso.example.com/login (query omitted)"`, "which was not followed"}},
		{"echoed credentials", ocptest.Fault{Status: 401, Body: `{"successful": false, "traceId": "tr-9", "error": {"code": "IAM10000",
			"message": "user admin with password \"` + c.Password + `\" and header Basic ` + basicValue(c.Username, c.Password) + ` rejected"}}`},
			[]string{"HTTP 401 (Unauthorized), error code IAM10000", `password "<redacted>"`, "Basic <redacted>", "trace id tr-9"}},
		{"terminal escapes", ocptest.Fault{Status: 500, Body: "{\"successful\": false, \"error\": {\"code\": \"X1\", \"message\": \"\\u001b[2J\\u001b[31mall good\\r\\nError: forged\"}}"},
			[]string{`error code X1: \x1b[2J\x1b[31mall good\r\nError: forged`}},
		{"no data", ocptest.Fault{Status: 200, Body: `{"successful": true, "data": null, "traceId": "tr-0"}`},
			[]string{"OCP's answer has no data", "trace id tr-0"}},
		{"another cluster", ocptest.Fault{Status: 200, Body: `{"successful": true, "data": ` + overview + `}`},
			[]string{"the answer describes cluster 102, not cluster 101 that was asked for"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t)
			tc.fault.Times = -1
			srv.Inject(ocptest.RouteOverview, id, tc.fault)
			out, err := runTerraform(t, basicProvider(srv, "max_retries = 0")+overviewConfig(id),
				[]string{"TF_LOG=error"}, "plan", "-no-color", "-input=false")
			if err == nil {
				t.Fatalf("the plan passed:\n%s", out)
			}
			flat := strings.Join(strings.Fields(out), " ")
			if !strings.Contains(flat, "Unable to read the backup overview of OCP cluster 101") {
				t.Errorf("the error does not name the cluster:\n%s", out)
			}
			for _, want := range tc.want {
				if !strings.Contains(flat, want) {
					t.Errorf("the output lacks %q:\n%s", want, out)
				}
			}
			for _, leak := range []string{c.Password, basicValue(c.Username, c.Password), "ST-1", "\x1b"} {
				if strings.Contains(out, leak) {
					t.Errorf("the output shows %q:\n%s", leak, out)
				}
			}
		})
	}
}

// A one-letter password cannot be masked by occurrence without telling
// what it is: the provider masks it where it sits, and says so at plan time.
func TestShortPasswordIsMaskedByStructureAndWarned(t *testing.T) {
	t.Parallel()
	creds := ocptest.Credentials{Username: "admin", Password: "e"}
	srv := ocptest.New(ocptest.WithCredentials(creds))
	t.Cleanup(srv.Close)
	config := fmt.Sprintf(`provider "ocp" {
  url      = %q
  username = %q
  password = %q
}
`, srv.URL, creds.Username, creds.Password) + overviewConfig(ocptest.ClusterHealthy)
	out, err := runTerraform(t, config, []string{"TF_LOG=trace"}, "plan", "-no-color", "-input=false")
	if err != nil {
		t.Fatalf("terraform plan: %v\n%s", err, out)
	}
	flat := strings.Join(strings.Fields(out), " ")
	for _, want := range []string{"OCP password too short to keep out of logs", "OCP request and response",
		"Authorization:Basic <redacted>", "prod-orders"} {
		if !strings.Contains(flat, want) && !strings.Contains(flat, strings.ReplaceAll(want, ":", `":"`)) {
			t.Errorf("the output lacks %q", want)
		}
	}
	if strings.Contains(out, basicValue(creds.Username, creds.Password)) {
		t.Error("the output shows the Basic header value")
	}
	if strings.Contains(out, "r<redacted>qu<redacted>st") {
		t.Error("the letter of the password is masked everywhere, which reveals it")
	}
}
