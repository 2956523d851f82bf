package ocptest

import (
	"cmp"
	"encoding/json"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"strconv"
	"time"
)

// ListRoute is one paged list of a cluster's items, as OCP's backup API
// serves its task lists: at the cluster's path and, from OCP 4.3, at each
// of its tenants' paths, filtered by time, status and the list's own
// parameters. A list declares itself here and registers in families.go.
type ListRoute struct {
	// Cluster and Tenant name the two routes for faults and statistics;
	// SetItems takes Cluster.
	Cluster, Tenant Route
	// Path follows /api/v2/ob/clusters/{id}/ and
	// /api/v2/ob/clusters/{id}/tenants/{tenantId}/.
	Path string
	// TenantField is the item field a tenant path selects by, and
	// TenantClusterField the one naming that tenant's cluster, when it may
	// be another cluster than the one whose list holds the item.
	TenantField, TenantClusterField string
	// TimeField is the item time that startTime and endTime bound.
	TimeField string
	// StatusField is what the status parameters match, on tenant paths
	// only: OCP documents the filter there alone.
	StatusField string
	// Filters are further parameters, each matching the item field of the
	// same name exactly (backupSetId).
	Filters []string
	// Sort is the order the route serves a cluster's items in (OCP
	// documents none); nil serves them as set.
	Sort func(a, b map[string]any) int
	// Fixtures are the built-in items of a served cluster; nil for none.
	Fixtures func(s *Server, clusterID int64, now time.Time) []map[string]any
	// BeforeServe, when set, runs before each request of a cluster's items
	// is answered, for items that change as time passes.
	BeforeServe func(s *Server, clusterID int64, now time.Time)
}

// fakeItem is one list item: its fields, for filters, and its JSON,
// marshalled once so that serving a page costs the fake little.
type fakeItem struct {
	fields map[string]any
	raw    json.RawMessage
}

// routesLists registers every list route and loads its fixtures for the
// clusters served.
func (s *Server) routesLists(mux *http.ServeMux) {
	s.lists = map[Route]map[int64][]fakeItem{}
	s.tenants = map[int64][]int64{}
	now := time.Now()
	for _, l := range listRoutes {
		s.lists[l.Cluster] = map[int64][]fakeItem{}
		s.handle(mux, "GET /api/v2/ob/clusters/{id}/"+l.Path, l.Cluster, s.serveList(l, false))
		s.handle(mux, "GET /api/v2/ob/clusters/{id}/tenants/{tenantId}/"+l.Path, l.Tenant, s.serveList(l, true))
		for id := range s.overviews {
			if items := l.Fixtures(s, id, now); items != nil {
				s.SetItems(l.Cluster, id, items...)
			}
		}
	}
}

// SetItems replaces the items of list route (its Cluster route) for a
// cluster, each as OCP would send it; tenant paths serve those whose
// tenant field names them, and the tenant becomes one the cluster has.
func (s *Server) SetItems(route Route, clusterID int64, items ...map[string]any) {
	l := listRoute(route)
	stored := make([]fakeItem, len(items))
	for i, item := range items {
		raw, err := json.Marshal(item)
		if err != nil {
			panic(fmt.Sprintf("ocptest: item %v: %v", item, err))
		}
		stored[i] = fakeItem{fields: item, raw: raw}
	}
	if l.Sort != nil {
		slices.SortStableFunc(stored, func(a, b fakeItem) int { return l.Sort(a.fields, b.fields) })
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.lists[route][clusterID] = stored
	for _, item := range items {
		if owner, ok := item[l.TenantClusterField]; ok && fmt.Sprint(owner) != strconv.FormatInt(clusterID, 10) {
			continue
		}
		id, err := strconv.ParseInt(fmt.Sprint(item[l.TenantField]), 10, 64)
		if err == nil && !slices.Contains(s.tenants[clusterID], id) {
			s.tenants[clusterID] = append(s.tenants[clusterID], id)
		}
	}
}

func listRoute(route Route) *ListRoute {
	for _, l := range listRoutes {
		if l.Cluster == route {
			return l
		}
	}
	panic(fmt.Sprintf("ocptest: %s is not the cluster route of a list", route))
}

// itemFields are the fields of the items of list route for a cluster; mu is held.
func (s *Server) itemFields(route Route, clusterID int64) []map[string]any {
	items := s.lists[route][clusterID]
	fields := make([]map[string]any, len(items))
	for i, item := range items {
		fields[i] = item.fields
	}
	return fields
}

// The cluster endpoints take an OffsetDateTime; the tenant endpoints UTC
// to the second, as OCP documents them.
var (
	offsetDateTime = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$`)
	utcSecond      = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$`)
)

