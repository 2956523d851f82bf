package ocp

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// backupNow runs one backup of ref against srv and returns what it said.
func backupNow(t *testing.T, srv *ocptest.Server, ref StrategyRef, mode string) (*BackupNowResult, []string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var heard []string
	res, err := newTestClient(t, srv).BackupNow(ctx, BackupNowOptions{Ref: ref, Mode: mode,
		Progress: func(m string) { heard = append(heard, m) }})
	return res, heard, err
}

func TestBackupNow(t *testing.T) {
	for _, tc := range []struct {
		ref  StrategyRef
		mode string
	}{
		{StrategyRef{ClusterID: ocptest.ClusterHealthy}, FullBackup},
		{StrategyRef{ClusterID: ocptest.ClusterHealthy}, IncrementalBackup},
		{StrategyRef{ClusterID: ocptest.ClusterTenant, TenantID: ocptest.TenantDROrders}, FullBackup},
		{StrategyRef{ClusterID: ocptest.ClusterTenant, TenantID: ocptest.TenantDROrders}, IncrementalBackup},
	} {
		t.Run(fmt.Sprintf("%s %s", tc.ref, tc.mode), func(t *testing.T) {
			srv := newTestServer(t)
			res, heard, err := backupNow(t, srv, tc.ref, tc.mode)
			if err != nil {
				t.Fatal(err)
			}
			if n := srv.BackupsStarted(strategyKey(tc.ref)); n != 1 {
				t.Errorf("%d backups started, want 1", n)
			}
			if len(res.TaskIDs) != 1 || len(res.DataBackupTasks) == 0 {
				t.Fatalf("result %+v", res)
			}
			for _, task := range res.DataBackupTasks {
				if *task.Status != DataBackupDone || *task.DataBackupTaskType != tc.mode {
					t.Errorf("task %d: %s %s", *task.TaskID, *task.Status, *task.DataBackupTaskType)
				}
				if tc.ref.TenantID != 0 && int64(*task.TenantID) != tc.ref.TenantID {
					t.Errorf("task of tenant %d", *task.TenantID)
				}
			}
			if len(heard) < 3 || !strings.Contains(heard[len(heard)-1], "DONE") {
				t.Errorf("progress: %q", heard)
			}
			body := srv.LastBackupNowBody(strategyKey(tc.ref))
			storage, _ := body["obBackupServiceStorageConfig"].(map[string]any)
			held, _ := srv.Strategy(strategyKey(tc.ref))["obBackupServiceStorageConfig"].(map[string]any)
			if body["dataBackupMode"] != tc.mode || body["backupMode"] != "PHYSICAL_BACKUP" ||
				storage["storageId"] == nil || storage["storageId"] != held["storageId"] {
				t.Errorf("body %v", body)
			}
			if text := fmt.Sprint(body); strings.Contains(text, "accessKeySecret") || strings.Contains(text, "fixture-secret") {
				t.Errorf("the body carries a secret: %v", body)
			}
		})
	}
}

