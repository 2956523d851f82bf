package ocp

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// recordingLogger keeps the messages of Debug lines.
type recordingLogger struct {
	mu    sync.Mutex
	lines []map[string]any
}

func (l *recordingLogger) Debug(_ context.Context, msg string, fields map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, map[string]any{"msg": msg, "fields": fields})
}

func (l *recordingLogger) Trace(context.Context, string, map[string]any) {}

func (l *recordingLogger) count(msg string) (n int, last map[string]any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, line := range l.lines {
		if line["msg"] == msg {
			n++
			last, _ = line["fields"].(map[string]any)
		}
	}
	return n, last
}

const waitLogMessage = "OCP rate limit reached: requests wait for the window to reset"

// A fleet read through one client under a tight per-user limit: every
// request shares one pace, so all complete and hardly any is refused.
func TestRateLimitFleetCompletes(t *testing.T) {
	const n = 40
	srv := newTestServer(t, ocptest.WithRateLimit(10, 500*time.Millisecond), ocptest.WithClusters(ocptest.FleetIDs(n)...))
	logger := &recordingLogger{}
	c := newTestClient(t, srv, func(c *Config) {
		c.MaxRetries = 0 // waiting one's turn must not need retries
		c.Logger = logger
	})
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.GetClusterBackupOverview(context.Background(), ocptest.FleetClusterID(i)); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()

	stats := srv.RateStats()
	if stats.Refused > n/10 {
		t.Errorf("%d of %d requests refused with 429; the client should keep to the window", stats.Refused, srv.Stats().Requests)
	}
	// Each wait is logged once, however many requests share it.
	lines, fields := logger.count(waitLogMessage)
	if lines == 0 || lines > 8 {
		t.Errorf("%d wait lines logged for %d requests over about 4 windows", lines, n)
	}
	if fields != nil && (fields["ratelimit_limit"] != "10" || fields["ratelimit_reset"] == "") {
		t.Errorf("the wait line lacks OCP's figures: %v", fields)
	}
}

// A 429 is a turn waited, not a failure: with max_retries 0 the read still
// completes once the window resets.
func TestRateLimitRefusalsUseNoRetries(t *testing.T) {
	srv := newTestServer(t)
	srv.Inject(ocptest.RouteOverview, ocptest.ClusterHealthy, ocptest.Fault{Times: 2, Status: http.StatusTooManyRequests, Message: "Excessive number of requests",
		Header: map[string]string{"RateLimit-Limit": "5", "RateLimit-Remaining": "0", "RateLimit-Reset": "1"}})
	c := newTestClient(t, srv, func(c *Config) { c.MaxRetries = 0 })
	if _, err := c.GetClusterBackupOverview(context.Background(), ocptest.ClusterHealthy); err != nil {
		t.Fatal(err)
	}
	if n := srv.Requests(ocptest.RouteOverview, ocptest.ClusterHealthy); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
}

// max_rate_limit_wait ends a call that the limit would hold too long, at
// once, with OCP's figures and its refusal.
func TestMaxRateLimitWait(t *testing.T) {
	srv := newTestServer(t)
	srv.Inject(ocptest.RouteOverview, ocptest.ClusterHealthy, ocptest.Fault{Times: -1, Status: http.StatusTooManyRequests, Code: 0,
		Message: ocptest.RateLimitMessage,
		Header:  map[string]string{"RateLimit-Limit": "50", "RateLimit-Remaining": "0", "RateLimit-Reset": "1"}})
	c := newTestClient(t, srv, func(c *Config) { c.MaxRateLimitWait = 1500 * time.Millisecond })
	_, err := c.GetClusterBackupOverview(context.Background(), ocptest.ClusterHealthy)
	var rl *RateLimitError
	if !errors.As(err, &rl) {
		t.Fatalf("got %T %v, want *RateLimitError", err, err)
	}
	for _, want := range []string{"max_rate_limit_wait (1.5s)", "RateLimit-Limit: 50", "RateLimit-Remaining: 0",
		"RateLimit-Reset: 1", "HTTP 429", ocptest.RateLimitMessage, "trace id"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error lacks %q: %v", want, err)
		}
	}
	if e := apiError(t, err); e.HTTPStatus != http.StatusTooManyRequests {
		t.Errorf("the refusal is %v", e)
	}
	// It waited one window of a second, then would have needed another.
	if n := srv.Requests(ocptest.RouteOverview, ocptest.ClusterHealthy); n != 2 {
		t.Errorf("%d requests, want 2", n)
	}
}

// "RateLimit-Remaining: 0" on a successful answer holds back every other
// request of the client, which then never reaches OCP.
func TestRemainingZeroHoldsBackTheWholeClient(t *testing.T) {
	srv := newTestServer(t)
	srv.Inject(ocptest.RouteOverview, ocptest.ClusterHealthy, ocptest.Fault{
		Header: map[string]string{"RateLimit-Limit": "3", "RateLimit-Remaining": "0", "RateLimit-Reset": "3600"}})
	c := newTestClient(t, srv, func(c *Config) { c.MaxRateLimitWait = time.Minute })
	if _, err := c.GetClusterBackupOverview(context.Background(), ocptest.ClusterHealthy); err != nil {
		t.Fatal(err)
	}
	_, err := c.GetClusterBackupOverview(context.Background(), ocptest.ClusterPaused)
	var rl *RateLimitError
	if !errors.As(err, &rl) || rl.Refusal != nil || !strings.Contains(err.Error(), "RateLimit-Reset: 3600") {
		t.Fatalf("got %v, want a RateLimitError without a refusal", err)
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		t.Errorf("no 429 was received, yet the error unwraps to %v", apiErr)
	}
	if n := srv.Requests(ocptest.RouteOverview, ocptest.ClusterPaused); n != 0 {
		t.Errorf("%d requests reached OCP through a spent window", n)
	}
}

