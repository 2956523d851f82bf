package ocp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

var strategyNone = StrategyRef{ClusterID: ocptest.ClusterNoStrategy}

func strategyKey(r StrategyRef) ocptest.StrategyKey {
	return ocptest.StrategyKey{ClusterID: r.ClusterID, TenantID: r.TenantID}
}

// sampleStrategyRequest is an OSS strategy carrying secret as its key.
func sampleStrategyRequest(ref StrategyRef, secret string) *BackupStrategyRequest {
	s := func(v string) *string { return &v }
	l := func(v int64) *Long { n := Long(v); return &n }
	b := func(v bool) *bool { return &v }
	obj := BackupObject{ClusterID: Long(ref.ClusterID), BackupDimension: "CLUSTER"}
	if ref.TenantID != 0 {
		obj.TenantID, obj.BackupDimension = l(ref.TenantID), "TENANT"
	}
	return &BackupStrategyRequest{
		BackupMode: "PHYSICAL_BACKUP",
		Objects:    []BackupObject{obj},
		ScheduleConfig: &BackupScheduleConfig{
			BackupScheduleMode: s("WEEK"), BackupScheduleEnabled: b(true), BackupScheduleTime: s("02:00+08:00"),
			DayAndDataBackupModelMap: map[string]string{"1": "FULL_BACKUP", "4": "INCREMENTAL_BACKUP"},
			StartLogBackup:           b(true),
		},
		ThresholdConfig: &BackupThresholdConfig{DataBackupTimeoutMinutes: l(240), NoSuccessfulDataBackupAlarmDays: l(3), LogBackupDelaySeconds: l(600)},
		StorageConfig: &BackupStorageConfig{
			ConfigName: s("oss_prod"), AlarmStoragePercentageThreshold: l(80),
			BaseInfo: &BackupStorageInfo{BackupStorageType: s("BACKUP_STORAGE_OSS"), StorageURL: s("bucket/ob"),
				OSSAccessKey: &StorageAccessKey{Endpoint: s("oss.example.com"), AccessKeyID: s("AKID"), AccessKeySecret: s(secret)}},
		},
	}
}

// Create, read, update, pause and delete, signed with AK/SK: the fake
// verifies the body's MD5 in the signature.
func TestBackupStrategyLifecycleSigned(t *testing.T) {
	srv := newTestServer(t)
	c := newTestClient(t, srv, withAccessKey)
	ctx := context.Background()

	if s, err := c.GetBackupStrategy(ctx, strategyNone); err != nil || s != nil {
		t.Fatalf("before create: %v %v", s, err)
	}
	resp, err := c.CreateBackupStrategy(ctx, strategyNone, sampleStrategyRequest(strategyNone, "sk-1"))
	if err != nil {
		t.Fatal(err)
	}
	if len(resp.TaskIDs()) != 1 {
		t.Fatalf("task ids %v", resp.TaskIDs())
	}
	if err := c.WaitForTasks(ctx, resp.TaskIDs()); err != nil {
		t.Fatal(err)
	}
	s, err := c.GetBackupStrategy(ctx, strategyNone)
	if err != nil || s == nil {
		t.Fatalf("after create: %v %v", s, err)
	}
	if *s.ScheduleConfig.BackupScheduleTime != "02:00:00.000+08:00" || s.StorageConfig.BaseInfo.OSSAccessKey.AccessKeySecret != nil {
		t.Errorf("got %+v", s.ScheduleConfig)
	}
	if _, err := c.UpdateBackupStrategy(ctx, strategyNone, sampleStrategyRequest(strategyNone, "sk-2")); err != nil {
		t.Fatal(err)
	}
	if _, err := c.StopBackupSchedule(ctx, strategyNone); err != nil {
		t.Fatal(err)
	}
	if s, _ := c.GetBackupStrategy(ctx, strategyNone); *s.ScheduleConfig.BackupScheduleEnabled {
		t.Error("the schedule still runs after stopSchedule")
	}
	resp, err = c.DeleteBackupStrategy(ctx, strategyNone)
	if err != nil {
		t.Fatal(err)
	}
	if err := c.WaitForTasks(ctx, resp.TaskIDs()); err != nil {
		t.Fatal(err)
	}
	if s, err := c.GetBackupStrategy(ctx, strategyNone); err != nil || s != nil {
		t.Fatalf("after delete: %v %v", s, err)
	}
}

