package ocp

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// TaskInstance is OCP's task instance (GET /api/v2/tasks/instances/{id}).
// Status is RUNNING, FAILED or SUCCESSFUL as documented; any other value is
// treated as still running.
type TaskInstance struct {
	ID       *Long     `json:"id"`
	Name     *string   `json:"name"`
	Status   *string   `json:"status"`
	Subtasks []Subtask `json:"subtasks"`
}

// Subtask is one step of a task; its status is PENDING, READY, RUNNING,
// CANCELING, FAILED or SUCCESSFUL.
type Subtask struct {
	ID     *Long   `json:"id"`
	Name   *string `json:"name"`
	Status *string `json:"status"`
}

// Task statuses that end a task.
const (
	TaskSuccessful = "SUCCESSFUL"
	TaskFailed     = "FAILED"
)

// GetTask reads one task instance.
func (c *Client) GetTask(ctx context.Context, id int64) (*TaskInstance, error) {
	var t TaskInstance
	path := fmt.Sprintf("/api/v2/tasks/instances/%d", id)
	if err := c.do(ctx, http.MethodGet, path, nil, nil, &t); err != nil {
		return nil, err
	}
	if t.Status == nil {
		return nil, c.clean(&ResponseError{Method: http.MethodGet, Path: path, HTTPStatus: http.StatusOK,
			Reason: "OCP's answer has no task status"})
	}
	if t.ID != nil && int64(*t.ID) != id {
		return nil, c.clean(&ResponseError{Method: http.MethodGet, Path: path, HTTPStatus: http.StatusOK,
			Reason: fmt.Sprintf("it describes task %d, not task %d", *t.ID, id)})
	}
	return &t, nil
}

// endedWithoutSuccess are the statuses besides FAILED of a task that has
// ended and will not succeed; OCP documents none of them, but waiting on
// one for the whole timeout would only delay the error.
var endedWithoutSuccess = map[string]bool{"CANCELED": true, "CANCELLED": true, "ABORTED": true, "TERMINATED": true}

// TaskFailedError is a task that OCP reports FAILED (or cancelled, aborted).
type TaskFailedError struct {
	ID   int64
	Name string
	// Status is how the task ended, when not FAILED.
	Status string
	// FailedSubtask names the first failed step, when OCP says which.
	FailedSubtask   string
	FailedSubtaskID int64
}

func (e *TaskFailedError) Error() string {
	msg := fmt.Sprintf("OCP task %d", e.ID)
	if e.Name != "" {
		msg += fmt.Sprintf(" (%s)", e.Name)
	}
	if e.Status != "" && e.Status != TaskFailed {
		msg += " ended " + e.Status + " without success"
	} else {
		msg += " failed"
	}
	if e.FailedSubtask != "" || e.FailedSubtaskID != 0 {
		msg += fmt.Sprintf(" in subtask %d (%s)", e.FailedSubtaskID, e.FailedSubtask)
	}
	return msg + "; see the task in OCP's console for its logs"
}

func (e *TaskFailedError) cleanServerText(clean func(string) string) {
	e.Name = clean(e.Name)
	e.FailedSubtask = clean(e.FailedSubtask)
}

// TaskWaitError is a wait for a task that ended (deadline, cancellation,
// failed read) before the task did.
type TaskWaitError struct {
	ID         int64
	Name       string
	LastStatus string
	Err        error
}

func (e *TaskWaitError) Error() string {
	name := ""
	if e.Name != "" {
		name = fmt.Sprintf(" (%s)", e.Name)
	}
	if e.LastStatus == "" {
		return fmt.Sprintf("waiting for OCP task %d%s: %v", e.ID, name, e.Err)
	}
	return fmt.Sprintf("OCP task %d%s was still %s when the wait ended: %v", e.ID, name, e.LastStatus, e.Err)
}

func (e *TaskWaitError) cleanServerText(clean func(string) string) {
	e.Name = clean(e.Name)
	e.LastStatus = clean(e.LastStatus)
}

func (e *TaskWaitError) Unwrap() error { return e.Err }

// Task polling backoff: quick first looks, since many tasks end in seconds,
// then longer waits for the ones that run for minutes.
const (
	taskPollFirst = 250 * time.Millisecond
	taskPollMax   = 15 * time.Second
)

// WaitForTasks polls each task until it succeeds, with backoff, within ctx's
// deadline. The first failed task ends the wait with a *TaskFailedError.
func (c *Client) WaitForTasks(ctx context.Context, ids []int64) error {
	// An id below 1 names no task: asking OCP for it would only turn OCP's
	// answer into a less clear error, after other tasks were waited for.
	for _, id := range ids {
		if id < 1 {
			return &TaskWaitError{ID: id, Err: fmt.Errorf("%d is not a task id (OCP's taskIdList names tasks from 1 up), so the outcome of the change cannot be followed", id)}
		}
	}
	seen := make(map[int64]bool, len(ids))
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		if err := c.waitForTask(ctx, id); err != nil {
			return c.clean(err)
		}
	}
	return nil
}

func (c *Client) waitForTask(ctx context.Context, id int64) error {
	wait := taskPollFirst
	var last *TaskInstance
	for {
		t, err := c.GetTask(ctx, id)
		if err != nil {
			if ctx.Err() != nil {
				return taskWaitError(id, last, ctx.Err())
			}
			return taskWaitError(id, last, err)
		}
		last = t
		switch status := strings.ToUpper(strings.TrimSpace(*t.Status)); {
		case status == TaskSuccessful:
			return nil
		case status == TaskFailed || endedWithoutSuccess[status]:
			return taskFailed(id, t, status)
		}
		timer := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			timer.Stop()
			return taskWaitError(id, last, ctx.Err())
		case <-timer.C:
		}
		wait = min(wait*2, taskPollMax)
	}
}

func taskWaitError(id int64, last *TaskInstance, err error) error {
	e := &TaskWaitError{ID: id, Err: err}
	if last != nil {
		e.Name = deref(last.Name)
		e.LastStatus = deref(last.Status)
	}
	if errors.Is(err, context.DeadlineExceeded) {
		e.Err = fmt.Errorf("the timeout ran out: %w", err)
	}
	return e
}

func taskFailed(id int64, t *TaskInstance, status string) error {
	e := &TaskFailedError{ID: id, Name: deref(t.Name), Status: status}
	for _, st := range t.Subtasks {
		if st.Status != nil && strings.EqualFold(*st.Status, TaskFailed) {
			e.FailedSubtask = deref(st.Name)
			if st.ID != nil {
				e.FailedSubtaskID = int64(*st.ID)
			}
			break
		}
	}
	return e
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
