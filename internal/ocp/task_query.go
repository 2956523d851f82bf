package ocp

import (
	"context"
	"fmt"
	"net/url"
	"slices"
	"strings"
	"time"
)

// TaskQuery selects the tasks of a cluster, or of one of its tenants, that
// every task list of OCP's backup API takes: data and log backups, restores.
type TaskQuery struct {
	ClusterID int64
	// TenantID reads the tenant-level endpoint (OCP 4.3 and later); zero
	// reads the cluster's.
	TenantID int64
	// StartTime and EndTime bound the tasks, as OCP applies them. They are
	// sent in the form each endpoint documents: an offset date-time to the
	// cluster endpoint, UTC to the second (start rounded down, end up) to
	// the tenant endpoint.
	StartTime, EndTime *time.Time
	// Statuses keeps tasks in any of these statuses: sent where OCP
	// documents the filter (the tenant endpoints), and always applied to
	// the answer too.
	Statuses []string
	// PageSize is the number of tasks per request; zero means 500.
	PageSize int
}

// taskList is one of OCP's task lists: its last path element, how an item
// is told apart (given the query, so that it can refuse another object's
// task), its status, and the order the caller gets.
type taskList[T any] struct {
	endpoint string
	key      func(q TaskQuery, item T) (string, error)
	status   func(item T) *string
	order    func(a, b T) int
}

// listTasks reads every page of l for q, with the options only l has.
func listTasks[T any](ctx context.Context, c *Client, q TaskQuery, l taskList[T], opts ...ListOption[T]) ([]T, error) {
	path, values, err := q.request(l.endpoint)
	if err != nil {
		return nil, err
	}
	lq := ListQuery[T]{Values: values, PageSize: q.PageSize}
	if len(q.Statuses) > 0 {
		lq.Keep = append(lq.Keep, func(item T) bool {
			// OCP's spelling of a status is compared as the filter's is
			// checked (upper case, trimmed), so a task OCP writes "failed"
			// is not left out of a gate on FAILED.
			s := l.status(item)
			return s != nil && slices.Contains(q.Statuses, strings.ToUpper(strings.TrimSpace(*s)))
		})
	}
	for _, opt := range opts {
		opt(&lq)
	}
	items, err := List(ctx, c, Endpoint[T]{
		Path: path, Order: l.order,
		Key: func(item T) (string, error) { return l.key(q, item) },
	}, lq)
	if err != nil {
		return nil, q.hint(err)
	}
	return items, nil
}

// request is the path and query of the task list named endpoint for q.
func (q TaskQuery) request(endpoint string) (string, url.Values, error) {
	if q.ClusterID < 1 {
		return "", nil, fmt.Errorf("cluster id %d: OCP's cluster ids start at 1", q.ClusterID)
	}
	if q.TenantID < 0 {
		return "", nil, fmt.Errorf("tenant id %d: OCP's tenant ids start at 1", q.TenantID)
	}
	values := url.Values{}
	start, end := q.StartTime, q.EndTime
	if q.TenantID > 0 {
		// The tenant endpoints take UTC to the second, and document the
		// status filter.
		const utc = "2006-01-02T15:04:05Z"
		if start != nil {
			values.Set("startTime", start.UTC().Truncate(time.Second).Format(utc))
		}
		if end != nil {
			rounded := end.UTC().Truncate(time.Second)
			if rounded.Before(*end) {
				rounded = rounded.Add(time.Second)
			}
			values.Set("endTime", rounded.Format(utc))
		}
		for _, s := range q.Statuses {
			values.Add("status", s)
		}
		return fmt.Sprintf("/api/v2/ob/clusters/%d/tenants/%d/backup/task/%s", q.ClusterID, q.TenantID, endpoint), values, nil
	}
	const offsetDateTime = "2006-01-02T15:04:05.999999999Z07:00"
	if start != nil {
		values.Set("startTime", start.Format(offsetDateTime))
	}
	if end != nil {
		values.Set("endTime", end.Format(offsetDateTime))
	}
	return fmt.Sprintf("/api/v2/ob/clusters/%d/backup/task/%s", q.ClusterID, endpoint), values, nil
}

// sameObject fails when an item names a cluster or tenant other than the
// one asked for: OCP's answer would then prove nothing about it.
func (q TaskQuery) sameObject(clusterID, tenantID *Long) error {
	if clusterID != nil && int64(*clusterID) != q.ClusterID {
		return fmt.Errorf("it names cluster %d, but cluster %d was asked for", *clusterID, q.ClusterID)
	}
	if q.TenantID > 0 && tenantID != nil && int64(*tenantID) != q.TenantID {
		return fmt.Errorf("it names tenant %d, but tenant %d of cluster %d was asked for", *tenantID, q.TenantID, q.ClusterID)
	}
	return nil
}

// TenantAPIHint is added to a 404 from a tenant-level endpoint: OCP before
// 4.3 has none.
const TenantAPIHint = "tenant-level backup APIs need OCP 4.3 or later; an older OCP answers 404 for them"

// hint explains an answer from a tenant endpoint that says "no such
// endpoint" (withTenantAPIHint): an older OCP, or its web server, has none.
func (q TaskQuery) hint(err error) error {
	if q.TenantID < 1 {
		return err
	}
	return withTenantAPIHint(err)
}

// newestFirst orders later instants first and absent ones last.
func newestFirst(a, b *Timestamp) int {
	switch {
	case a == nil && b == nil:
		return 0
	case a == nil:
		return 1
	case b == nil:
		return -1
	}
	return b.Time().Compare(a.Time())
}

func longOr(l *Long) int64 {
	if l == nil {
		return -1 << 63
	}
	return int64(*l)
}

func ofTenant(id *Long) string {
	if id == nil {
		return ""
	}
	return fmt.Sprintf(" of tenant %d", *id)
}
