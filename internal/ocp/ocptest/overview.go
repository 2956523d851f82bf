package ocptest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// RouteOverview is GET /api/v2/ob/clusters/{id}/backup/overview.
const RouteOverview Route = "overview"

func (s *Server) routesOverview(mux *http.ServeMux) {
	s.loadOverviews()
	s.handle(mux, "GET /api/v2/ob/clusters/{id}/backup/overview", RouteOverview, s.serveOverview)
}

// loadOverviews serves the built-in fixtures, or those WithClusters chose.
func (s *Server) loadOverviews() {
	s.overviews = map[int64]json.RawMessage{}
	fixtures := Fixtures()
	if s.clusterIDs == nil {
		for id, data := range fixtures {
			s.overviews[id] = json.RawMessage(data)
		}
		return
	}
	now := time.Now()
	for _, id := range s.clusterIDs {
		switch data, ok := fixtures[id]; {
		case ok:
			s.overviews[id] = json.RawMessage(data)
		case id >= FleetClusterID(0):
			s.overviews[id] = json.RawMessage(FleetCluster(int(id-FleetClusterID(0)), now))
		default:
			panic(fmt.Sprintf("ocptest: no fixture for cluster %d", id))
		}
	}
}

// SetCluster serves data (the overview JSON, as OCP would send it) for id.
func (s *Server) SetCluster(id int64, data string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.overviews[id] = json.RawMessage(data)
}

// RemoveCluster forgets cluster id: OCP then says it does not exist.
func (s *Server) RemoveCluster(id int64) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.overviews, id)
}

// ClusterNotFoundCode is OCP's code for a cluster that does not exist.
const ClusterNotFoundCode = "OBE11001"

// clusterNotFound is OCP's answer about a cluster it does not know.
func (s *Server) clusterNotFound(id int64) reply {
	return s.fail(http.StatusNotFound, ClusterNotFoundCode, fmt.Sprintf("The specified cluster with the ID of %d does not exist.", id))
}

func (s *Server) hasCluster(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.overviews[id]
	return ok
}

func (s *Server) serveOverview(_ *http.Request, ids IDs) reply {
	s.mu.Lock()
	data, ok := s.overviews[ids.Cluster]
	s.mu.Unlock()
	if !ok {
		return s.clusterNotFound(ids.Cluster)
	}
	return s.ok(s.overviewWithStrategy(ids.Cluster, data))
}