// The fake rejects a signature that does not cover the body sent.
func TestSignatureCoversTheBody(t *testing.T) {
	srv := newTestServer(t)
	body := []byte(`{"backupMode":"PHYSICAL_BACKUP"}`)
	req, _ := http.NewRequest(http.MethodPost, srv.URL+strategyNone.path(), bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	key := AccessKey{ID: ocptest.DefaultCredentials.AccessKeyID, Secret: ocptest.DefaultCredentials.AccessSecret}
	key.authorize(req, []byte(`{"backupMode":"LOGICAL_BACKUP"}`), time.Now())
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("a signature over another body got HTTP %d, want 401", resp.StatusCode)
	}
}

func TestGetBackupStrategyShapes(t *testing.T) {
	healthy := StrategyRef{ClusterID: ocptest.ClusterHealthy}
	cases := []struct {
		name    string
		shape   ocptest.StrategyShape
		ref     StrategyRef
		fault   *ocptest.Fault
		want    bool // a strategy is found
		wantErr string
	}{
		{name: "object", ref: healthy, want: true},
		{name: "page of one", shape: ocptest.ShapePage, ref: healthy, want: true},
		{name: "empty object", ref: strategyNone},
		{name: "empty page", shape: ocptest.ShapePage, ref: strategyNone},
		{name: "404 with OCP's code", shape: ocptest.ShapeNotFound, ref: strategyNone},
		{name: "tenant", ref: StrategyRef{ClusterID: ocptest.ClusterTenant, TenantID: 7}, want: true},
		{name: "no such API", ref: healthy, fault: &ocptest.Fault{Status: 404, Code: ocptest.NoSuchAPICode, Message: "no such API"},
			wantErr: "no such API"},
		{name: "HTML 404", ref: healthy, fault: &ocptest.Fault{Status: 404, Body: "<html>not found</html>",
			Header: map[string]string{"Content-Type": "text/html"}}, wantErr: "HTML"},
		{name: "404 without a code", ref: healthy, fault: &ocptest.Fault{Status: 404, Body: `{"successful":false,"status":404}`},
			wantErr: "HTTP 404"},
		{name: "404 without OCP's envelope", ref: healthy, fault: &ocptest.Fault{Status: 404,
			Body: `{"timestamp":"2024-01-01T00:00:00Z","status":404,"error":"Not Found","path":"/api/v2"}`}, wantErr: "HTTP 404"},
		{name: "data missing", ref: healthy, fault: &ocptest.Fault{Body: `{"successful":true,"status":200}`},
			wantErr: "no data"},
		{name: "null data", ref: healthy, fault: &ocptest.Fault{Body: `{"successful":true,"status":200,"data":null}`},
			wantErr: "no data"},
		{name: "another cluster's strategy", ref: healthy, fault: &ocptest.Fault{
			Body: `{"successful":true,"status":200,"data":{"id":5,"clusterId":999}}`}, wantErr: "cluster 999, not of cluster 101"},
		{name: "page of two", ref: healthy, fault: &ocptest.Fault{
			Body: `{"successful":true,"status":200,"data":{"contents":[{"id":1},{"id":2}],"page":{}}}`}, wantErr: "page of 2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newTestServer(t)
			srv.SetStrategyShape(tc.shape)
			if tc.fault != nil {
				srv.InjectStrategy(ocptest.OpReadStrategy, strategyKey(tc.ref), *tc.fault)
			}
			s, err := newTestClient(t, srv).GetBackupStrategy(context.Background(), tc.ref)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("got %v, %v; want an error with %q", s, err, tc.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if (s != nil) != tc.want {
				t.Fatalf("found %v, want %v", s != nil, tc.want)
			}
		})
	}
}

