package provider

import (
	"fmt"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// enumFilterCase is one enum-valued filter of one data source: a valid
// configuration of it, a lower-case slip and its upper-case form.
type enumFilterCase struct {
	dataSource, attribute string
	base                  string // other arguments the data source needs
	valid                 string
	slip, suggested       string
	// list is the attribute holding the result, which the valid filter
	// leaves non-empty on the demo fleet.
	list string
}

var enumFilterCases = []enumFilterCase{
	{"ocp_data_backup_tasks", "statuses", fmt.Sprintf("cluster_id = %d", ocptest.ClusterHealthy), `["FAILED", "DONE"]`, "failed", "FAILED", "tasks"},
	{"ocp_log_backup_tasks", "statuses", fmt.Sprintf("cluster_id = %d", ocptest.ClusterHealthy), `["RUNNING", "INPROGRESS"]`, "running", "RUNNING", "tasks"},
	{"ocp_restore_tasks", "statuses", fmt.Sprintf("cluster_id = %d", ocptest.ClusterHealthy), `["RESTORE_SUCCESS", "THE TENANT IS BEING CREATED"]`, "completed", "COMPLETED", "tasks"},
	{"ocp_cluster_backup_overviews", "statuses", "", `["RUNNING", "CREATING"]`, "running", "RUNNING", "overviews"},
	{"ocp_cluster_backup_overviews", "types", "", `["PRIMARY"]`, "primary", "PRIMARY", "overviews"},
	{"ocp_recovery_windows", "statuses", "", `["RUNNING"]`, " Running", "RUNNING", "windows"},
	{"ocp_recovery_windows", "types", "", `["STANDBY"]`, "standby", "STANDBY", "windows"},
}

func (c enumFilterCase) config(srv *ocptest.Server, value string) string {
	return basicProvider(srv) + fmt.Sprintf("data %q \"test\" {\n  %s\n  %s = %s\n}\n", c.dataSource, c.base, c.attribute, value)
}

// A filter value OCP does not document fails the plan, naming the
// attribute and the valid values, and suggests the upper-case form of a
// case slip; no request reaches OCP. Valid values read as before.
func TestEnumFiltersFailClosed(t *testing.T) {
	t.Parallel()
	for _, c := range enumFilterCases {
		t.Run(c.dataSource+"."+c.attribute, func(t *testing.T) {
			t.Parallel()
			refused := newServer(t)
			expectNoRequests(t, refused)
			planFails(t, c.config(refused, fmt.Sprintf(`[%q]`, c.slip)),
				fmt.Sprintf(`%s: %q is not a value OCP documents for this filter, so it could never match; use one of .*did you mean %q\?`,
					c.attribute, c.slip, c.suggested))
			planFails(t, c.config(refused, `["SUCCESS"]`),
				fmt.Sprintf(`%s: "SUCCESS" is not a value OCP documents for this filter, so it could never match; use one of "`, c.attribute))

			srv := demoFleetServer(t)
			readAndCheck(t, c.config(srv, c.valid), statecheck.ExpectKnownValue("data."+c.dataSource+".test", tfjsonpath.New(c.list),
				knownvalue.ListPartial(map[int]knownvalue.Check{0: knownvalue.NotNull()})))
		})
	}
}

// A filter value unknown at plan time is checked when it is known, before
// any request: the read fails naming the attribute, and OCP sees nothing.
func TestEnumFiltersUnknownAtPlanCheckedBeforeTheRead(t *testing.T) {
	t.Parallel()
	for _, c := range enumFilterCases {
		t.Run(c.dataSource+"."+c.attribute, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t)
			expectNoRequests(t, srv)
			terraformTest(t, resource.TestCase{
				ProtoV6ProviderFactories: testProviderFactories,
				Steps: []resource.TestStep{{
					Config: `resource "terraform_data" "later" {
  input = ` + fmt.Sprintf("%q", c.slip) + `
}
` + c.config(srv, "[terraform_data.later.output]"),
					ExpectError: errorPattern(fmt.Sprintf(`%s: %q is not a value OCP documents`, c.attribute, c.slip)),
				}},
			})
		})
	}
}