// Every way the backup can fail fails, naming what failed, and none starts
// a second backup.
func TestBackupNowFailures(t *testing.T) {
	cluster := StrategyRef{ClusterID: ocptest.ClusterHealthy}
	id := cluster.ClusterID
	for name, tc := range map[string]struct {
		ref     StrategyRef
		prepare func(*ocptest.Server)
		want    string
		started int
		posts   int64
	}{
		"no strategy": {ref: StrategyRef{ClusterID: ocptest.ClusterNoStrategy}, want: "nothing to back up to", posts: 0},
		"no tenant strategy": {ref: StrategyRef{ClusterID: ocptest.ClusterHealthy, TenantID: ocptest.TenantOrders},
			want: "nothing to back up to: OCP holds no backup strategy for tenant 1001 of cluster 101"},
		"task fails": {prepare: func(s *ocptest.Server) {
			s.QueueBackups(ocptest.BackupPlan{Task: ocptest.TaskPlan{Polls: 1, FailSubtask: "Run data backup"}})
		}, want: "failed in subtask", started: 1, posts: 1},
		"beSuccessful false": {prepare: func(s *ocptest.Server) {
			s.FailNextWrite(ocptest.BeSuccessfulFalse{Hint: "log archiving is off", ErrorCode: "OBE1"})
		}, want: "log archiving is off", posts: 1},
		"data backup fails": {prepare: func(s *ocptest.Server) {
			s.QueueBackups(ocptest.BackupPlan{Task: ocptest.TaskPlan{Polls: 1}, DataStatus: "FAILED", ErrorMsg: "backup destination full"})
		}, want: "ended FAILED, not DONE: backup destination full", started: 1, posts: 1},
		"refused": {prepare: func(s *ocptest.Server) {
			s.Inject(ocptest.RouteBackupNow, id, ocptest.Error(http.StatusForbidden, "IAM10003", "no permission"))
		}, want: "no permission", posts: 1},
		"answer lost, no backup": {prepare: func(s *ocptest.Server) {
			s.Inject(ocptest.RouteBackupNow, id, ocptest.Error(http.StatusBadGateway, nil, "bad gateway"))
		}, want: "was not sent again", posts: 1},
	} {
		t.Run(name, func(t *testing.T) {
			srv := newTestServer(t)
			ref := tc.ref
			if ref.ClusterID == 0 {
				ref = cluster
			}
			if tc.prepare != nil {
				tc.prepare(srv)
			}
			_, _, err := backupNow(t, srv, ref, FullBackup)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
			if n := srv.BackupsStarted(strategyKey(ref)); n != tc.started {
				t.Errorf("%d backups started, want %d", n, tc.started)
			}
			route, key := ocptest.RouteBackupNow, ref.ClusterID
			if ref.TenantID != 0 {
				route, key = ocptest.RouteTenantBackupNow, ref.TenantID
			}
			if n := srv.Requests(route, key); n != tc.posts {
				t.Errorf("%d POSTs, want %d", n, tc.posts)
			}
		})
	}
}

// A 429 is sent again only once the history shows no backup started; an
// answer lost after OCP acted is followed through the history, not sent
// again.
func TestBackupNowStartsOneBackup(t *testing.T) {
	ref := StrategyRef{ClusterID: ocptest.ClusterHealthy}
	t.Run("429", func(t *testing.T) {
		srv := newTestServer(t)
		srv.Inject(ocptest.RouteBackupNow, ref.ClusterID, ocptest.Error(http.StatusTooManyRequests, 429, "too many requests"))
		_, heard, err := backupNow(t, srv, ref, FullBackup)
		if err != nil {
			t.Fatal(err)
		}
		if n, posts := srv.BackupsStarted(strategyKey(ref)), srv.Requests(ocptest.RouteBackupNow, ref.ClusterID); n != 1 || posts != 2 {
			t.Errorf("%d backups from %d POSTs, want 1 from 2", n, posts)
		}
		if !strings.Contains(strings.Join(heard, "\n"), "no backup started; asking again") {
			t.Errorf("progress: %q", heard)
		}
	})
	t.Run("answer lost after OCP acted", func(t *testing.T) {
		srv := newTestServer(t)
		srv.Inject(ocptest.RouteBackupNow, ref.ClusterID, ocptest.Fault{CloseAfter: 20})
		res, _, err := backupNow(t, srv, ref, FullBackup)
		if err != nil {
			t.Fatal(err)
		}
		if n, posts := srv.BackupsStarted(strategyKey(ref)), srv.Requests(ocptest.RouteBackupNow, ref.ClusterID); n != 1 || posts != 1 {
			t.Errorf("%d backups from %d POSTs, want 1 from 1", n, posts)
		}
		if len(res.DataBackupTasks) == 0 || len(res.TaskIDs) != 0 {
			t.Errorf("result %+v", res)
		}
	})
}