// "data": {} means "no strategy" on the strategy's GET alone: on every
// other object endpoint it proves nothing and is an error.
func TestEmptyObjectMeansNoStrategyOnlyThere(t *testing.T) {
	srv := newTestServer(t)
	c := newTestClient(t, srv)
	healthy := StrategyRef{ClusterID: ocptest.ClusterHealthy}
	empty := ocptest.Fault{Body: `{"successful":true,"status":200,"data":{},"traceId":"t-1"}`}
	srv.InjectStrategy(ocptest.OpReadStrategy, strategyKey(healthy), empty)
	if s, err := c.GetBackupStrategy(context.Background(), healthy); s != nil || err != nil {
		t.Errorf("strategy: got %v, %v; want none", s, err)
	}
	srv.Inject(ocptest.RouteOverview, ocptest.ClusterHealthy, empty)
	if _, err := c.GetClusterBackupOverview(context.Background(), ocptest.ClusterHealthy); err == nil || !strings.Contains(err.Error(), "no data") {
		t.Errorf("overview: got %v", err)
	}
	srv.InjectRoute(ocptest.RouteTaskInstance, empty)
	if _, err := c.GetTask(context.Background(), 1); err == nil || !strings.Contains(err.Error(), "no data") {
		t.Errorf("task: got %v", err)
	}
}

// OCP's words in a refused write or a failed task pass through the
// client's redactor, like those of any other error.
func TestBackupErrorsAreCleaned(t *testing.T) {
	srv := newTestServer(t)
	c := newTestClient(t, srv)
	password := ocptest.DefaultCredentials.Password
	srv.FailNextWrite(ocptest.BeSuccessfulFalse{Hint: "login failed for " + password, ErrorCode: "E-" + password})
	_, err := c.CreateBackupStrategy(context.Background(), strategyNone, sampleStrategyRequest(strategyNone, "sk"))
	var opErr *OperationError
	if !errors.As(err, &opErr) {
		t.Fatalf("got %v", err)
	}
	if strings.Contains(err.Error(), password) || strings.Contains(opErr.Hint, password) || strings.Contains(opErr.ErrorCode, password) {
		t.Errorf("the password shows: %v", err)
	}

	srv.QueueTasks(ocptest.TaskPlan{Polls: 0, FailSubtask: "Check storage with " + password})
	resp, err := c.CreateBackupStrategy(context.Background(), strategyNone, sampleStrategyRequest(strategyNone, "sk"))
	if err != nil {
		t.Fatal(err)
	}
	err = c.WaitForTasks(context.Background(), resp.TaskIDs())
	var failed *TaskFailedError
	if !errors.As(err, &failed) {
		t.Fatalf("got %v", err)
	}
	if strings.Contains(err.Error(), password) || strings.Contains(failed.FailedSubtask, password) {
		t.Errorf("the password shows: %v", err)
	}
}

// A write is retried only when OCP surely did not act on it.
func TestWriteRetries(t *testing.T) {
	cases := []struct {
		name         string
		fault        ocptest.Fault
		wantErr      bool
		wantRequests int
		wantWrites   int
	}{
		{name: "429 is retried", fault: ocptest.Fault{Status: 429, Message: "Excessive number of requests",
			Header: map[string]string{"Retry-After": "0"}}, wantRequests: 2, wantWrites: 1},
		{name: "503 is not retried", fault: ocptest.Fault{Status: 503, Message: "busy"}, wantErr: true, wantRequests: 1},
		{name: "a dropped answer is not retried", fault: ocptest.Fault{CloseAfter: 10}, wantErr: true, wantRequests: 1, wantWrites: 1},
		// The fake's Delay holds the request back before OCP acts, and the
		// client's timeout ends it: sent once, made never.
		{name: "a timed-out answer is not retried", fault: ocptest.Fault{Delay: time.Second}, wantErr: true, wantRequests: 1, wantWrites: 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newTestServer(t)
			srv.InjectStrategy(ocptest.OpCreateStrategy, strategyKey(strategyNone), tc.fault)
			c := newTestClient(t, srv, withAccessKey, func(c *Config) { c.RequestTimeout = 300 * time.Millisecond })
			_, err := c.CreateBackupStrategy(context.Background(), strategyNone, sampleStrategyRequest(strategyNone, "sk"))
			if (err != nil) != tc.wantErr {
				t.Fatalf("error %v, want one: %v", err, tc.wantErr)
			}
			key := strategyKey(strategyNone)
			if n := srv.StrategyRequests(ocptest.OpCreateStrategy, key); n != tc.wantRequests {
				t.Errorf("%d requests, want %d", n, tc.wantRequests)
			}
			if n := srv.StrategyWrites(key); n != tc.wantWrites {
				t.Errorf("%d writes, want %d", n, tc.wantWrites)
			}
		})
	}
}

