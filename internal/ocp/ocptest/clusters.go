package ocptest

import (
	"encoding/json"
	"maps"
	"net/http"
	"slices"
	"strings"
)

// RouteClusters is GET /api/v2/ob/clusters, the cluster list. Its faults
// have no id: queue them with InjectRoute.
const RouteClusters Route = "clusters"

func (s *Server) routesClusters(mux *http.ServeMux) {
	s.handle(mux, "GET /api/v2/ob/clusters", RouteClusters, s.serveClusterList)
}

func (s *Server) serveClusterList(r *http.Request, _ IDs) reply {
	q := r.URL.Query()
	var statuses []string
	for _, v := range q["status"] {
		statuses = append(statuses, strings.Split(v, ",")...)
	}
	items := s.listItems(q.Get("name"), statuses)
	list := make([]any, len(items))
	for i, item := range items {
		list[i] = item
	}
	return s.page(r, RouteClusters, list)
}

// listItems derives OCP's cluster list items from the overview fixtures.
func (s *Server) listItems(name string, statuses []string) []map[string]any {
	s.mu.Lock()
	ids := slices.Sorted(maps.Keys(s.overviews))
	fixtures := maps.Clone(s.overviews)
	edits := map[int64]map[string]any{}
	for id, e := range s.listEdits {
		edits[id] = maps.Clone(e)
	}
	s.mu.Unlock()
	items := make([]map[string]any, 0, len(ids))
	for _, id := range ids {
		var ov map[string]any
		_ = json.Unmarshal(fixtures[id], &ov)
		item := map[string]any{
			"id": id, "name": ov["clusterName"], "obClusterId": ov["obClusterId"],
			"obVersion": ov["obVersion"], "type": ov["obClusterType"], "status": ov["obClusterStatus"],
		}
		for k, v := range edits[id] {
			if v == nil {
				delete(item, k)
			} else {
				item[k] = v
			}
		}
		clusterName, _ := ov["clusterName"].(string)
		status, _ := ov["obClusterStatus"].(string)
		if name != "" && !strings.Contains(strings.ToLower(clusterName), strings.ToLower(name)) {
			continue
		}
		if len(statuses) > 0 && !slices.Contains(statuses, status) {
			continue
		}
		items = append(items, item)
	}
	return items
}

// EditListItem changes the cluster list's item for id: each field is set to
// its value, or left out when the value is nil. The overview is unchanged.
func (s *Server) EditListItem(id int64, fields map[string]any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.listEdits == nil {
		s.listEdits = map[int64]map[string]any{}
	}
	if s.listEdits[id] == nil {
		s.listEdits[id] = map[string]any{}
	}
	maps.Copy(s.listEdits[id], fields)
}
