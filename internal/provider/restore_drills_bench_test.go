package provider

import (
	"testing"
	"time"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// BenchmarkReadRestoreDrills is one ReadDataSource of ocp_restore_drills
// over 1000 clusters, each of which restored the previous one's tenant and
// had its own restored by the next: 1000 restores, each listed twice.
func BenchmarkReadRestoreDrills(b *testing.B) {
	benchFleetRead(b, "ocp_restore_drills", fleetRestores(1000))
}

// fleetRestores gives the first n fleet clusters a ring of restores: each
// restored the previous one's tenant and had its own restored by the next,
// every tenth restore FAILED; n restores, each listed by both clusters.
func fleetRestores(n int) func(*ocptest.Server) {
	return func(srv *ocptest.Server) {
		now := time.Now()
		restore := func(i int) map[string]any {
			from, into := ocptest.FleetClusterID(i), ocptest.FleetClusterID((i+1)%n)
			created := now.Add(-time.Duration(i) * time.Hour)
			task := map[string]any{
				"id": i + 1, "backupClusterId": from, "backupTenantId": from*10 + 1, "backupTenantName": "t1",
				"restoreClusterId": into, "restoreTenantName": "t1_drill", "createTime": created.Format(time.RFC3339Nano),
				"restoreEndTime": created.Add(-time.Hour).Format(time.RFC3339Nano), "status": "RESTORE_SUCCESS", "successful": true,
				"finishTime": created.Add(20 * time.Minute).Format(time.RFC3339Nano),
			}
			if i%10 == 0 {
				task["status"], task["successful"] = "FAILED", false
			}
			return task
		}
		for i := range n {
			srv.SetItems(ocptest.RouteRestoreTasks, ocptest.FleetClusterID(i), restore((i+n-1)%n), restore(i))
		}
	}
}