func TestCheckWriteRetry(t *testing.T) {
	ctx := context.Background()
	dial := &net.OpError{Op: "dial", Net: "tcp", Err: errors.New("connection refused")}
	read := &net.OpError{Op: "read", Net: "tcp", Err: errors.New("connection reset by peer")}
	cases := []struct {
		name  string
		resp  *http.Response
		err   error
		retry bool
	}{
		{"dial error", nil, dial, true},
		{"DNS failure", nil, &net.OpError{Op: "dial", Err: &net.DNSError{Err: "no such host"}}, true},
		{"reset after sending", nil, read, false},
		{"429", &http.Response{StatusCode: 429, Header: http.Header{}}, nil, true},
		{"502", &http.Response{StatusCode: 502, Header: http.Header{}}, nil, false},
		{"503", &http.Response{StatusCode: 503, Header: http.Header{}}, nil, false},
		{"200", &http.Response{StatusCode: 200, Header: http.Header{}}, nil, false},
	}
	for _, tc := range cases {
		p := newRetryPolicy(time.Millisecond, time.Second, 3)
		if retry, _ := p.checkWriteRetry(ctx, tc.resp, tc.err); retry != tc.retry {
			t.Errorf("%s: retry %v, want %v", tc.name, retry, tc.retry)
		}
	}
}

