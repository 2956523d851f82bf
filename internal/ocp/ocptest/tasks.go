package ocptest

import (
	"fmt"
	"net/http"
	"slices"
)

// taskInstance is an OCP task instance that runs for a number of polls.
type taskInstance struct {
	id        int64
	name      string
	clusterID int64
	plan      TaskPlan
	polls     int
	// onEnd, when set, hears once that the task ended.
	onEnd func(failed bool)
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
	b.tasks[id] = &taskInstance{id: id, name: name, clusterID: key.ClusterID, plan: plan}
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
func (s *Server) serveTask(_ *http.Request, ids IDs) reply {
	id := ids.Cluster // the path's {id} is the task's
	b := &s.backup
	b.mu.Lock()
	defer b.mu.Unlock()
	t, ok := b.tasks[id]
	if !ok {
		return s.fail(http.StatusNotFound, "COM10010", fmt.Sprintf("Task instance %d does not exist.", id))
	}
	t.polls++
	status := "RUNNING"
	done := t.plan.Polls >= 0 && t.polls > t.plan.Polls
	if done {
		status = "SUCCESSFUL"
		if t.plan.FailSubtask != "" {
			status = "FAILED"
		}
		if t.onEnd != nil {
			t.onEnd(status == "FAILED")
			t.onEnd = nil
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
	return s.ok(map[string]any{
		"id": t.id, "name": t.name, "status": status, "type": "MANUAL",
		"clusterId": t.clusterID, "creator": "admin", "subtasks": subtasks,
	})
}
