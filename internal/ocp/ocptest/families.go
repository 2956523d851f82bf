package ocptest

import "net/http"

// families are the fake's API families, each registering its routes and
// loading its state; adding one edits neither Server nor build. The
// overviews come first: they say which clusters exist.
var families = []func(s *Server, mux *http.ServeMux){
	(*Server).routesOverview,
	(*Server).routesClusters,
	(*Server).routesLists,
	(*Server).routesRecovery,
	(*Server).routeBackupStrategies,
	(*Server).routesBackupNow,
}

// listRoutes are the paged lists of a cluster's items (list.go), each
// declared in its family's file.
var listRoutes = []*ListRoute{&dataBackupTaskList, &logBackupTaskList, &restoreTaskList}