// A write to a port nobody listens on is retried: the connection failed
// before anything was sent.
func TestWriteRetriedAfterDialError(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	logger := &traceLogger{}
	c, err := New(Config{BaseURL: "http://" + addr, Credentials: BasicAuth{Username: "u", Password: "p"},
		RetryWaitMin: time.Millisecond, MaxRetries: 2, Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.CreateBackupStrategy(context.Background(), strategyNone, sampleStrategyRequest(strategyNone, "sk"))
	var te *TransportError
	if !errors.As(err, &te) || te.Method != http.MethodPost {
		t.Fatalf("got %v", err)
	}
	if n := logger.count("OCP request failed"); n != 3 {
		t.Errorf("%d attempts, want 3", n)
	}
}

func TestBeSuccessfulFalse(t *testing.T) {
	srv := newTestServer(t)
	srv.FailNextWrite(ocptest.BeSuccessfulFalse{Hint: "The backup storage is not reachable.", ErrorCode: "OB_BACKUP_STORAGE_UNREACHABLE"})
	_, err := newTestClient(t, srv).CreateBackupStrategy(context.Background(), strategyNone, sampleStrategyRequest(strategyNone, "sk"))
	var opErr *OperationError
	if !errors.As(err, &opErr) || opErr.Hint != "The backup storage is not reachable." || opErr.ErrorCode != "OB_BACKUP_STORAGE_UNREACHABLE" {
		t.Fatalf("got %v", err)
	}
	if s := srv.Strategy(strategyKey(strategyNone)); s != nil {
		t.Error("the fake created the strategy anyway")
	}

	srv.InjectStrategy(ocptest.OpCreateStrategy, strategyKey(strategyNone), ocptest.Fault{
		Body: `{"successful":true,"status":200,"data":{"obBackupTaskType":"CREATE_BACKUP_STRATEGY"}}`})
	_, err = newTestClient(t, srv).CreateBackupStrategy(context.Background(), strategyNone, sampleStrategyRequest(strategyNone, "sk"))
	if !errors.As(err, &opErr) {
		t.Fatalf("an answer without results: got %v", err)
	}
}

func TestWaitForTasks(t *testing.T) {
	srv := newTestServer(t)
	c := newTestClient(t, srv)
	ctx := context.Background()
	create := func() []int64 {
		t.Helper()
		resp, err := c.CreateBackupStrategy(ctx, strategyNone, sampleStrategyRequest(strategyNone, "sk"))
		if err != nil {
			t.Fatal(err)
		}
		srv.DeleteStrategyBehindTerraform(strategyKey(strategyNone))
		return resp.TaskIDs()
	}

	ids := create()
	if err := c.WaitForTasks(ctx, ids); err != nil {
		t.Fatal(err)
	}
	if n := srv.TaskPolls(ids[0]); n != ocptest.DefaultTaskPolls+1 {
		t.Errorf("%d polls", n)
	}

	srv.QueueTasks(ocptest.TaskPlan{Polls: 1, FailSubtask: "Start log archive"})
	ids = create()
	err := c.WaitForTasks(ctx, ids)
	var failed *TaskFailedError
	if !errors.As(err, &failed) || failed.ID != ids[0] || failed.Name != "Create backup strategy" || failed.FailedSubtask != "Start log archive" {
		t.Fatalf("got %v", err)
	}
	if !strings.Contains(err.Error(), "Create backup strategy") || !strings.Contains(err.Error(), "Start log archive") {
		t.Errorf("message: %v", err)
	}

	srv.QueueTasks(ocptest.TaskPlan{Polls: -1})
	ids = create()
	short, cancel := context.WithTimeout(ctx, 700*time.Millisecond)
	defer cancel()
	err = c.WaitForTasks(short, ids)
	var waitErr *TaskWaitError
	if !errors.As(err, &waitErr) || waitErr.LastStatus != "RUNNING" || !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("got %v", err)
	}
}

// At TF_LOG=trace the request body is logged without the storage secret,
// which the client does not know as a credential.
func TestRequestBodyLoggedWithoutSecrets(t *testing.T) {
	srv := newTestServer(t)
	logger := &traceLogger{}
	c := newTestClient(t, srv, func(c *Config) { c.Logger = logger })
	const secret = "x" // too short to find by value: redaction must go by field name
	if _, err := c.CreateBackupStrategy(context.Background(), strategyNone, sampleStrategyRequest(strategyNone, secret)); err != nil {
		t.Fatal(err)
	}
	body, _ := logger.field("OCP request and response", "request_body").(string)
	if body == "" {
		t.Fatal("no request body was logged")
	}
	var decoded map[string]any
	if err := json.Unmarshal([]byte(body), &decoded); err != nil {
		t.Fatalf("the logged body is not JSON: %v", err)
	}
	if !strings.Contains(body, `"accessKeySecret":"<redacted>"`) {
		t.Errorf("the secret was not redacted: %s", body)
	}
	if !strings.Contains(body, `"accessKeyId":"AKID"`) {
		t.Errorf("more than the secret was redacted: %s", body)
	}
}

// Writes and task polls hold the same request slots as reads.
func TestWritesShareTheSlots(t *testing.T) {
	srv := newTestServer(t, ocptest.WithLatency(20*time.Millisecond))
	c := newTestClient(t, srv, func(c *Config) { c.MaxConcurrentRequests = 2 })
	var wg sync.WaitGroup
	for i := range 12 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			ref := StrategyRef{ClusterID: ocptest.ClusterNoStrategy, TenantID: int64(i + 1)}
			if _, err := c.CreateBackupStrategy(context.Background(), ref, sampleStrategyRequest(ref, "sk")); err != nil {
				t.Error(err)
			}
			if _, err := c.GetClusterBackupOverview(context.Background(), ocptest.ClusterHealthy); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
	if peak := srv.Stats().PeakInFlight; peak > 2 {
		t.Errorf("peak of %d requests in flight, want at most 2", peak)
	}
}

// traceLogger keeps Debug and Trace lines with their fields.
type traceLogger struct {
	mu    sync.Mutex
	lines []struct {
		msg    string
		fields map[string]any
	}
}

func (l *traceLogger) record(msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, struct {
		msg    string
		fields map[string]any
	}{msg, fields})
}

func (l *traceLogger) Debug(_ context.Context, msg string, fields map[string]any) {
	l.record(msg, fields)
}

func (l *traceLogger) Trace(_ context.Context, msg string, fields map[string]any) {
	l.record(msg, fields)
}

