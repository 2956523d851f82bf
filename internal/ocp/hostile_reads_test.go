package ocp

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// Hostile answers to the paged and recovery reads, each of which must end
// in an error that says what is wrong, never a panic or a short list.

// A totalElements at the top of a long's range must not wrap the page
// arithmetic around into a negative page count (which panicked).
func TestHostilePagingCountsAtTheEdgeOfALong(t *testing.T) {
	const huge = `9223372036854775807`
	cases := map[string]string{
		"totalElements only":   `{"number": 1, "size": 2, "totalElements": ` + huge + `}`,
		"as a string":          `{"number": 1, "size": 2, "totalElements": "` + huge + `"}`,
		"with a page count":    `{"number": 1, "size": 2, "totalElements": ` + huge + `, "totalPages": 3}`,
		"page count huge only": `{"number": 1, "size": 2, "totalPages": ` + huge + `}`,
	}
	for name, info := range cases {
		t.Run(name, func(t *testing.T) {
			srv := newTestServer(t)
			srv.InjectRoute(ocptest.RouteClusters, ocptest.Fault{Times: -1, Status: 200,
				Body: `{"successful": true, "data": {"contents": [{"id": 1}, {"id": 2}], "page": ` + info + `}}`})
			var err error
			func() {
				defer func() {
					if r := recover(); r != nil {
						t.Fatalf("the read panicked: %v", r)
					}
				}()
				_, err = newTestClient(t, srv).ListClusters(context.Background(), ListClustersOptions{PageSize: 2})
			}()
			var pagingErr *PagingError
			if !errors.As(err, &pagingErr) {
				t.Fatalf("got %v, want a paging error", err)
			}
		})
	}
}

// A task id below 1 is no task's identity, as no cluster id below 1 is a
// cluster's.
func TestHostileDataTaskIDBelowOne(t *testing.T) {
	for name, id := range map[string]string{"zero": `0`, "negative": `"-3"`} {
		t.Run(name, func(t *testing.T) {
			srv := newTestServer(t)
			srv.Inject(ocptest.RouteDataBackupTasks, ocptest.ClusterHealthy, ocptest.Fault{Times: -1, Status: 200,
				Body: `{"successful": true, "data": {"contents": [{"taskId": ` + id + `, "clusterId": 101, "status": "SUCCESS"}],
					"page": {"number": 1, "size": 500, "totalElements": 1, "totalPages": 1}}}`})
			_, err := newTestClient(t, srv).ListDataBackupTasks(context.Background(), TaskQuery{ClusterID: ocptest.ClusterHealthy})
			if err == nil || !strings.Contains(err.Error(), "taskId") {
				t.Fatalf("got %v, want an error about the taskId", err)
			}
		})
	}
}

// A RECOVERABLE interval that ends before it starts proves no window: a
// gate reading only its end would pass on it.
func TestHostileRecoverableIntervalEndsBeforeItStarts(t *testing.T) {
	srv := newTestServer(t)
	srv.SetBackupInfo(ocptest.ClusterHealthy, `{"clusterId": 101, "obRecoverableInfoAggregation": {"latestSevenDaysAggregation": {"obRecoverableSectionItems": [
		{"obRecoverableSectionItemType": "RECOVERABLE", "realRecoverableTimeInterval": {"startTime": "2024-09-04T09:59:12+08:00", "endTime": "2024-09-02T02:04:10+08:00"}}]}}}`)
	_, err := newTestClient(t, srv).GetClusterBackupInfo(context.Background(), ocptest.ClusterHealthy, BackupInfoOptions{})
	if err == nil || !strings.Contains(err.Error(), "ends before it starts") {
		t.Fatalf("got %v, want an error about the inverted interval", err)
	}
}

