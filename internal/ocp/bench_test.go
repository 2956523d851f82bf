package ocp

import (
	"context"
	"testing"
	"time"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// BenchmarkTaskHistory50Pages reads a data backup task history of 50 pages
// of 20 tasks at 20 ms per request: page 1, then 49 pages 8 at a time, so
// (1 + ceil(49/8)) x 20 ms = 160 ms at best.
func BenchmarkTaskHistory50Pages(b *testing.B) {
	srv := ocptest.New(ocptest.WithClusters(ocptest.FleetClusterID(0)), ocptest.WithTaskHistory(1000),
		ocptest.WithMaxPageSize(20), ocptest.WithLatency(benchLatency))
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL, Credentials: BasicAuth{
		Username: ocptest.DefaultCredentials.Username, Password: ocptest.DefaultCredentials.Password}})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		tasks, err := c.ListDataBackupTasks(context.Background(), TaskQuery{ClusterID: ocptest.FleetClusterID(0)})
		if err != nil || len(tasks) != 1000 {
			b.Fatal(len(tasks), err)
		}
	}
}

var benchLatency = 20 * time.Millisecond
