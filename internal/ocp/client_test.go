package ocp

import (
	"context"
	"errors"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

func newTestClient(t *testing.T, srv *ocptest.Server, mutate ...func(*Config)) *Client {
	t.Helper()
	cfg := Config{
		BaseURL:      srv.URL,
		Credentials:  BasicAuth{Username: ocptest.DefaultCredentials.Username, Password: ocptest.DefaultCredentials.Password},
		RetryWaitMin: 10 * time.Millisecond,
		MaxRetries:   -1,
	}
	for _, m := range mutate {
		m(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func newTestServer(t *testing.T, opts ...ocptest.Option) *ocptest.Server {
	t.Helper()
	srv := ocptest.New(opts...)
	t.Cleanup(srv.Close)
	return srv
}

func withAccessKey(c *Config) {
	c.Credentials = AccessKey{ID: ocptest.DefaultCredentials.AccessKeyID, Secret: ocptest.DefaultCredentials.AccessSecret}
}

func TestGetClusterBackupOverview(t *testing.T) {
	srv := newTestServer(t)
	for name, mutate := range map[string]func(*Config){"basic": func(*Config) {}, "access key": withAccessKey} {
		t.Run(name, func(t *testing.T) {
			o, err := newTestClient(t, srv, mutate).GetClusterBackupOverview(context.Background(), ocptest.VendorExampleID)
			if err != nil {
				t.Fatal(err)
			}
			if *o.ClusterName != "yc0820_17" || *o.LogBackupDelaySeconds != 98 {
				t.Errorf("got %+v", o)
			}
		})
	}
}

func apiError(t *testing.T, err error) *APIError {
	t.Helper()
	var e *APIError
	if !errors.As(err, &e) {
		t.Fatalf("got %T %v, want *APIError", err, err)
	}
	return e
}

func TestWrongCredentials(t *testing.T) {
	srv := newTestServer(t)
	cases := map[string]struct {
		mutate func(*Config)
		secret string
		want   string
	}{
		"wrong password": {func(c *Config) { c.Credentials = BasicAuth{Username: "admin", Password: "hunter2-wrong"} },
			"hunter2-wrong", "wrong user name or password"},
		"wrong secret": {func(c *Config) {
			c.Credentials = AccessKey{ID: ocptest.DefaultCredentials.AccessKeyID, Secret: "wrong-sk-0000"}
		},
			"wrong-sk-0000", "signature does not match"},
		"stale date": {func(c *Config) {
			withAccessKey(c)
			c.Now = func() time.Time { return time.Now().Add(-16 * time.Minute) }
		}, ocptest.DefaultCredentials.AccessSecret, "more than 15 minutes"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			_, err := newTestClient(t, srv, tc.mutate).GetClusterBackupOverview(context.Background(), ocptest.ClusterHealthy)
			e := apiError(t, err)
			if e.HTTPStatus != 401 || e.Code != "IAM10000" || !strings.Contains(e.Message, tc.want) {
				t.Errorf("got %v", e)
			}
			if strings.Contains(err.Error(), tc.secret) {
				t.Errorf("the error shows the secret: %v", err)
			}
		})
	}
}

// A server whose clock runs ahead rejects a signature that is fresh by the
// client's clock; one with Basic turned off (ocp.iam.auth.basic.enabled)
// rejects a right password.
func TestServerSideCredentialRules(t *testing.T) {
	ahead := newTestServer(t, ocptest.WithClock(func() time.Time { return time.Now().Add(20 * time.Minute) }))
	_, err := newTestClient(t, ahead, withAccessKey).GetClusterBackupOverview(context.Background(), ocptest.ClusterHealthy)
	if e := apiError(t, err); e.HTTPStatus != 401 || !strings.Contains(e.Message, "more than 15 minutes") {
		t.Errorf("got %v", e)
	}

	akOnly := ocptest.DefaultCredentials
	akOnly.Username, akOnly.Password = "", ""
	noBasic := newTestServer(t, ocptest.WithCredentials(akOnly))
	_, err = newTestClient(t, noBasic).GetClusterBackupOverview(context.Background(), ocptest.ClusterHealthy)
	if e := apiError(t, err); e.HTTPStatus != 401 {
		t.Errorf("got %v", e)
	}
	if _, err := newTestClient(t, noBasic, withAccessKey).GetClusterBackupOverview(context.Background(), ocptest.ClusterHealthy); err != nil {
		t.Errorf("AK/SK on a server without Basic: %v", err)
	}
}

func TestRetries(t *testing.T) {
	const id = ocptest.ClusterHealthy
	cases := []struct {
		name       string
		fault      ocptest.Fault
		maxRetries int // 0 keeps the default of 4
		// wantStatus is the HTTP status of the final failure, 0 for success.
		wantStatus   int
		wantMessage  string
		wantRequests int64
	}{
		{name: "503 twice then 200", fault: ocptest.Fault{Times: 2, Status: 503, Message: "busy"}, wantRequests: 3},
		{name: "429 with Retry-After", fault: ocptest.Fault{Status: 429, Code: 0, Message: "Excessive number of requests",
			Header: map[string]string{"Retry-After": "1"}}, wantRequests: 2},
		{name: "Retry-After beyond the wait budget is reported at once", fault: ocptest.Fault{Times: -1, Status: 429,
			Message: "Excessive number of requests", Header: map[string]string{"RateLimit-Reset": "3600"}},
			wantStatus: 429, wantMessage: "Excessive number of requests", wantRequests: 1},
		{name: "500 is not retried", fault: ocptest.Fault{Times: -1, Status: 500, Code: "COM00000", Message: "database unavailable"},
			maxRetries: 1, wantStatus: 500, wantMessage: "database unavailable", wantRequests: 1},
		{name: "max_retries bounds 503s", fault: ocptest.Fault{Times: -1, Status: 503, Message: "busy"},
			maxRetries: 2, wantStatus: 503, wantMessage: "busy", wantRequests: 3},
		{name: "connection closed mid-response", fault: ocptest.Fault{CloseAfter: 20}, wantRequests: 2},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := newTestServer(t)
			srv.Inject(ocptest.RouteOverview, id, tc.fault)
			c := newTestClient(t, srv, func(c *Config) {
				if tc.maxRetries > 0 {
					c.MaxRetries = tc.maxRetries
				}
			})
			o, err := c.GetClusterBackupOverview(context.Background(), id)
			if tc.wantStatus == 0 {
				if err != nil {
					t.Fatal(err)
				}
				if *o.ClusterName != "prod-orders" {
					t.Errorf("got %+v", o)
				}
			} else if e := apiError(t, err); e.HTTPStatus != tc.wantStatus || e.Message != tc.wantMessage {
				t.Errorf("got %v", e)
			}
			if n := srv.Requests(ocptest.RouteOverview, id); n != tc.wantRequests {
				t.Errorf("%d requests, want %d", n, tc.wantRequests)
			}
		})
	}
}

func TestTimeout(t *testing.T) {
	srv := newTestServer(t)
	srv.Inject(ocptest.RouteOverview, ocptest.ClusterHealthy, ocptest.Fault{Times: -1, Delay: time.Minute})
	_, err := newTestClient(t, srv, func(c *Config) { c.RequestTimeout = 200 * time.Millisecond }).
		GetClusterBackupOverview(context.Background(), ocptest.ClusterHealthy)
	var timeout *TimeoutError
	if !errors.As(err, &timeout) || !strings.Contains(err.Error(), "timed out after 200ms") {
		t.Fatalf("got %v, want a timeout after 200ms", err)
	}
	if n := srv.Requests(ocptest.RouteOverview, ocptest.ClusterHealthy); n != 1 {
		t.Errorf("%d requests: a timed-out attempt is not retried", n)
	}
}

func TestCancellationStopsTheRead(t *testing.T) {
	srv := newTestServer(t)
	srv.Inject(ocptest.RouteOverview, ocptest.ClusterHealthy, ocptest.Fault{Times: -1, Status: 503})
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for srv.Requests(ocptest.RouteOverview, ocptest.ClusterHealthy) == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	// A backoff of a minute would hold the read; cancellation must not wait for it.
	_, err := newTestClient(t, srv, func(c *Config) { c.RetryWaitMin = time.Minute }).
		GetClusterBackupOverview(ctx, ocptest.ClusterHealthy)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

func TestTLS(t *testing.T) {
	srv := ocptest.NewTLS()
	t.Cleanup(srv.Close)
	ctx := context.Background()

	_, err := newTestClient(t, srv).GetClusterBackupOverview(ctx, ocptest.ClusterHealthy)
	if err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Fatalf("a self-signed certificate was accepted by default: %v", err)
	}
	if n := srv.Requests(ocptest.RouteOverview, ocptest.ClusterHealthy); n != 0 {
		t.Errorf("%d requests got through", n)
	}
	if _, err := newTestClient(t, srv, func(c *Config) { c.CACertPEM = srv.CACertPEM() }).GetClusterBackupOverview(ctx, ocptest.ClusterHealthy); err != nil {
		t.Errorf("with ca_cert_pem: %v", err)
	}
	if _, err := newTestClient(t, srv, func(c *Config) { c.Insecure = true }).GetClusterBackupOverview(ctx, ocptest.ClusterHealthy); err != nil {
		t.Errorf("with insecure: %v", err)
	}
	if _, err := New(Config{BaseURL: srv.URL, Credentials: BasicAuth{}, CACertPEM: "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----"}); err == nil {
		t.Error("a broken PEM was accepted")
	}
}

func TestResponseTooLarge(t *testing.T) {
	srv := newTestServer(t)
	_, err := newTestClient(t, srv, func(c *Config) { c.MaxResponseBytes = 100 }).
		GetClusterBackupOverview(context.Background(), ocptest.ClusterHealthy)
	var tooLarge *ResponseTooLargeError
	if !errors.As(err, &tooLarge) {
		t.Fatalf("got %v", err)
	}
}

func TestConcurrencyIsBoundedAndConnectionsReused(t *testing.T) {
	srv := newTestServer(t, ocptest.WithLatency(20*time.Millisecond))
	c := newTestClient(t, srv, func(c *Config) { c.MaxConcurrentRequests = 3 })
	readConcurrently(t, c, 30)
	stats := srv.Stats()
	if stats.Requests != 30 || stats.PeakInFlight > 3 || stats.Connections > 3 {
		t.Errorf("got %+v, want 30 requests, at most 3 in flight over at most 3 connections", stats)
	}
}

func TestBaseURL(t *testing.T) {
	for _, bad := range []string{"", "ocp.example.com", "ftp://ocp", "https://", "https://ocp?x=1", "::"} {
		if _, err := ParseBaseURL(bad); err == nil {
			t.Errorf("ParseBaseURL(%q) accepted it", bad)
		}
	}
	u, err := ParseBaseURL("https://ocp.example.com:8080/ocp/")
	if err != nil || u.String() != "https://ocp.example.com:8080/ocp" {
		t.Errorf("got %v %v", u, err)
	}
}

func TestListClusters(t *testing.T) {
	srv := newTestServer(t, ocptest.WithClusters(ocptest.FleetIDs(23)...))
	c := newTestClient(t, srv)
	srv.ResetStats()
	clusters, err := c.ListClusters(context.Background(), ListClustersOptions{PageSize: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(clusters) != 23 || srv.Stats().Requests != 5 {
		t.Fatalf("got %d clusters in %d requests, want 23 in 5", len(clusters), srv.Stats().Requests)
	}
	for i, cl := range clusters {
		if int64(cl.ID) != ocptest.FleetClusterID(i) {
			t.Errorf("cluster %d has id %d", i, cl.ID)
		}
	}

	filtered, err := c.ListClusters(context.Background(), ListClustersOptions{Name: "fleet-001", Statuses: []string{"RUNNING", "CREATING"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(filtered) != 10 { // fleet-0010 .. fleet-0019
		t.Errorf("name filter: got %d clusters", len(filtered))
	}
	none, err := c.ListClusters(context.Background(), ListClustersOptions{Statuses: []string{"DELETING"}})
	if err != nil || len(none) != 0 {
		t.Errorf("got %v, %v; want no clusters", none, err)
	}

	srv.InjectRoute(ocptest.RouteClusters, ocptest.Error(403, "COM10009", "permission denied"))
	if _, err := c.ListClusters(context.Background(), ListClustersOptions{}); apiError(t, err).HTTPStatus != 403 {
		t.Errorf("got %v", err)
	}
}

// The signature covers the query, so a listing with filters must verify.
func TestListClustersSigned(t *testing.T) {
	srv := newTestServer(t)
	_, err := newTestClient(t, srv, withAccessKey).ListClusters(context.Background(),
		ListClustersOptions{Name: "prod orders+é", Statuses: []string{"RUNNING", "CREATING"}})
	if err != nil {
		t.Fatal(err)
	}
}

// request_timeout bounds an attempt from the moment it holds a slot: twenty
// requests through one slot queue for about two seconds, yet none of them
// runs past its one-second limit.
func TestWaitingForASlotIsNotTimedOut(t *testing.T) {
	srv := newTestServer(t, ocptest.WithLatency(100*time.Millisecond))
	c := newTestClient(t, srv, func(c *Config) {
		c.MaxConcurrentRequests = 1
		c.RequestTimeout = time.Second
		c.MaxRetries = 0
	})
	readConcurrently(t, c, 20)
	if peak := srv.Stats().PeakInFlight; peak != 1 {
		t.Errorf("peak of %d requests in flight, want 1", peak)
	}
}

// readConcurrently reads the healthy cluster n times at once.
func readConcurrently(t *testing.T, c *Client, n int) {
	t.Helper()
	var wg sync.WaitGroup
	for range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if _, err := c.GetClusterBackupOverview(context.Background(), ocptest.ClusterHealthy); err != nil {
				t.Error(err)
			}
		}()
	}
	wg.Wait()
}