// A page count beyond what totalElements allows is a lie whether or not
// page 1 looks full: served pages are all alike but the last, so a page 1
// short of the size asked for is the last, and an empty list has one page.
// Reading on would send up to MaxPages requests for pages that cannot exist.
func TestHostilePageCountBeyondTotalElementsOnAShortPage(t *testing.T) {
	cases := map[string]string{
		"a short page":  `{"contents": [{"id": 1}, {"id": 2}], "page": {"number": 1, "size": 500, "totalElements": 2, "totalPages": 9000}}`,
		"an empty list": `{"contents": [], "page": {"number": 1, "size": 500, "totalElements": 0, "totalPages": 9000}}`,
	}
	for name, data := range cases {
		t.Run(name, func(t *testing.T) {
			srv := newTestServer(t)
			srv.InjectRoute(ocptest.RouteClusters, ocptest.Fault{Status: 200, Body: `{"successful": true, "data": ` + data + `}`})
			_, err := newTestClient(t, srv).ListClusters(context.Background(), ListClustersOptions{})
			var pagingErr *PagingError
			if !errors.As(err, &pagingErr) || !strings.Contains(err.Error(), "more than totalElements") {
				t.Fatalf("got %v, want a paging error about the page count", err)
			}
			if got := srv.Requests(ocptest.RouteClusters, 0); got != 1 {
				t.Errorf("%d requests, want 1", got)
			}
		})
	}
}

// ParseFloat reads more than JSON's numbers; none of the rest is a number
// Terraform can hold.
func TestHostileDecimalIsAJSONNumber(t *testing.T) {
	for _, text := range []string{`"NaN"`, `"Inf"`, `"-Infinity"`, `"+1"`, `"0x1p-2"`, `"1_0"`, `".5"`, `"1e400"`, `1e400`} {
		var d Decimal
		if err := d.UnmarshalJSON([]byte(text)); err == nil {
			t.Errorf("%s was read as %v", text, float64(d))
		}
	}
}

// A page 1 shorter than both the size asked for and the size OCP reports is
// the last page: counts that promise more are lies, found at once rather
// than after thousands of requests for pages that cannot exist.
func TestHostileShortFirstPageIsTheLast(t *testing.T) {
	cases := map[string]struct{ info, want string }{
		"a page count, no totalElements": {`{"number": 1, "size": 500, "totalPages": 9000}`, "announces 9000 pages"},
		"totalElements, no page count":   {`{"number": 1, "size": 500, "totalElements": 9000}`, "totalElements is 9000"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			srv := newTestServer(t)
			srv.InjectRoute(ocptest.RouteClusters, ocptest.Fault{Status: 200,
				Body: `{"successful": true, "data": {"contents": [{"id": 1}, {"id": 2}], "page": ` + tc.info + `}}`})
			_, err := newTestClient(t, srv).ListClusters(context.Background(), ListClustersOptions{})
			var pagingErr *PagingError
			if !errors.As(err, &pagingErr) || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("got %v, want a paging error with %q", err, tc.want)
			}
			if got := srv.Requests(ocptest.RouteClusters, 0); got != 1 {
				t.Errorf("%d requests, want 1", got)
			}
		})
	}
}

// An OCP without tenant-level task endpoints may answer 405 as well as 404,
// as the tenant window read already allows for: the hint says why.
func TestHostileTenantTasksMethodNotAllowedHasTheHint(t *testing.T) {
	srv := newTestServer(t)
	srv.InjectRoute(ocptest.RouteTenantDataBackupTasks, ocptest.Fault{Times: -1, Status: 405,
		Header: map[string]string{"Content-Type": "text/html"}, Body: "<html><body>Method Not Allowed</body></html>"})
	_, err := newTestClient(t, srv, func(c *Config) { c.MaxRetries = 0 }).ListDataBackupTasks(context.Background(),
		TaskQuery{ClusterID: ocptest.ClusterHealthy, TenantID: ocptest.TenantOrders})
	if err == nil || !strings.Contains(err.Error(), TenantAPIHint) {
		t.Fatalf("got %v, want the tenant API hint", err)
	}
}

