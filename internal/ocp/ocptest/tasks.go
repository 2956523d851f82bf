package ocptest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strconv"
)

// fakeTask is an OCP task instance that runs for a number of polls.
type fakeTask struct {
	id        int64
	name      string
	clusterID int64
	plan      TaskPlan
	polls     int
}

// subtaskNames are the steps of every fake task; a TaskPlan fails one of them.
var subtaskNames = []string{"Check backup storage", "Save backup strategy", "Start log archive"}

// startTask registers a task for a write on key; b.mu is held.
func (b *backupState) startTask(key StrategyKey, name string) int64 {
	plan := TaskPlan{Polls: DefaultTaskPolls}
	if len(b.plans) > 0 {
		plan = b.plans[0]
		b.plans = b.plans[1:]
	}
	id := b.nextTask
	b.nextTask++
	b.tasks[id] = &fakeTask{id: id, name: name, clusterID: key.ClusterID, plan: plan}
	return id
}

// TaskPolls is how many times task id was read.
func (s *Server) TaskPolls(id int64) int {
	s.backup.mu.Lock()
	defer s.backup.mu.Unlock()
	if t, ok := s.backup.tasks[id]; ok {
		return t.polls
	}
	return 0
}

// serveTask answers GET /api/v2/tasks/instances/{id}: RUNNING for the
// task's planned polls, then its outcome.
func (s *Server) serveTask(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.writeError(w, http.StatusBadRequest, "COM10002", "invalid task id: "+r.PathValue("id"))
		return
	}
	b := &s.backup
	b.mu.Lock()
	t, ok := b.tasks[id]
	if !ok {
		b.mu.Unlock()
		s.writeError(w, http.StatusNotFound, "COM10010", fmt.Sprintf("Task instance %d does not exist.", id))
		return
	}
	t.polls++
	status := "RUNNING"
	done := t.plan.Polls >= 0 && t.polls > t.plan.Polls
	if done {
		status = "SUCCESSFUL"
		if t.plan.FailSubtask != "" {
			status = "FAILED"
		}
	}
	subtasks := make([]map[string]any, 0, len(subtaskNames)+1)
	names := subtaskNames
	if t.plan.FailSubtask != "" && !slices.Contains(names, t.plan.FailSubtask) {
		names = append(append([]string{}, names...), t.plan.FailSubtask)
	}
	failedSeen := false
	for i, name := range names {
		st := "SUCCESSFUL"
		switch {
		case !done && i == len(names)-1:
			st = "RUNNING"
		case !done:
		case status == "FAILED" && name == t.plan.FailSubtask:
			st, failedSeen = "FAILED", true
		case failedSeen:
			st = "PENDING"
		}
		subtasks = append(subtasks, map[string]any{"id": t.id*10 + int64(i), "name": name, "status": st})
	}
	data, _ := json.Marshal(map[string]any{
		"id": t.id, "name": t.name, "status": status, "type": "MANUAL",
		"clusterId": t.clusterID, "creator": "admin", "subtasks": subtasks,
	})
	b.mu.Unlock()
	s.writeBody(w, s.envelope(data))
}
