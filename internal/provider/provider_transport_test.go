package provider

import (
	"fmt"
	"regexp"
	"testing"
	"time"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

var readsHealthy = statecheck.ExpectKnownValue(overviewAddress, tfjsonpath.New("cluster_name"), knownvalue.StringExact("prod-orders"))

func TestProviderTLS(t *testing.T) {
	t.Parallel()
	srv := ocptest.NewTLS()
	t.Cleanup(srv.Close)
	read := overviewConfig(ocptest.ClusterHealthy)
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{Config: accessKeyProvider(srv) + read, ExpectError: regexp.MustCompile(`(?s)failed:.*certificate`)},
			{Config: accessKeyProvider(srv, fmt.Sprintf("ca_cert_pem = %q", srv.CACertPEM())) + read, ConfigStateChecks: []statecheck.StateCheck{readsHealthy}},
			{Config: accessKeyProvider(srv, "insecure = true") + read, ConfigStateChecks: []statecheck.StateCheck{readsHealthy}},
		},
	})
}

func TestProviderRetriesAndTimeouts(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	read := overviewConfig(ocptest.ClusterHealthy)
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{
				PreConfig: func() {
					srv.Inject(ocptest.RouteOverview, ocptest.ClusterHealthy, ocptest.Fault{Times: 2, Status: 503, Message: "busy"})
				},
				Config: basicProvider(srv) + read, ConfigStateChecks: []statecheck.StateCheck{readsHealthy},
			},
			{
				PreConfig: func() {
					srv.Inject(ocptest.RouteOverview, ocptest.ClusterHealthy, ocptest.Fault{Times: -1, Delay: time.Minute})
				},
				Config:      basicProvider(srv, `request_timeout = "300ms"`) + read,
				ExpectError: regexp.MustCompile(`(?s)OCP cluster 101.*timed out after 300ms \(request_timeout\)`),
			},
		},
	})
}
