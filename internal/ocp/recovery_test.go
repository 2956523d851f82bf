package ocp

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

func sectionTypes(sections []RecoverableSection) []string {
	var types []string
	for _, s := range sections {
		types = append(types, *s.Type)
	}
	return types
}

// The fake derives ClusterHealthy's window from its task history: orders
// restorable since its full backup 8 days ago, billing since its first full
// backup 27 hours ago, and the cluster as far as both tenants reach.
func TestGetClusterBackupInfo_derivedFromTheTasks(t *testing.T) {
	srv := newTestServer(t)
	info, err := newTestClient(t, srv, withAccessKey).GetClusterBackupInfo(context.Background(), ocptest.ClusterHealthy, BackupInfoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if *info.ClusterName != "prod-orders" || *info.ClusterID != Long(ocptest.ClusterHealthy) || !*info.Online {
		t.Errorf("identity: %+v", info)
	}
	span := func(sections []RecoverableSection) (from, to time.Duration) {
		t.Helper()
		w := RecoverableWindow(sections)
		if w == nil {
			t.Fatal("no recoverable window")
		}
		return time.Since(w.StartTime.Time()), time.Since(w.EndTime.Time())
	}
	if from, to := span(info.Aggregation.Sections()); from < 26*time.Hour || from > 28*time.Hour || to > 5*time.Minute {
		t.Errorf("the cluster's window spans %s ago to %s ago", from, to)
	}
	// Tenants come in OCP's order; sorting them is the provider's job.
	if len(info.TenantBackupInfos) != 2 || *info.TenantBackupInfos[0].TenantID != Long(ocptest.TenantOrders) {
		t.Fatalf("tenants: %+v", info.TenantBackupInfos)
	}
	if from, _ := span(info.TenantBackupInfos[0].Aggregation.Sections()); from < 7*24*time.Hour {
		t.Errorf("orders is restorable from %s ago, want 8 days", from)
	}
	if from, _ := span(info.TenantBackupInfos[1].Aggregation.Sections()); from > 28*time.Hour {
		t.Errorf("billing is restorable from %s ago, want 27 hours", from)
	}
}

func TestGetClusterBackupInfo_noStrategyHasNoWindow(t *testing.T) {
	srv := newTestServer(t)
	info, err := newTestClient(t, srv).GetClusterBackupInfo(context.Background(), ocptest.ClusterNoStrategy, BackupInfoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if s := info.Aggregation.Sections(); s == nil || len(s) != 0 || RecoverableWindow(s) != nil {
		t.Errorf("sections %+v, want an empty list and no window", s)
	}
}

// OCP 4.0/4.2 name the RECOVERABLE interval logRecoverableTimeInterval.
func TestGetClusterBackupInfo_oldNaming(t *testing.T) {
	srv := newTestServer(t)
	info, err := newTestClient(t, srv).GetClusterBackupInfo(context.Background(), ocptest.VendorExampleID, BackupInfoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sections := info.Aggregation.Sections()
	if got := strings.Join(sectionTypes(sections), ","); got != "FULL_DATA_BACKUP,LOG_BACKUP,RECOVERABLE" {
		t.Errorf("sections %s", got)
	}
	w := RecoverableWindow(sections)
	if w == nil || w.StartTime.RFC3339() != "2021-09-16T17:25:02.993+08:00" || w.EndTime.RFC3339() != "2021-09-22T14:49:07.296+08:00" {
		t.Errorf("window %+v", w)
	}
	if got := sections[1].Interval().StartTime.RFC3339(); got != "2021-09-16T17:00:00+08:00" {
		t.Errorf("log section starts %s", got)
	}
}

func TestRecoverableWindow_endingLastWins(t *testing.T) {
	srv := newTestServer(t)
	info, err := newTestClient(t, srv).GetClusterBackupInfo(context.Background(), ocptest.ClusterLongStrings, BackupInfoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if *info.ObClusterID != 9007199254740993 || *info.TenantBackupInfos[0].TenantID != 9223372036854775807 {
		t.Errorf("longs: %d %d", *info.ObClusterID, *info.TenantBackupInfos[0].TenantID)
	}
	sections := info.Aggregation.Sections()
	if got := *sections[1].DataBackupRecoverableInfo.FullBackupSetID; got != 9007199254740993 {
		t.Errorf("fullBackupSetId %d", got)
	}
	w := RecoverableWindow(sections)
	if w == nil || w.EndTime.RFC3339() != "2024-09-04T09:59:12.000001+08:00" {
		t.Errorf("window %+v, want the one ending 2024-09-04T09:59:12.000001+08:00", w)
	}

	ts := func(s string) *Timestamp { t, _ := ParseTimestamp(s); return &t }
	rec := SectionRecoverable
	same := []RecoverableSection{
		{Type: &rec, RealRecoverableTimeInterval: &TimeInterval{StartTime: ts("2024-09-02T00:00:00Z"), EndTime: ts("2024-09-04T00:00:00Z")}},
		{Type: &rec, RealRecoverableTimeInterval: &TimeInterval{StartTime: ts("2024-09-01T00:00:00Z"), EndTime: ts("2024-09-04T08:00:00+08:00")}},
		{Type: &rec, RealRecoverableTimeInterval: &TimeInterval{StartTime: ts("2024-08-01T00:00:00Z")}},
	}
	if w := RecoverableWindow(same); w.StartTime.RFC3339() != "2024-09-01T00:00:00Z" {
		t.Errorf("of two windows ending at the same instant, the wider must win; got %+v", w)
	}
	if RecoverableWindow(same[2:]) == nil {
		t.Error("a window without an end still counts when it is the only one")
	}
}

func TestGetTenantBackupInfo_docExample(t *testing.T) {
	srv := newTestServer(t)
	info, err := newTestClient(t, srv).GetTenantBackupInfo(context.Background(), ocptest.DocExampleClusterID, ocptest.DocExampleTenantID, BackupInfoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if *info.TenantName != "app_t1" || *info.ObTenantID != 1004 || *info.ObClusterID != 12 {
		t.Errorf("got %+v", info)
	}
	w := RecoverableWindow(info.Aggregation.Sections())
	if w.StartTime.RFC3339() != "2024-09-02T02:04:10.8+08:00" || w.EndTime.RFC3339() != "2024-09-04T09:59:12+08:00" {
		t.Errorf("window %v – %v", w.StartTime, w.EndTime)
	}
}

func TestGetTenantBackupInfo_fromTheClusterWindow(t *testing.T) {
	srv := newTestServer(t)
	info, err := newTestClient(t, srv).GetTenantBackupInfo(context.Background(), ocptest.ClusterTenant, ocptest.TenantDROrders, BackupInfoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if *info.TenantName != "orders" || *info.ClusterName != "dr-orders" {
		t.Errorf("got %+v", info)
	}
}

func TestBackupInfo_timesPassedThrough(t *testing.T) {
	srv := newTestServer(t)
	c := newTestClient(t, srv)
	start := time.Date(2024, 9, 1, 8, 30, 15, 120000000, time.FixedZone("", 8*3600))
	end := time.Date(2024, 9, 4, 0, 0, 0, 0, time.UTC)
	opts := BackupInfoOptions{StartTime: &start, EndTime: &end}
	if _, err := c.GetClusterBackupInfo(context.Background(), ocptest.ClusterHealthy, opts); err != nil {
		t.Fatal(err)
	}
	q := srv.LastBackupInfoQuery()
	if q.Get("startTime") != "2024-09-01T08:30:15.12+08:00" || q.Get("endTime") != "2024-09-04T00:00:00Z" {
		t.Errorf("cluster query %v", q)
	}
	if _, err := c.GetTenantBackupInfo(context.Background(), ocptest.ClusterHealthy, ocptest.TenantOrders, opts); err != nil {
		t.Fatal(err)
	}
	q = srv.LastBackupInfoQuery()
	if q.Get("startTime") != "2024-09-01T00:30:15Z" || q.Get("endTime") != "2024-09-04T00:00:00Z" {
		t.Errorf("tenant query %v", q)
	}
	if _, err := c.GetClusterBackupInfo(context.Background(), ocptest.ClusterHealthy, BackupInfoOptions{}); err != nil {
		t.Fatal(err)
	}
	if q := srv.LastBackupInfoQuery(); len(q) != 0 {
		t.Errorf("unset times must not be sent: %v", q)
	}
}

func TestBackupInfo_failsClosed(t *testing.T) {
	const id = ocptest.ClusterHealthy
	cases := map[string]struct {
		cluster, tenant string
		fault           *ocptest.Fault
		want            []string
	}{
		"null data":               {cluster: `null`, want: []string{"has no data"}},
		"missing data":            {fault: &ocptest.Fault{Body: `{"successful": true, "status": 200, "traceId": "t1"}`}, want: []string{"has no data"}},
		"another cluster":         {cluster: `{"clusterId": 102}`, want: []string{"cluster 102, not 101"}},
		"a tenant of another":     {cluster: `{"clusterId": 101, "tenantBackupInfos": [{"clusterId": 104, "tenantId": 1}]}`, want: []string{"cluster 104, not 101", "tenantBackupInfos[0].clusterId"}},
		"a tenant without an id":  {cluster: `{"clusterId": 101, "tenantBackupInfos": [{"tenantId": 1}, {"tenantName": "ghost"}]}`, want: []string{`tenantBackupInfos[1] (tenant "ghost") has no tenantId`}},
		"a tenant id of 0":        {cluster: `{"tenantBackupInfos": [{"tenantId": 0}]}`, want: []string{"tenantBackupInfos[0] (tenant without a name) has no tenantId of at least 1"}},
		"a tenant twice":          {cluster: `{"tenantBackupInfos": [{"tenantId": 4}, {"tenantId": "4"}]}`, want: []string{"names tenant 4 more than once"}},
		"tenant: null data":       {tenant: `null`, want: []string{"has no data"}},
		"tenant: another tenant":  {tenant: `{"clusterId": 101, "tenantId": 12}`, want: []string{"tenant 12, not 1001"}},
		"tenant: another cluster": {tenant: `{"clusterId": 7, "tenantId": 1001}`, want: []string{"cluster 7, not 101"}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			srv := newTestServer(t)
			c := newTestClient(t, srv)
			if tc.fault != nil {
				srv.Inject(ocptest.RouteBackupInfo, id, *tc.fault)
			}
			var err error
			if strings.HasPrefix(name, "tenant:") {
				srv.SetTenantBackupInfo(id, ocptest.TenantOrders, tc.tenant)
				_, err = c.GetTenantBackupInfo(context.Background(), id, ocptest.TenantOrders, BackupInfoOptions{})
			} else {
				if tc.cluster != "" {
					srv.SetBackupInfo(id, tc.cluster)
				}
				_, err = c.GetClusterBackupInfo(context.Background(), id, BackupInfoOptions{})
			}
			if err == nil {
				t.Fatal("the read succeeded")
			}
			for _, want := range tc.want {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not say %q", err, want)
				}
			}
		})
	}
}

func TestGetTenantBackupInfo_olderOCP(t *testing.T) {
	old := newTestServer(t, ocptest.WithoutTenantAPIs())
	_, err := newTestClient(t, old).GetTenantBackupInfo(context.Background(), ocptest.ClusterHealthy, ocptest.TenantOrders, BackupInfoOptions{})
	if e := apiError(t, err); e.HTTPStatus != http.StatusNotFound || e.Code != "COM10001" {
		t.Errorf("OCP's answer is lost: %+v", e)
	}
	for _, want := range []string{"no such API", "need OCP 4.3 or later"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not say %q", err, want)
		}
	}

	// A cluster that does not exist is not a missing API.
	srv := newTestServer(t)
	c := newTestClient(t, srv)
	_, err = c.GetTenantBackupInfo(context.Background(), 999, 1, BackupInfoOptions{})
	if e := apiError(t, err); e.Code != "OBE11001" || strings.Contains(err.Error(), "4.3") {
		t.Errorf("got %v", err)
	}
	// Neither is a failure other than "not found".
	srv.Inject(ocptest.RouteTenantBackupInfo, ocptest.TenantOrders, ocptest.Error(http.StatusForbidden, "COM10009", "no permission"))
	_, err = c.GetTenantBackupInfo(context.Background(), ocptest.ClusterHealthy, ocptest.TenantOrders, BackupInfoOptions{})
	if err == nil || strings.Contains(err.Error(), "4.3") {
		t.Errorf("got %v", err)
	}
}

func TestGetClusterBackupInfo_sparse(t *testing.T) {
	srv := newTestServer(t)
	info, err := newTestClient(t, srv).GetClusterBackupInfo(context.Background(), ocptest.ClusterSparse, BackupInfoOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if info.Aggregation != nil || info.Aggregation.Sections() != nil || info.TenantBackupInfos != nil {
		t.Errorf("got %+v", info)
	}
	var idErr *IdentityError
	srv.SetBackupInfo(ocptest.ClusterSparse, `{"clusterId": 1}`)
	if _, err := newTestClient(t, srv).GetClusterBackupInfo(context.Background(), ocptest.ClusterSparse, BackupInfoOptions{}); !errors.As(err, &idErr) {
		t.Errorf("got %T %v", err, err)
	}
}