func TestBackupNowTimeout(t *testing.T) {
	srv := newTestServer(t)
	ref := StrategyRef{ClusterID: ocptest.ClusterHealthy}
	srv.QueueBackups(ocptest.BackupPlan{Task: ocptest.TaskPlan{Polls: -1}})
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_, err := newTestClient(t, srv).BackupNow(ctx, BackupNowOptions{Ref: ref, Mode: FullBackup})
	var waitErr *TaskWaitError
	if !errors.As(err, &waitErr) || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("error %v", err)
	}
}

// Every write whose answer was lost is judged by MayHaveActed: only an
// answer that cannot prove OCP did nothing counts, and a rate limit's
// refusal, or a request it held back unsent, proves that.
func TestMayHaveActed(t *testing.T) {
	refusal := &APIError{HTTPStatus: http.StatusTooManyRequests}
	for _, tc := range []struct {
		name string
		err  error
		want bool
	}{
		{"gateway error", &APIError{HTTPStatus: http.StatusBadGateway}, true},
		{"garbled answer", &ResponseError{HTTPStatus: http.StatusOK, Reason: "not JSON"}, true},
		{"connection lost", errors.New("unexpected EOF"), true},
		{"deadline ended the request", fmt.Errorf("post: %w", context.DeadlineExceeded), true},
		{"refused", &APIError{HTTPStatus: http.StatusForbidden}, false},
		{"429", refusal, false},
		{"rate limit refused it", &RateLimitError{Refusal: refusal}, false},
		{"rate limit held it back unsent", &RateLimitError{}, false},
		{"beSuccessful false", &OperationError{}, false},
		{"canceled: the request may have reached OCP", fmt.Errorf("post: %w", context.Canceled), true},
	} {
		if got := MayHaveActed(tc.err); got != tc.want {
			t.Errorf("%s: MayHaveActed = %v, want %v", tc.name, got, tc.want)
		}
	}
}

// backupNowWithin runs one full backup of ref, failing after timeout.
func backupNowWithin(t *testing.T, srv *ocptest.Server, ref StrategyRef, timeout time.Duration) (*BackupNowResult, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	return newTestClient(t, srv).BackupNow(ctx, BackupNowOptions{Ref: ref, Mode: FullBackup})
}

// provenTaskIDs are the taskIds of the tasks a result took as proof.
func provenTaskIDs(res *BackupNowResult) []int64 {
	var ids []int64
	for _, task := range res.DataBackupTasks {
		ids = append(ids, int64(*task.TaskID))
	}
	slices.Sort(ids)
	return ids
}

