package ocptest

import "net/http"

// taskState holds the backup task histories the fake serves.
type taskState struct{}

func (s *Server) loadTasks() {}

func (s *Server) routesBackupTasks(_ *http.ServeMux) {}
