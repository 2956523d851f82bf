package provider

import (
	"fmt"
	"math/big"
	"regexp"
	"testing"

	"github.com/hashicorp/terraform-plugin-testing/helper/resource"
	"github.com/hashicorp/terraform-plugin-testing/knownvalue"
	"github.com/hashicorp/terraform-plugin-testing/statecheck"
	"github.com/hashicorp/terraform-plugin-testing/tfjsonpath"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

const overviewAddress = "data.ocp_cluster_backup_overview.test"

func expectAttr(name string, want knownvalue.Check) statecheck.StateCheck {
	return statecheck.ExpectKnownValue(overviewAddress, tfjsonpath.New(name), want)
}

func TestClusterBackupOverview_vendorExample(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	readAndCheck(t, basicProvider(srv)+overviewConfig(ocptest.VendorExampleID),
		expectAttr("cluster_id", knownvalue.Int64Exact(1000005)),
		expectAttr("ob_cluster_id", knownvalue.Int64Exact(5)),
		expectAttr("cluster_name", knownvalue.StringExact("yc0820_17")),
		expectAttr("ob_tenant_id", knownvalue.Null()),
		expectAttr("tenant_id", knownvalue.Null()),
		expectAttr("tenant_name", knownvalue.Null()),
		expectAttr("ob_cluster_type", knownvalue.StringExact("PRIMARY")),
		expectAttr("ob_cluster_status", knownvalue.StringExact("RUNNING")),
		expectAttr("compaction_status", knownvalue.StringExact("IDLE")),
		expectAttr("primary_and_standby_mode", knownvalue.Bool(false)),
		expectAttr("ob_version", knownvalue.StringExact("2.2.77")),
		expectAttr("ob_cluster_backup_status", knownvalue.StringExact("HAS_BACKUP_STRATEGY")),
		expectAttr("ob_backup_ability", knownvalue.ObjectExact(map[string]knownvalue.Check{
			"backup_ability": knownvalue.StringExact("PHYSICAL_BACKUP"),
			"backup_mode":    knownvalue.StringExact("PHYSICAL_BACKUP"),
			"ob_data_backup_support_ability": knownvalue.ObjectExact(map[string]knownvalue.Check{
				"can_do_incremental_backup": knownvalue.Bool(false),
				"full_backup_enabled":       knownvalue.Bool(true),
				"increment_backup_enabled":  knownvalue.Bool(true),
				"hint":                      knownvalue.StringExact("物理备份下，增量备份之前必须有一次全量的数据备份"),
			}),
		})),
		expectAttr("backup_dimension", knownvalue.StringExact("CLUSTER")),
		expectAttr("backup_schedule_status", knownvalue.StringExact("NORMAL")),
		expectAttr("last_data_backup_time", knownvalue.StringExact("2021-09-16T17:25:02.993+08:00")),
		expectAttr("latest_log_backup_checkpoint", knownvalue.StringExact("2021-09-22T14:49:07.296+08:00")),
		expectAttr("log_backup_delay_seconds", knownvalue.Int64Exact(98)),
		expectAttr("backup_size", knownvalue.Null()),
		expectAttr("ob_storage_volume_unit", knownvalue.Null()),
	)
	if ua := srv.LastUserAgent(); !regexp.MustCompile(`^terraform-provider-ocp/test Terraform/1\.\d+\.\d+`).MatchString(ua) {
		t.Errorf("User-Agent %q does not name the provider's and Terraform's versions", ua)
	}
}

func TestClusterBackupOverview_absentAndNullFieldsAreNull(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	checks := []statecheck.StateCheck{
		expectAttr("cluster_id", knownvalue.Int64Exact(ocptest.ClusterSparse)),
		expectAttr("cluster_name", knownvalue.StringExact("bare")),
		expectAttr("ob_cluster_backup_status", knownvalue.StringExact("NO_BACKUP_STRATEGY")),
	}
	for _, name := range []string{
		"ob_cluster_id", "ob_tenant_id", "tenant_id", "tenant_name", "ob_cluster_type", "ob_cluster_status",
		"compaction_status", "primary_and_standby_mode", "ob_version", "ob_backup_ability", "backup_dimension",
		"backup_schedule_status", "last_data_backup_time", "latest_log_backup_checkpoint",
		"log_backup_delay_seconds", "backup_size", "ob_storage_volume_unit",
	} {
		checks = append(checks, expectAttr(name, knownvalue.Null()))
	}
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{{
			Config:            basicProvider(srv) + overviewConfig(ocptest.ClusterSparse),
			ConfigStateChecks: checks,
		}, {
			// An ability without its support object keeps the object and nulls the inner one.
			PreConfig: func() {
				srv.SetCluster(ocptest.ClusterSparse, `{"clusterId": 201, "obBackupAbility": {"backupMode": "LOGICAL_BACKUP"}}`)
			},
			Config: basicProvider(srv) + overviewConfig(ocptest.ClusterSparse) + `
output "support_hint" {
  value = try(data.ocp_cluster_backup_overview.test.ob_backup_ability.ob_data_backup_support_ability.hint, null) == null ? "none" : "some"
}
`,
			ConfigStateChecks: []statecheck.StateCheck{
				expectAttr("ob_backup_ability", knownvalue.ObjectExact(map[string]knownvalue.Check{
					"backup_ability":                 knownvalue.Null(),
					"backup_mode":                    knownvalue.StringExact("LOGICAL_BACKUP"),
					"ob_data_backup_support_ability": knownvalue.Null(),
				})),
				// The null object reads as null through try(), as the docs advise.
				statecheck.ExpectKnownOutputValue("support_hint", knownvalue.StringExact("none")),
			},
		}},
	})
}

