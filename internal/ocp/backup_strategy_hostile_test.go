package ocp

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// A strategy answer that names another object than the one asked for is an
// error, whichever way the dimension differs; a page without its contents
// proves nothing.
func TestGetBackupStrategyHostileIdentity(t *testing.T) {
	healthy := StrategyRef{ClusterID: ocptest.ClusterHealthy}
	tenant := StrategyRef{ClusterID: ocptest.ClusterTenant, TenantID: 7}
	ok := func(data string) *ocptest.Fault {
		return &ocptest.Fault{Body: `{"successful":true,"status":200,"data":` + data + `}`}
	}
	cases := []struct {
		name    string
		ref     StrategyRef
		fault   *ocptest.Fault
		wantErr string
	}{
		{"tenant asked, cluster's strategy answered", tenant,
			ok(`{"id":5,"clusterId":105,"backupDimension":"CLUSTER"}`), "cluster-level strategy"},
		{"cluster asked, a tenant's strategy answered", healthy,
			ok(`{"id":5,"clusterId":101,"tenantId":9,"backupDimension":"TENANT"}`), "tenant 9"},
		{"cluster asked, TENANT dimension answered", healthy,
			ok(`{"id":5,"clusterId":101,"backupDimension":"TENANT"}`), "tenant-level strategy"},
		{"strategy id 0", healthy, ok(`{"id":0,"clusterId":101}`), "strategy id 0"},
		{"negative strategy id in a page", healthy, ok(`{"contents":[{"id":-4,"clusterId":101}],"page":{}}`), "strategy id -4"},
		{"page without contents", healthy, ok(`{"page":{"totalElements":1,"totalPages":1}}`), "contents"},
		{"page item of another cluster", healthy, ok(`{"contents":[{"id":5,"clusterId":7}],"page":{}}`), "cluster 7"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newTestServer(t)
			srv.InjectStrategy(ocptest.OpReadStrategy, strategyKey(tc.ref), *tc.fault)
			s, err := newTestClient(t, srv).GetBackupStrategy(context.Background(), tc.ref)
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Fatalf("got %+v, %v; want an error with %q", s, err, tc.wantErr)
			}
		})
	}
}

// Task ids that are no task are an error before any poll; a task named
// twice is polled once.
func TestWaitForTasksHostileIDs(t *testing.T) {
	srv := newTestServer(t)
	c := newTestClient(t, srv)
	ctx := context.Background()
	for _, ids := range [][]int64{{0}, {-3}, {1, 0}} {
		err := c.WaitForTasks(ctx, ids)
		if err == nil || !strings.Contains(err.Error(), "not a task id") {
			t.Errorf("%v: got %v", ids, err)
		}
	}
	if n := srv.Stats().Requests; n != 0 {
		t.Errorf("%d requests for ids that are no task", n)
	}
	resp, err := c.CreateBackupStrategy(ctx, strategyNone, sampleStrategyRequest(strategyNone, "sk"))
	if err != nil {
		t.Fatal(err)
	}
	id := resp.TaskIDs()[0]
	if err := c.WaitForTasks(ctx, []int64{id, id}); err != nil {
		t.Fatal(err)
	}
	if n := srv.TaskPolls(id); n != ocptest.DefaultTaskPolls+1 {
		t.Errorf("task %d named twice was polled %d times", id, n)
	}
}

// A write whose results name another object than the one written proves
// nothing about it.
func TestBackupWriteHostileResultForAnotherObject(t *testing.T) {
	srv := newTestServer(t)
	srv.InjectStrategy(ocptest.OpCreateStrategy, strategyKey(strategyNone), ocptest.Fault{
		Body: `{"successful":true,"status":200,"data":{"obBackupTaskType":"CREATE_BACKUP_STRATEGY","backupObjectOpsResultList":[` +
			`{"beSuccessful":true,"obBackupObjectList":[{"clusterId":999,"backupDimension":"CLUSTER"}],"taskIdList":[]}]}}`})
	_, err := newTestClient(t, srv).CreateBackupStrategy(context.Background(), strategyNone, sampleStrategyRequest(strategyNone, "sk"))
	if err == nil || !strings.Contains(err.Error(), "cluster 999") {
		t.Fatalf("got %v", err)
	}
}

// A task OCP reports cancelled or aborted has ended without success: the
// wait ends at once with the task named, not when the timeout runs out.
func TestWaitForTasksHostileEndedStatuses(t *testing.T) {
	for _, status := range []string{"CANCELED", "CANCELLED", "ABORTED", "TERMINATED", " failed "} {
		t.Run(status, func(t *testing.T) {
			srv := newTestServer(t)
			srv.Inject(ocptest.RouteTaskInstance, 41, ocptest.Fault{Times: -1,
				Body: `{"successful":true,"status":200,"data":{"id":41,"name":"Create backup strategy","status":"` + status + `"}}`})
			ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
			defer cancel()
			err := newTestClient(t, srv).WaitForTasks(ctx, []int64{41})
			var failed *TaskFailedError
			if !errors.As(err, &failed) || failed.ID != 41 || !strings.Contains(err.Error(), strings.TrimSpace(status)) {
				t.Fatalf("got %v", err)
			}
		})
	}
}
