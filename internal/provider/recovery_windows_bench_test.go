package provider

import (
	"testing"
)

// BenchmarkReadRecoveryWindows is one ReadDataSource of ocp_recovery_windows
// over 1000 clusters through tf6server, logs quiet, no added latency.
func BenchmarkReadRecoveryWindows(b *testing.B) { benchFleetRead(b, "ocp_recovery_windows") }
