package ocp

import (
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// Newest first by creation time, then by id; a restore is listed by the
// cluster backed up and by the cluster restored into, and by no other.
func TestListRestoreTasks(t *testing.T) {
	srv := newTestServer(t)
	c := newTestClient(t, srv)
	ctx := context.Background()
	const at = "2024-09-02T02:00:00+08:00"
	srv.SetItems(ocptest.RouteRestoreTasks, ocptest.ClusterHealthy,
		map[string]any{"id": 1, "backupClusterId": 101, "restoreClusterId": 104, "createTime": "2024-09-01T02:00:00+08:00"},
		map[string]any{"id": 2, "backupClusterId": 103, "restoreClusterId": 101, "createTime": at},
		map[string]any{"id": 3, "backupClusterId": 101, "restoreClusterId": 101, "createTime": at},
		map[string]any{"id": 4, "restoreClusterId": 101},
	)
	tasks, err := c.ListRestoreTasks(ctx, TaskQuery{ClusterID: ocptest.ClusterHealthy, PageSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	ids := make([]int64, len(tasks))
	for i, task := range tasks {
		ids[i] = int64(*task.ID)
	}
	if want := []int64{3, 2, 1, 4}; !slices.Equal(ids, want) {
		t.Errorf("order %v, want %v", ids, want)
	}

	srv.SetItems(ocptest.RouteRestoreTasks, ocptest.ClusterHealthy, map[string]any{"id": 9, "backupClusterId": 102, "restoreClusterId": 103})
	_, err = c.ListRestoreTasks(ctx, TaskQuery{ClusterID: ocptest.ClusterHealthy})
	if err == nil || !strings.Contains(err.Error(), "restore task 9 restores a backup of cluster 102 into cluster 103, neither of them cluster 101") {
		t.Errorf("got %v", err)
	}
}