func TestClusterBackupOverview_longsSentAsStrings(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	readAndCheck(t, basicProvider(srv)+overviewConfig(ocptest.ClusterLongStrings)+`
output "delay_plus_one" {
  value = data.ocp_cluster_backup_overview.test.log_backup_delay_seconds + 1
}
`,
		expectAttr("ob_cluster_id", knownvalue.Int64Exact(9007199254740993)),
		expectAttr("ob_tenant_id", knownvalue.Int64Exact(-9223372036854775808)),
		expectAttr("tenant_id", knownvalue.Int64Exact(9223372036854775807)),
		expectAttr("log_backup_delay_seconds", knownvalue.Int64Exact(9007199254740993)),
		expectAttr("backup_schedule_status", knownvalue.StringExact("SOME_FUTURE_STATUS")),
		// Terraform's numbers are exact, so arithmetic on the value stays exact.
		statecheck.ExpectKnownOutputValue("delay_plus_one", knownvalue.NumberExact(big.NewFloat(9007199254740994))),
	)
}

func TestClusterBackupOverview_timestampLayouts(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	config := basicProvider(srv)
	want := map[string]knownvalue.Check{}
	for _, l := range ocptest.TimestampLayouts {
		config += fmt.Sprintf(`
data "ocp_cluster_backup_overview" "layout_%d" {
  cluster_id = %d
}
`, l.ClusterID, l.ClusterID)
		want[fmt.Sprint(l.ClusterID)] = knownvalue.StringExact(l.RFC3339)
	}
	config += `
locals {
  layouts = { for k, v in {
`
	for _, l := range ocptest.TimestampLayouts {
		config += fmt.Sprintf("    %q = data.ocp_cluster_backup_overview.layout_%d\n", fmt.Sprint(l.ClusterID), l.ClusterID)
	}
	config += `  } : k => v.last_data_backup_time }
}

output "layouts" {
  value = local.layouts
}

# Every layout is the same instant, so timecmp sees them all as equal to UTC.
output "all_equal_instant" {
  value = alltrue([for k, v in local.layouts : timecmp(v, "2021-09-16T09:25:02.993Z") == 0 if !contains(["304", "305", "308"], k)])
}
`
	readAndCheck(t, config,
		statecheck.ExpectKnownOutputValue("layouts", knownvalue.MapExact(want)),
		statecheck.ExpectKnownOutputValue("all_equal_instant", knownvalue.Bool(true)),
	)
}

func TestClusterBackupOverview_timecmpAndTimeadd(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	readAndCheck(t, basicProvider(srv)+overviewConfig(ocptest.VendorExampleID)+`
output "backed_up_after_sept_2021" {
  value = timecmp(data.ocp_cluster_backup_overview.test.last_data_backup_time, "2021-09-01T00:00:00Z")
}

output "stale_after_a_day" {
  value = timecmp(timeadd(data.ocp_cluster_backup_overview.test.last_data_backup_time, "24h"), "2021-09-22T14:50:46+08:00") < 0
}
`,
		statecheck.ExpectKnownOutputValue("backed_up_after_sept_2021", knownvalue.Int64Exact(1)),
		statecheck.ExpectKnownOutputValue("stale_after_a_day", knownvalue.Bool(true)),
	)
}

func TestClusterBackupOverview_postconditionFailsWithoutBackupStrategy(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	gate := func(id int64) string {
		return basicProvider(srv) + fmt.Sprintf(`
data "ocp_cluster_backup_overview" "test" {
  cluster_id = %d

  lifecycle {
    postcondition {
      condition     = self.ob_cluster_backup_status == "HAS_BACKUP_STRATEGY"
      error_message = "Cluster ${self.cluster_name} has no backup strategy."
    }
  }
}
`, id)
	}
	terraformTest(t, resource.TestCase{
		ProtoV6ProviderFactories: testProviderFactories,
		Steps: []resource.TestStep{
			{Config: gate(ocptest.ClusterHealthy)},
			{Config: gate(ocptest.ClusterNoStrategy), ExpectError: regexp.MustCompile(`Cluster prod-payments has no backup\s+strategy`)},
		},
	})
}

func TestClusterBackupOverview_clusterIDMustBePositive(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	expectNoRequests(t, srv)
	for _, id := range []int64{0, -3} {
		planFails(t, basicProvider(srv)+overviewConfig(id), `Invalid Attribute Value.*cluster_id.*must be at least 1`)
	}
}
