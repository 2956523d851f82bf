package ocp

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

func taskIDs(tasks []DataBackupTask) []int64 {
	ids := make([]int64, len(tasks))
	for i, t := range tasks {
		ids[i] = int64(*t.TaskID)
	}
	return ids
}

func TestListDataBackupTasks(t *testing.T) {
	srv := newTestServer(t)
	c := newTestClient(t, srv)
	ctx := context.Background()

	// Newest first; ties by task id, newest first; the unstarted task last.
	tasks, err := c.ListDataBackupTasks(ctx, TaskQuery{ClusterID: ocptest.ClusterHealthy, PageSize: 3})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := taskIDs(tasks), []int64{8, 6, 4, 3, 5, 2, 1, ocptest.TaskHealthyQueued}; !slices.Equal(got, want) {
		t.Errorf("order %v, want %v", got, want)
	}
	failed := tasks[4]
	if *failed.Status != "FAILED" || *failed.DataBackupTaskType != "INCREMENTAL_BACKUP" || *failed.TenantName != "orders" ||
		!strings.HasSuffix(failed.StartTime.RFC3339(), "+08:00") || failed.Duration == nil || len(failed.DataSecondaryBackupTaskIDs) != 0 {
		t.Errorf("task %d: %+v", *failed.TaskID, failed)
	}

	// The cluster endpoint documents no status filter: none is sent, and
	// the provider applies it.
	tasks, err = c.ListDataBackupTasks(ctx, TaskQuery{ClusterID: ocptest.ClusterHealthy, Statuses: []string{"FAILED"}})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := taskIDs(tasks), []int64{ocptest.TaskHealthyFailedIncremental, 1}; !slices.Equal(got, want) {
		t.Errorf("FAILED: %v, want %v", got, want)
	}
	if q := srv.LastQuery(ocptest.RouteDataBackupTasks); q.Has("status") {
		t.Errorf("status sent to the cluster endpoint: %v", q)
	}

	// The cluster endpoint takes an offset date-time, as given.
	start := time.Now().Add(-50 * time.Hour).In(time.FixedZone("", -(3*3600 + 1800)))
	tasks, err = c.ListDataBackupTasks(ctx, TaskQuery{ClusterID: ocptest.ClusterHealthy, StartTime: &start})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := taskIDs(tasks), []int64{8, 6, 4, 3, ocptest.TaskHealthyFailedIncremental}; !slices.Equal(got, want) {
		t.Errorf("since 50 hours ago: %v, want %v", got, want)
	}
	if got := srv.LastQuery(ocptest.RouteDataBackupTasks).Get("startTime"); got != start.Format("2006-01-02T15:04:05.999999999-07:00") {
		t.Errorf("startTime sent as %q", got)
	}

	tasks, err = c.ListDataBackupTasks(ctx, TaskQuery{ClusterID: ocptest.ClusterHealthy}, WithBackupSet(2))
	if err != nil || !slices.Equal(taskIDs(tasks), []int64{2}) {
		t.Errorf("backup set 2: %v, %v", taskIDs(tasks), err)
	}
}