// serveList answers a list request: the cluster's (or tenant's) items
// whose time field is within startTime..endTime, that match the list's
// filters and, on tenant paths only, one of the status values.
func (s *Server) serveList(l *ListRoute, tenantPath bool) func(*http.Request, IDs) reply {
	route := l.Cluster
	if tenantPath {
		route = l.Tenant
	}
	return func(r *http.Request, ids IDs) reply {
		if !s.hasCluster(ids.Cluster) {
			return s.clusterNotFound(ids.Cluster)
		}
		if l.BeforeServe != nil {
			l.BeforeServe(s, ids.Cluster, s.now())
		}
		s.mu.Lock()
		all := s.lists[l.Cluster][ids.Cluster]
		tenants := s.tenants[ids.Cluster]
		s.mu.Unlock()
		if tenantPath && !slices.Contains(tenants, ids.Tenant) {
			return s.fail(http.StatusNotFound, TenantNotFoundCode,
				fmt.Sprintf("The specified tenant with the ID of %d does not exist in cluster %d.", ids.Tenant, ids.Cluster))
		}

		q := r.URL.Query()
		layout, form := offsetDateTime, "an offset date-time such as 2021-09-16T15:14:51.397+08:00"
		if tenantPath {
			layout, form = utcSecond, "UTC in the form YYYY-MM-DDThh:mm:ssZ"
		}
		var bounds [2]*time.Time
		for i, name := range []string{"startTime", "endTime"} {
			v := q.Get(name)
			if v == "" {
				continue
			}
			t, err := time.Parse(time.RFC3339Nano, v)
			if !layout.MatchString(v) || err != nil {
				return s.fail(http.StatusBadRequest, "COM10002", fmt.Sprintf("%s must be %s, not %q", name, form, v))
			}
			bounds[i] = &t
		}
		items := []any{}
	items:
		for _, item := range all {
			fields := item.fields
			if tenantPath && fmt.Sprint(fields[l.TenantField]) != strconv.FormatInt(ids.Tenant, 10) {
				continue
			}
			for _, f := range l.Filters {
				if v := q.Get(f); v != "" && fmt.Sprint(fields[f]) != v {
					continue items
				}
			}
			if statuses := q["status"]; tenantPath && len(statuses) > 0 && !slices.Contains(statuses, fmt.Sprint(fields[l.StatusField])) {
				continue
			}
			if bounds[0] != nil || bounds[1] != nil {
				text, _ := fields[l.TimeField].(string)
				at, err := parseOCPTime(text)
				if err != nil || (bounds[0] != nil && at.Before(*bounds[0])) || (bounds[1] != nil && at.After(*bounds[1])) {
					continue
				}
			}
			items = append(items, item.raw)
		}
		return s.page(r, route, items)
	}
}

// parseOCPTime reads the layouts the fixtures write.
func parseOCPTime(text string) (time.Time, error) {
	for _, layout := range []string{"2006-01-02T15:04:05.000-0700", time.RFC3339Nano} {
		if t, err := time.Parse(layout, text); err == nil {
			return t, nil
		}
	}
	return time.Time{}, fmt.Errorf("not a fixture time: %q", text)
}

// byNumber orders items by a numeric field, those without one last.
func byNumber(field string) func(a, b map[string]any) int {
	number := func(item map[string]any) (int64, bool) {
		n, err := strconv.ParseInt(fmt.Sprint(item[field]), 10, 64)
		return n, err == nil
	}
	return func(a, b map[string]any) int {
		x, okA := number(a)
		y, okB := number(b)
		switch {
		case okA && okB:
			return cmp.Compare(x, y)
		case okA:
			return -1
		case okB:
			return 1
		}
		return 0
	}
}