// A cluster backup is DONE only once every tenant OCP's backup info lists
// online has a DONE task of it, however late each appears; a tenant gone
// (online: false) is not waited for, and a cluster whose info lists none is
// not backed up at all.
func TestBackupNowCoversEveryTenant(t *testing.T) {
	cluster := StrategyRef{ClusterID: ocptest.ClusterHealthy}
	key := strategyKey(cluster)
	t.Run("tasks appear one by one", func(t *testing.T) {
		srv := newTestServer(t)
		srv.QueueBackups(ocptest.BackupPlan{Task: ocptest.TaskPlan{Polls: 1}, Stagger: true, AppearAt: 1})
		res, err := backupNowWithin(t, srv, cluster, 30*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if got, want := provenTaskIDs(res), srv.BackupTaskIDs(key); len(want) != 2 || !slices.Equal(got, want) {
			t.Errorf("proven by tasks %v, want every tenant's: %v", got, want)
		}
	})
	t.Run("a tenant left out", func(t *testing.T) {
		srv := newTestServer(t)
		srv.QueueBackups(ocptest.BackupPlan{Task: ocptest.TaskPlan{Polls: 1}, LeaveOut: []int64{ocptest.TenantBilling}})
		_, err := backupNowWithin(t, srv, cluster, 3*time.Second)
		if want := fmt.Sprintf("tenant %d has no task DONE yet", ocptest.TenantBilling); err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("error %v, want %q", err, want)
		}
	})
	t.Run("a tenant gone", func(t *testing.T) {
		srv := newTestServer(t)
		srv.SetBackupInfo(cluster.ClusterID, fmt.Sprintf(`{"clusterId": %d, "tenantBackupInfos": [
			{"tenantId": %d, "tenantName": "orders", "online": true}, {"tenantId": %d, "tenantName": "billing", "online": false}]}`,
			cluster.ClusterID, ocptest.TenantOrders, ocptest.TenantBilling))
		srv.QueueBackups(ocptest.BackupPlan{Task: ocptest.TaskPlan{Polls: 1}, LeaveOut: []int64{ocptest.TenantBilling}})
		res, err := backupNowWithin(t, srv, cluster, 30*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if got := provenTaskIDs(res); !slices.Equal(got, srv.BackupTaskIDs(key)) {
			t.Errorf("proven by tasks %v", got)
		}
	})
	t.Run("no tenant listed", func(t *testing.T) {
		srv := newTestServer(t)
		srv.SetBackupInfo(cluster.ClusterID, fmt.Sprintf(`{"clusterId": %d, "tenantBackupInfos": []}`, cluster.ClusterID))
		_, err := backupNowWithin(t, srv, cluster, 30*time.Second)
		var noTenants *NoTenantsError
		if !errors.As(err, &noTenants) || srv.Requests(ocptest.RouteBackupNow, cluster.ClusterID) != 0 {
			t.Fatalf("error %v after %d requests, want a NoTenantsError before any", err, srv.Requests(ocptest.RouteBackupNow, cluster.ClusterID))
		}
	})
	t.Run("one task of tenant 0 on OceanBase 4 proves no tenant", func(t *testing.T) {
		srv := newTestServer(t)
		srv.QueueBackups(ocptest.BackupPlan{Task: ocptest.TaskPlan{Polls: 1},
			LeaveOut: []int64{ocptest.TenantOrders, ocptest.TenantBilling}})
		srv.StartForeignBackup(key, ocptest.ForeignBackup{AtRead: 2, TaskID: 900, Tenant: 0, Mode: FullBackup, Status: "DONE"})
		_, err := backupNowWithin(t, srv, cluster, 3*time.Second)
		if want := fmt.Sprintf("tenant %d has no task DONE yet", ocptest.TenantOrders); err == nil || !strings.Contains(err.Error(), want) {
			t.Fatalf("error %v, want %q", err, want)
		}
	})
	t.Run("one task for the whole cluster", func(t *testing.T) {
		// OCP's cluster-level sample: one task with tenantId 0, as OceanBase
		// before 4.0 backs a cluster up as a whole.
		srv := newTestServer(t)
		srv.SetCluster(cluster.ClusterID, fmt.Sprintf(`{"clusterId": %d, "obClusterType": "PRIMARY", "obVersion": "3.2.4.1"}`, cluster.ClusterID))
		srv.QueueBackups(ocptest.BackupPlan{Task: ocptest.TaskPlan{Polls: 1},
			LeaveOut: []int64{ocptest.TenantOrders, ocptest.TenantBilling}})
		srv.StartForeignBackup(key, ocptest.ForeignBackup{AtRead: 2, TaskID: 900, Tenant: 0, Mode: FullBackup, Status: "DONE"})
		res, err := backupNowWithin(t, srv, cluster, 30*time.Second)
		if err != nil {
			t.Fatal(err)
		}
		if got := provenTaskIDs(res); !slices.Equal(got, []int64{900}) {
			t.Errorf("proven by tasks %v, want the cluster's task 900", got)
		}
	})
}

// Only the request's own tasks prove the backup: a task that states no
// mode, one that started before the request, or one of the other mode is
// no proof; one that may be the request's and fails, fails it; and after a
// refusal for the rate limit, a backup that started meanwhile is neither
// followed nor doubled.
func TestBackupNowTakesOnlyItsOwnTasks(t *testing.T) {
	cluster := StrategyRef{ClusterID: ocptest.ClusterHealthy}
	key := strategyKey(cluster)
	for name, foreign := range map[string]ocptest.ForeignBackup{
		"no mode stated":             {TaskID: 900, Status: "DONE"},
		"started before the request": {TaskID: 901, Mode: FullBackup, Status: "DONE", StartedAgo: 2 * time.Hour},
		"the other mode":             {TaskID: 902, Mode: IncrementalBackup, Status: "DONE"},
	} {
		t.Run(name, func(t *testing.T) {
			srv := newTestServer(t)
			srv.QueueBackups(ocptest.BackupPlan{Task: ocptest.TaskPlan{Polls: 1}, AppearAt: 3})
			foreign.AtRead, foreign.Tenant = 2, ocptest.TenantOrders
			srv.StartForeignBackup(key, foreign)
			res, err := backupNowWithin(t, srv, cluster, 30*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			if got, want := provenTaskIDs(res), srv.BackupTaskIDs(key); !slices.Equal(got, want) {
				t.Errorf("proven by tasks %v, want the backup's own %v", got, want)
			}
		})
	}
	t.Run("a task that may be its own fails", func(t *testing.T) {
		srv := newTestServer(t)
		srv.QueueBackups(ocptest.BackupPlan{Task: ocptest.TaskPlan{Polls: 1}, AppearAt: 3})
		srv.StartForeignBackup(key, ocptest.ForeignBackup{AtRead: 2, TaskID: 903, Tenant: ocptest.TenantOrders, Status: "FAILED"})
		_, err := backupNowWithin(t, srv, cluster, 30*time.Second)
		var failed *DataBackupFailedError
		if !errors.As(err, &failed) || failed.TaskID != 903 {
			t.Fatalf("error %v, want task 903's failure", err)
		}
	})
	t.Run("a lost answer and a backup that began before the request", func(t *testing.T) {
		// OCP lists a scheduled backup late: it began before the request
		// that OCP never carried out, and shows up only after it.
		srv := newTestServer(t)
		srv.Inject(ocptest.RouteBackupNow, cluster.ClusterID, ocptest.Error(http.StatusBadGateway, nil, "bad gateway"))
		for i, tenant := range []int64{ocptest.TenantOrders, ocptest.TenantBilling} {
			srv.StartForeignBackup(key, ocptest.ForeignBackup{AtRead: 2, TaskID: 910 + int64(i), Tenant: tenant,
				Mode: FullBackup, Status: "DONE", StartedAgo: 10 * time.Minute})
		}
		_, err := backupNowWithin(t, srv, cluster, 30*time.Second)
		var lost *LostBackupAnswerError
		if !errors.As(err, &lost) || !strings.Contains(err.Error(), "task 910 of tenant 1001") {
			t.Fatalf("error %v, want a LostBackupAnswerError naming task 910", err)
		}
		if n := srv.BackupsStarted(key); n != 0 {
			t.Errorf("%d backups started, want none", n)
		}
	})
	t.Run("a backup started during a 429", func(t *testing.T) {
		srv := newTestServer(t)
		srv.Inject(ocptest.RouteBackupNow, cluster.ClusterID, ocptest.Error(http.StatusTooManyRequests, 429, "too many requests"))
		srv.StartForeignBackup(key, ocptest.ForeignBackup{AtRead: 2, TaskID: 904, Tenant: ocptest.TenantOrders, Mode: FullBackup, Status: "DOING"})
		_, err := backupNowWithin(t, srv, cluster, 30*time.Second)
		var foreign *ForeignBackupError
		if !errors.As(err, &foreign) || !strings.Contains(err.Error(), "task 904 of tenant 1001") {
			t.Fatalf("error %v, want a ForeignBackupError naming task 904", err)
		}
		if n, posts := srv.BackupsStarted(key), srv.Requests(ocptest.RouteBackupNow, cluster.ClusterID); n != 0 || posts != 1 {
			t.Errorf("%d backups from %d requests, want none from 1", n, posts)
		}
	})
}
