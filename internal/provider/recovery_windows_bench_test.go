package provider

import (
	"testing"

	"github.com/hashicorp/terraform-plugin-go/tftypes"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// BenchmarkReadRecoveryWindows is one ReadDataSource of ocp_recovery_windows
// over 1000 clusters through tf6server, logs quiet, no added latency.
func BenchmarkReadRecoveryWindows(b *testing.B) {
	restore := clearLogEnv()
	defer restore()
	QuietLogsUnlessRequested()
	srv := ocptest.New(ocptest.WithClusters(ocptest.FleetIDs(1000)...))
	defer srv.Close()
	ids := make([]tftypes.Value, 1000)
	for i := range ids {
		ids[i] = tftypes.NewValue(tftypes.Number, ocptest.FleetClusterID(i))
	}
	plugin := startPlugin(b, srv)
	read := plugin.readRequest(b, "ocp_recovery_windows", map[string]tftypes.Value{
		"cluster_ids": tftypes.NewValue(tftypes.List{ElementType: tftypes.Number}, ids),
	})
	benchRead(b, plugin, read)
}
