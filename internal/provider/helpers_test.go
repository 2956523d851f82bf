package provider

import (
	"encoding/base64"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tfprotov6"
	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp"
	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// testProviderFactories serve a new provider for every plugin instance
// Terraform asks for, as separate plugin processes would, wrapped as main
// wraps it (slim_context_server.go).
var testProviderFactories = map[string]func() (tfprotov6.ProviderServer, error){
	"ocp": func() (tfprotov6.ProviderServer, error) {
		return NewProtocol6Server("test")(), nil
	},
}

// TestMain points terraform-plugin-testing at the Terraform on PATH, or at
// the one TF_ACC_TERRAFORM_PATH names (CI runs the suite once per supported
// Terraform version that way), so that it never downloads one. It also
// clears OCP_* variables a developer may have set so that every test sees
// only what it sets itself.
func TestMain(m *testing.M) {
	terraformMissing = findTerraform()
	os.Setenv("CHECKPOINT_DISABLE", "1")
	// An empty CLI configuration keeps a developer's ~/.terraformrc (and
	// Terraform's warning that it is missing) out of the tests.
	created := ""
	if os.Getenv("TF_CLI_CONFIG_FILE") == "" {
		cliConfig, err := os.CreateTemp("", "terraformrc")
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		cliConfig.Close()
		created = cliConfig.Name()
		os.Setenv("TF_CLI_CONFIG_FILE", created)
	}
	for _, kv := range os.Environ() {
		if name, _, _ := strings.Cut(kv, "="); strings.HasPrefix(name, "OCP_") {
			os.Unsetenv(name)
		}
	}
	code := m.Run()
	if providerBinaryDir != "" {
		os.RemoveAll(providerBinaryDir)
	}
	if created != "" {
		os.Remove(created)
	}
	os.Exit(code)
}

// basicProvider is a provider block that reaches srv with HTTP Basic.
func basicProvider(srv *ocptest.Server, extra ...string) string {
	c := ocptest.DefaultCredentials
	return fmt.Sprintf(`
provider "ocp" {
  url      = %q
  username = %q
  password = %q
  %s
}
`, srv.URL, c.Username, c.Password, strings.Join(extra, "\n  "))
}

// accessKeyProvider is a provider block that reaches srv with AK/SK signing.
func accessKeyProvider(srv *ocptest.Server, extra ...string) string {
	c := ocptest.DefaultCredentials
	return fmt.Sprintf(`
provider "ocp" {
  url               = %q
  access_key_id     = %q
  access_key_secret = %q
  %s
}
`, srv.URL, c.AccessKeyID, c.AccessSecret, strings.Join(extra, "\n  "))
}

// overviewConfig reads one cluster's overview as data.ocp_cluster_backup_overview.test.
func overviewConfig(id int64) string {
	return fmt.Sprintf(`
data "ocp_cluster_backup_overview" "test" {
  cluster_id = %d
}
`, id)
}

// newServer starts a fake OCP server for the test, closed when it ends.
func newServer(t *testing.T, opts ...ocptest.Option) *ocptest.Server {
	t.Helper()
	srv := ocptest.New(opts...)
	t.Cleanup(srv.Close)
	return srv
}

// testClient is an OCP client for srv, for tests below the provider.
func testClient(tb testing.TB, srv *ocptest.Server) *ocp.Client {
	tb.Helper()
	c, err := ocp.New(ocp.Config{BaseURL: srv.URL, Credentials: ocp.BasicAuth{
		Username: ocptest.DefaultCredentials.Username, Password: ocptest.DefaultCredentials.Password}})
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// errorPattern matches an error text in Terraform's output, where Terraform
// wraps long lines: each space of want matches any run of white space.
func errorPattern(want string) *regexp.Regexp {
	return regexp.MustCompile(`(?s)` + strings.ReplaceAll(want, " ", `\s+`))
}

// planFails checks that planning config fails with an error matching want.
// preConfig, if any, runs just before the plan.
func planFails(t *testing.T, config, want string, preConfig ...func()) {
	t.Helper()
	step := resource.TestStep{Config: config, PlanOnly: true, ExpectError: errorPattern(want)}
	if len(preConfig) > 0 {
		step.PreConfig = preConfig[0]
	}
	terraformTest(t, resource.TestCase{ProtoV6ProviderFactories: testProviderFactories, Steps: []resource.TestStep{step}})
}

// expectNoRequests checks, once t and its subtests are done, that srv
// served nothing: invalid configurations must not reach OCP.
func expectNoRequests(t *testing.T, srv *ocptest.Server) {
	t.Cleanup(func() {
		if n := srv.Stats().Requests; n != 0 {
			t.Errorf("invalid configurations sent %d requests to OCP", n)
		}
	})
}

// readAndCheck applies config, which reads its data sources, and runs the
// checks on the resulting state.
func readAndCheck(t *testing.T, config string, checks ...statecheck.StateCheck) {
	t.Helper()
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps:                    []resource.TestStep{{Config: config, ConfigStateChecks: checks}},
	})
}

func basicValue(user, password string) string {
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + password))
}

// itemIDsAre checks that the list attribute list of address holds exactly
// the items whose key attribute is ids, in that order.
func itemIDsAre(address, list, key string, ids ...int64) statecheck.StateCheck {
	checks := make([]knownvalue.Check, len(ids))
	for i, id := range ids {
		checks[i] = knownvalue.ObjectPartial(map[string]knownvalue.Check{key: knownvalue.Int64Exact(id)})
	}
	return statecheck.ExpectKnownValue(address, tfjsonpath.New(list), knownvalue.ListExact(checks))
}