func (l *traceLogger) count(msg string) int {
	l.mu.Lock()
	defer l.mu.Unlock()
	n := 0
	for _, line := range l.lines {
		if line.msg == msg {
			n++
		}
	}
	return n
}

func (l *traceLogger) field(msg, name string) any {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, line := range l.lines {
		if line.msg == msg {
			if v, ok := line.fields[name]; ok {
				return v
			}
		}
	}
	return nil
}

// The fake answers a body without a required field as OCP does: 400 in
// OCP's envelope, naming the field.
func TestStrategyBodyValidatedByTheFake(t *testing.T) {
	srv := newTestServer(t)
	req := sampleStrategyRequest(strategyNone, "sk")
	req.ThresholdConfig = nil
	_, err := newTestClient(t, srv).CreateBackupStrategy(context.Background(), strategyNone, req)
	if e := apiError(t, err); e.HTTPStatus != 400 || e.Code != "COM10002" || e.Message != "obBackupThresholdConfig: must not be null" {
		t.Errorf("got %v", e)
	}
	req = sampleStrategyRequest(strategyNone, "")
	_, err = newTestClient(t, srv).CreateBackupStrategy(context.Background(), strategyNone, req)
	if e := apiError(t, err); e.HTTPStatus != 400 || !strings.Contains(e.Message, "ossAccessKey.accessKeySecret: must not be null") {
		t.Errorf("got %v", e)
	}
}

func TestRedactJSONSecrets(t *testing.T) {
	cases := map[string]string{
		`{"a":{"accessKeySecret":"k"},"b":[{"password":"p","user":"u"}],"secretKey":null}`: `{"a":{"accessKeySecret":"<redacted>"},"b":[{"password":"<redacted>","user":"u"}],"secretKey":null}`,
		`{"accessKeyId":"AK","n":1.50}`: `{"accessKeyId":"AK","n":1.50}`,
		`not json, password=x`:          `not json, password=x`,
	}
	for in, want := range cases {
		if got := redactJSONSecrets([]byte(in)); got != want {
			t.Errorf("redactJSONSecrets(%s) = %s, want %s", in, got, want)
		}
	}
}

// A PATCH that names the storage by storageId and sends no secret keeps the
// secret OCP holds, in the fake as the provider assumes of OCP; one that
// changes the storage without a secret, or names no storage, is refused.
func TestUpdateWithoutSecretKeepsTheStoredOne(t *testing.T) {
	srv := newTestServer(t)
	c := newTestClient(t, srv)
	ctx := context.Background()
	if _, err := c.CreateBackupStrategy(ctx, strategyNone, sampleStrategyRequest(strategyNone, "sk-created-1")); err != nil {
		t.Fatal(err)
	}
	held, err := c.GetBackupStrategy(ctx, strategyNone)
	if err != nil || held.StorageConfig.StorageID == nil {
		t.Fatalf("the strategy has no storageId: %v %v", held, err)
	}
	withoutSecret := func(url string, id *Long) *BackupStrategyRequest {
		req := sampleStrategyRequest(strategyNone, "")
		req.StorageConfig.BaseInfo.OSSAccessKey.AccessKeySecret = nil
		req.StorageConfig.BaseInfo.StorageURL = &url
		req.StorageConfig.StorageID = id
		return req
	}
	if _, err := c.UpdateBackupStrategy(ctx, strategyNone, withoutSecret("bucket/ob", held.StorageConfig.StorageID)); err != nil {
		t.Fatalf("a PATCH naming the storage without its secret: %v", err)
	}
	if got := srv.StrategySecret(strategyKey(strategyNone)); got != "sk-created-1" {
		t.Errorf("OCP holds secret %q after the PATCH", got)
	}
	for name, req := range map[string]*BackupStrategyRequest{
		"new storage":      withoutSecret("bucket/other", held.StorageConfig.StorageID),
		"no storage named": withoutSecret("bucket/ob", nil),
	} {
		var apiErr *APIError
		if _, err := c.UpdateBackupStrategy(ctx, strategyNone, req); !errors.As(err, &apiErr) || apiErr.HTTPStatus != http.StatusBadRequest {
			t.Errorf("%s without a secret: %v", name, err)
		}
	}
}