func TestListDataBackupTasksOfATenant(t *testing.T) {
	srv := newTestServer(t)
	c := newTestClient(t, srv)
	ctx := context.Background()
	start := time.Date(2020, 1, 2, 3, 4, 5, 600_000_000, time.FixedZone("", 8*3600))
	end := time.Now().Add(time.Hour).Add(300 * time.Millisecond)
	tasks, err := c.ListDataBackupTasks(ctx, TaskQuery{
		ClusterID: ocptest.ClusterHealthy, TenantID: ocptest.TenantBilling,
		StartTime: &start, EndTime: &end, Statuses: []string{"DONE", "FAILED"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := taskIDs(tasks), []int64{8, 4}; !slices.Equal(got, want) {
		t.Errorf("billing: %v, want %v", got, want)
	}
	// UTC to the second, the start rounded down and the end up; statuses as
	// OCP documents them, one parameter each.
	q := srv.LastQuery(ocptest.RouteTenantDataBackupTasks)
	if got := q.Get("startTime"); got != "2020-01-01T19:04:05Z" {
		t.Errorf("startTime sent as %q", got)
	}
	if got, want := q.Get("endTime"), end.UTC().Truncate(time.Second).Add(time.Second).Format("2006-01-02T15:04:05Z"); got != want {
		t.Errorf("endTime sent as %q, want %q", got, want)
	}
	if got := q["status"]; !slices.Equal(got, []string{"DONE", "FAILED"}) {
		t.Errorf("status sent as %v", got)
	}
}

// An OCP before 4.3 has no tenant endpoints: its answer, with a hint.
func TestTenantTasksOnAnOCPWithoutTenantAPIs(t *testing.T) {
	srv := newTestServer(t, ocptest.WithoutTenantAPIs())
	c := newTestClient(t, srv)
	q := TaskQuery{ClusterID: ocptest.ClusterHealthy, TenantID: ocptest.TenantOrders}
	_, dataErr := c.ListDataBackupTasks(context.Background(), q)
	_, logErr := c.ListLogBackupTasks(context.Background(), q)
	for _, err := range []error{dataErr, logErr} {
		if e := apiError(t, err); e.HTTPStatus != 404 || e.Code != ocptest.NoSuchAPICode || !strings.Contains(err.Error(), TenantAPIHint) {
			t.Errorf("got %v", err)
		}
	}
	// A web server's own 404 page gets the hint too.
	html := newTestServer(t)
	html.InjectRoute(ocptest.RouteTenantLogBackupTasks, ocptest.Fault{Status: 404,
		Header: map[string]string{"Content-Type": "text/html"}, Body: "<html><body>Not Found</body></html>"})
	if _, err := newTestClient(t, html).ListLogBackupTasks(context.Background(), q); err == nil || !strings.Contains(err.Error(), TenantAPIHint) {
		t.Errorf("got %v", err)
	}
	// The cluster endpoints are there.
	if _, err := c.ListDataBackupTasks(context.Background(), TaskQuery{ClusterID: ocptest.ClusterHealthy}); err != nil {
		t.Error(err)
	}
	// A missing cluster is OCP saying so, without the hint.
	_, err := newTestClient(t, newTestServer(t)).ListDataBackupTasks(context.Background(), TaskQuery{ClusterID: 999, TenantID: 1})
	if e := apiError(t, err); e.Code != ocptest.ClusterNotFoundCode || strings.Contains(err.Error(), TenantAPIHint) {
		t.Errorf("got %v", err)
	}
}

// An answer about another cluster or tenant proves nothing about the one asked for.
func TestBackupTasksOfAnotherObject(t *testing.T) {
	page := func(item string) string {
		return `{"successful": true, "data": {"contents": [` + item + `], "page": {"number": 1, "totalElements": 1, "totalPages": 1}}}`
	}
	cases := []struct {
		name  string
		route ocptest.Route
		query TaskQuery
		item  string
		want  string
		log   bool
	}{
		{"data, cluster", ocptest.RouteDataBackupTasks, TaskQuery{ClusterID: 101},
			`{"taskId": 1, "clusterId": 999}`, "it names cluster 999, but cluster 101 was asked for", false},
		{"data, tenant", ocptest.RouteTenantDataBackupTasks, TaskQuery{ClusterID: 101, TenantID: 1001},
			`{"taskId": 1, "clusterId": 101, "tenantId": 1002}`, "it names tenant 1002, but tenant 1001 of cluster 101 was asked for", false},
		{"log, cluster", ocptest.RouteLogBackupTasks, TaskQuery{ClusterID: 101},
			`{"clusterId": "998"}`, "it names cluster 998, but cluster 101 was asked for", true},
		{"data without a task id", ocptest.RouteDataBackupTasks, TaskQuery{ClusterID: 101},
			`{"clusterId": 101, "status": "DONE"}`, "the task has no taskId", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newTestServer(t)
			srv.InjectRoute(tc.route, ocptest.Fault{Status: 200, Body: page(tc.item)})
			c := newTestClient(t, srv)
			var err error
			if tc.log {
				_, err = c.ListLogBackupTasks(context.Background(), tc.query)
			} else {
				_, err = c.ListDataBackupTasks(context.Background(), tc.query)
			}
			var pagingErr *PagingError
			if !errors.As(err, &pagingErr) || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("got %v, want %q", err, tc.want)
			}
		})
	}
}

func TestListLogBackupTasks(t *testing.T) {
	srv := newTestServer(t)
	c := newTestClient(t, srv)
	tasks, err := c.ListLogBackupTasks(context.Background(), TaskQuery{ClusterID: ocptest.ClusterHealthy})
	if err != nil {
		t.Fatal(err)
	}
	if len(tasks) != 3 || *tasks[2].Status != "STOPPED" || *tasks[0].Status != "RUNNING" {
		t.Fatalf("got %+v", tasks)
	}
	running, err := c.ListLogBackupTasks(context.Background(), TaskQuery{
		ClusterID: ocptest.ClusterHealthy, TenantID: ocptest.TenantOrders, Statuses: []string{"RUNNING"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if len(running) != 1 || *running[0].Delay != 40.5 || *running[0].AgentServerIP != "xxx.xxx.xxx.xxx" {
		t.Errorf("got %+v", running)
	}
}

func TestDecimal(t *testing.T) {
	for text, want := range map[string]float64{`47.8`: 47.8, `"100.1899"`: 100.1899, `125`: 125, `"9007199254740993"`: 9007199254740993} {
		var d Decimal
		if err := d.UnmarshalJSON([]byte(text)); err != nil || float64(d) != want {
			t.Errorf("%s: %v %v", text, d, err)
		}
	}
	var d Decimal
	if err := d.UnmarshalJSON([]byte(`"fast"`)); err == nil {
		t.Error(`"fast" was read as a number`)
	}
}