// A server that ignores the backupSetId filter (it is OCP's to apply, and
// an older or a hostile one may not) must not hand a gate on one backup set
// the tasks of another: the provider applies the filter too, as it does
// statuses.
func TestHostileBackupSetFilterIgnoredByTheServer(t *testing.T) {
	srv := newTestServer(t)
	srv.Inject(ocptest.RouteDataBackupTasks, ocptest.ClusterHealthy, ocptest.Fault{Times: -1, Status: 200,
		Body: `{"successful": true, "data": {"contents": [
			{"taskId": 9, "backupSetId": 9, "clusterId": 101, "status": "SUCCESS", "startTime": "2024-09-03T02:00:00+08:00"},
			{"taskId": 8, "backupSetId": 8, "clusterId": 101, "status": "FAILED", "startTime": "2024-09-02T02:00:00+08:00"},
			{"taskId": 7, "clusterId": 101, "status": "SUCCESS", "startTime": "2024-09-01T02:00:00+08:00"}],
			"page": {"number": 1, "size": 500, "totalElements": 3, "totalPages": 1}}}`})
	tasks, err := newTestClient(t, srv).ListDataBackupTasks(context.Background(),
		TaskQuery{ClusterID: ocptest.ClusterHealthy}, WithBackupSet(8))
	if err != nil {
		t.Fatal(err)
	}
	if len(tasks) != 1 || tasks[0].TaskID == nil || *tasks[0].TaskID != 8 {
		t.Fatalf("got %d tasks, want only task 8 of backup set 8: %+v", len(tasks), tasks)
	}
}

// A log task has no id; what it archives and since when tell it apart.
// The same task sent twice with its creation time spelt in another offset
// is still the same task, and the message naming it does not quote the
// storage URL's query, where OSS and S3 URLs carry their keys.
func TestHostileLogTaskIdentity(t *testing.T) {
	srv := newTestServer(t)
	task := func(created string) string {
		return `{"clusterId": 101, "createTime": "` + created + `", "backupUri": "oss://bucket/ob?host=oss.example.com&access_id=AKID&access_key=storage-secret-1"}`
	}
	srv.Inject(ocptest.RouteLogBackupTasks, ocptest.ClusterHealthy, ocptest.Fault{Times: -1, Status: 200,
		Body: `{"successful": true, "data": {"contents": [` + task("2024-09-02T02:04:10.8+08:00") + `, ` + task("2024-09-01T18:04:10.800Z") + `],
			"page": {"number": 1, "size": 500, "totalElements": 2, "totalPages": 1}}}`})
	_, err := newTestClient(t, srv).ListLogBackupTasks(context.Background(), TaskQuery{ClusterID: ocptest.ClusterHealthy})
	var pagingErr *PagingError
	if !errors.As(err, &pagingErr) || !strings.Contains(err.Error(), "repeats item") {
		t.Fatalf("got %v, want a paging error about the repeated task", err)
	}
	for _, leak := range []string{"storage-secret-1", "AKID"} {
		if strings.Contains(err.Error(), leak) {
			t.Errorf("the error shows %q: %v", leak, err)
		}
	}
}

// A server that counts pages from 0 serves the list's second page for
// page=1 and an empty one for page=2. Without totalElements only the page
// count can tell: a page within it cannot be empty.
func TestHostileEmptyPageWithinThePageCount(t *testing.T) {
	srv := newTestServer(t)
	page := func(number int, contents string) ocptest.Fault {
		return ocptest.Fault{Status: 200, Body: fmt.Sprintf(`{"successful": true, "data": {"contents": [%s], "page": {"number": %d, "size": 2, "totalPages": 2}}}`, contents, number)}
	}
	srv.InjectRoute(ocptest.RouteClusters, page(1, `{"id": 3}, {"id": 4}`), page(2, ``))
	clusters, err := newTestClient(t, srv).ListClusters(context.Background(), ListClustersOptions{PageSize: 2})
	var pagingErr *PagingError
	if !errors.As(err, &pagingErr) || !strings.Contains(err.Error(), "empty") {
		t.Fatalf("got %v (%d clusters), want a paging error about the empty page", err, len(clusters))
	}
}

// An empty interval under one name is no interval: the one under the other
// name is the section's.
func TestHostileEmptyIntervalBesideAFullOne(t *testing.T) {
	sections := []RecoverableSection{}
	if err := json.Unmarshal([]byte(`[{"obRecoverableSectionItemType": "RECOVERABLE", "realRecoverableTimeInterval": {},
		"logRecoverableTimeInterval": {"startTime": "2024-09-02T02:04:10.8+08:00", "endTime": "2024-09-04T09:59:12+08:00"}}]`), &sections); err != nil {
		t.Fatal(err)
	}
	w := RecoverableWindow(sections)
	if w == nil || w.EndTime == nil || w.EndTime.RFC3339() != "2024-09-04T09:59:12+08:00" {
		t.Fatalf("got %+v, want the logRecoverableTimeInterval", w)
	}
}