// Cancellation ends a wait on the rate limit at once.
func TestCancellationEndsARateLimitWait(t *testing.T) {
	srv := newTestServer(t)
	srv.Inject(ocptest.RouteOverview, ocptest.ClusterHealthy, ocptest.Fault{Times: -1, Status: http.StatusTooManyRequests,
		Header: map[string]string{"RateLimit-Reset": "3600"}})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for srv.Requests(ocptest.RouteOverview, ocptest.ClusterHealthy) == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	// The limit would hold the read for an hour; cancellation must not wait for it.
	_, err := newTestClient(t, srv, func(c *Config) { c.MaxRateLimitWait = 2 * time.Hour }).
		GetClusterBackupOverview(ctx, ocptest.ClusterHealthy)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

// MaxRequestsPerSecond keeps the pace the server sees under its value.
func TestMaxRequestsPerSecond(t *testing.T) {
	srv := newTestServer(t)
	const perSecond = 20
	c := newTestClient(t, srv, func(c *Config) { c.MaxRequestsPerSecond = perSecond })
	readConcurrently(t, c, 30)
	stats := srv.RateStats()
	if got := stats.MaxInWindow(time.Second); got > perSecond+3 {
		t.Errorf("%d requests arrived within one second, with max_requests_per_second %d", got, perSecond)
	}
	span := stats.Arrivals[len(stats.Arrivals)-1].Sub(stats.Arrivals[0])
	if rate := float64(len(stats.Arrivals)-1) / span.Seconds(); rate > perSecond*1.25 {
		t.Errorf("the server saw %.1f requests per second, with max_requests_per_second %d", rate, perSecond)
	}
}

// Waits too long for a time.Duration read as longer than any budget; they
// never wrap around into a short or negative wait.
func TestServerRequestedWaitSaturates(t *testing.T) {
	now := time.Now()
	cases := []struct {
		header, value string
	}{
		{"Retry-After", "9223372037"}, // one second past time.Duration's range
		{"Retry-After", "99999999999999999999999"},
		{"Retry-After", "Fri, 31 Dec 9999 23:59:59 GMT"},
		{"RateLimit-Reset", "9223372037"},
		{"RateLimit-Reset", "18446744073709551615"},
		{"RateLimit-Reset", "99999999999999999999999"},
		{"RateLimit-Reset", "99999999999;w=10"},
	}
	for _, tc := range cases {
		h := http.Header{}
		h.Set(tc.header, tc.value)
		wait, ok := serverRequestedWait(h, now)
		if !ok || wait < 100*365*24*time.Hour {
			t.Errorf("%s: %s read as %v, %v; want a saturated wait", tc.header, tc.value, wait, ok)
		}
	}
	for _, ok := range []struct{ header, value string }{{"Retry-After", "7"}, {"RateLimit-Reset", "7"}, {"RateLimit-Reset", "7;w=10"}} {
		h := http.Header{}
		h.Set(ok.header, ok.value)
		if wait, _ := serverRequestedWait(h, now); wait != 7*time.Second {
			t.Errorf("%s: %s read as %v", ok.header, ok.value, wait)
		}
	}
}

// A 503 or 429 asking for such a wait is reported at once.
func TestHugeWaitsAreReportedAtOnce(t *testing.T) {
	for _, status := range []int{http.StatusServiceUnavailable, http.StatusTooManyRequests} {
		for _, header := range []string{"Retry-After", "RateLimit-Reset"} {
			srv := newTestServer(t)
			srv.Inject(ocptest.RouteOverview, ocptest.ClusterHealthy, ocptest.Fault{Times: -1, Status: status, Message: "slow down",
				Header: map[string]string{header: "9223372037"}})
			_, err := newTestClient(t, srv).GetClusterBackupOverview(context.Background(), ocptest.ClusterHealthy)
			if e := apiError(t, err); e.HTTPStatus != status {
				t.Errorf("%d with %s: got %v", status, header, err)
			}
			if n := srv.Requests(ocptest.RouteOverview, ocptest.ClusterHealthy); n != 1 {
				t.Errorf("%d with %s: %d requests, want 1", status, header, n)
			}
			if status == http.StatusTooManyRequests && !strings.Contains(err.Error(), "more than 50 years") {
				t.Errorf("%d with %s: %v", status, header, err)
			}
		}
	}
}

// Cancellation ends a wait for the client's own pace at once too.
func TestCancellationEndsAPaceWait(t *testing.T) {
	srv := newTestServer(t)
	c := newTestClient(t, srv, func(c *Config) { c.MaxRequestsPerSecond = 0.001 })
	if _, err := c.GetClusterBackupOverview(context.Background(), ocptest.ClusterHealthy); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		time.Sleep(50 * time.Millisecond)
		cancel()
	}()
	// The next turn is 1000 s away.
	if _, err := c.GetClusterBackupOverview(ctx, ocptest.ClusterHealthy); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
	if n := srv.Requests(ocptest.RouteOverview, ocptest.ClusterHealthy); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
}
