package provider

import (
	"strconv"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// Each failure OCP can answer with becomes one error that names the
// cluster, the HTTP status, OCP's code and message, and the trace id.
func TestClusterBackupOverview_errors(t *testing.T) {
	t.Parallel()
	const id = ocptest.ClusterHealthy
	envelope := func(status int, code, message string) string {
		return `{"successful": false, "status": ` + itoa(status) + `, "traceId": "7f3a9c0e5b2d4e61",
		  "error": {"code": ` + code + `, "message": "` + message + `"}}`
	}
	cases := []struct {
		name  string
		fault ocptest.Fault
		want  string
	}{
		{"401", ocptest.Fault{Status: 401, Body: envelope(401, `"IAM10000"`, "not logged on")},
			`HTTP 401 \(Unauthorized\), error code IAM10000: not logged on \[trace id 7f3a9c0e5b2d4e61\]`},
		{"403", ocptest.Fault{Status: 403, Body: envelope(403, `"COM10009"`, "permission denied")},
			`HTTP 403 \(Forbidden\), error code COM10009: permission denied \[trace id 7f3a9c0e5b2d4e61\]`},
		{"404", ocptest.Fault{Status: 404, Body: envelope(404, `"OBE11001"`, "The specified cluster with the ID of 101 does not exist.")},
			`HTTP 404 \(Not Found\), error code OBE11001: The specified cluster with the ID of 101 does not exist. \[trace id 7f3a9c0e5b2d4e61\]`},
		{"400", ocptest.Fault{Status: 400, Body: envelope(400, `"COM10002"`, "invalid argument: id")},
			`HTTP 400 \(Bad Request\), error code COM10002: invalid argument: id \[trace id 7f3a9c0e5b2d4e61\]`},
		{"500 with a numeric code", ocptest.Fault{Status: 500, Body: envelope(500, `60018`, "internal error")},
			`HTTP 500 \(Internal Server Error\), error code 60018: internal error \[trace id 7f3a9c0e5b2d4e61\]`},
		{"200 but not successful", ocptest.Fault{Status: 200, Body: envelope(200, `"OBE11002"`, "cluster is being deleted")},
			`HTTP 200 \(OK\), error code OBE11002: cluster is being deleted \[trace id 7f3a9c0e5b2d4e61\]`},
		{"HTML login page", ocptest.Fault{Status: 200, Header: map[string]string{"Content-Type": "text/html"},
			Body: "<!DOCTYPE html><html><body><form action=/login>Sign in</form></body></html>"},
			`HTTP 200, but the body is an HTML page, not OCP's JSON; is the URL pointing at a\s+login page`},
		{"truncated body", ocptest.Fault{Status: 200, Body: `{"data": {"clusterId": 101, "clusterName": "prod-`},
			`HTTP 200, but the JSON body ends early after \d+ bytes \(truncated response\)`},
		{"unparseable timestamp", ocptest.Fault{Status: 200,
			Body: `{"successful": true, "traceId": "abc", "data": {"clusterId": 101, "lastDataBackupTime": "16/09/2021 17:25"}}`},
			`field "lastDataBackupTime" holds timestamp "16/09/2021 17:25", which cannot be\s+read as a timestamp`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t)
			srv.Inject(ocptest.RouteOverview, id, ocptest.Fault{Times: -1, Status: tc.fault.Status, Body: tc.fault.Body, Header: tc.fault.Header})
			terraformTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviderFactories,
				Steps: []resource.TestStep{{
					Config:      basicProvider(srv, "max_retries = 0") + overviewConfig(id),
					ExpectError: errorPattern(`Unable to read the backup overview of OCP cluster 101.*` + tc.want),
				}},
			})
		})
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
