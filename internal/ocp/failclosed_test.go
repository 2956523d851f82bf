package ocp

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"testing"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

// No redirect is followed, whatever its kind or target: the credentials
// reach the configured base URL and nothing else.
func TestRedirectsAreNeverFollowed(t *testing.T) {
	srv := newTestServer(t)
	elsewhere := newTestServer(t)
	plainElsewhere := strings.Replace(elsewhere.URL, "127.0.0.1", "localhost", 1)
	cases := []struct {
		name, location, want string
	}{
		{"same host, other path", srv.URL + "/api/v2/ob/clusters/102/backup/overview", srv.URL + "/api/v2/ob/clusters/102/backup/overview"},
		{"other host", plainElsewhere + "/login", plainElsewhere + "/login"},
		{"to plain http with credentials and a ticket", "http://sso:hunter2@" + strings.TrimPrefix(elsewhere.URL, "http://") + "/cb?ticket=ST-secret#x",
			"http://" + strings.TrimPrefix(elsewhere.URL, "http://") + "/cb (query omitted)"},
		{"relative", "/api/v2/ob/clusters/103/backup/overview", "/api/v2/ob/clusters/103/backup/overview"},
	}
	for _, status := range []int{301, 302, 303, 307, 308} {
		for _, tc := range cases {
			t.Run(http.StatusText(status)+"/"+tc.name, func(t *testing.T) {
				srv.ResetStats()
				elsewhere.ResetStats()
				srv.Inject(ocptest.RouteOverview, ocptest.ClusterHealthy, ocptest.Fault{Status: status, Header: map[string]string{"Location": tc.location}})
				_, err := newTestClient(t, srv).GetClusterBackupOverview(context.Background(), ocptest.ClusterHealthy)
				var respErr *ResponseError
				if !errors.As(err, &respErr) || respErr.HTTPStatus != status {
					t.Fatalf("err = %v, want a ResponseError with HTTP %d", err, status)
				}
				if !strings.Contains(err.Error(), `redirects to "`+tc.want+`", which was not followed`) {
					t.Errorf("the error does not show the sanitised Location %q:\n%v", tc.want, err)
				}
				for _, leak := range []string{"hunter2", "ST-secret", "sso:"} {
					if strings.Contains(err.Error(), leak) {
						t.Errorf("the error shows %q: %v", leak, err)
					}
				}
				if got := srv.Stats().Requests; got != 1 {
					t.Errorf("OCP saw %d requests, want 1 (no redirect followed)", got)
				}
				if got := elsewhere.Stats().Requests; got != 0 {
					t.Errorf("the redirect target saw %d requests, want none", got)
				}
			})
		}
	}
	t.Run("without Location", func(t *testing.T) {
		srv.Inject(ocptest.RouteOverview, ocptest.ClusterHealthy, ocptest.Fault{Status: 302})
		_, err := newTestClient(t, srv).GetClusterBackupOverview(context.Background(), ocptest.ClusterHealthy)
		if err == nil || !strings.Contains(err.Error(), "HTTP 302, but it is a redirect without a Location header") {
			t.Errorf("err = %v", err)
		}
	})
}

// An answer about another cluster than the one asked for must not pass
// for it.
func TestOverviewOfAnotherClusterIsAnError(t *testing.T) {
	srv := newTestServer(t)
	srv.Inject(ocptest.RouteOverview, ocptest.ClusterHealthy, ocptest.Fault{Status: 200,
		Body: `{"successful": true, "data": ` + ocptest.Fixtures()[ocptest.ClusterNoStrategy] + `}`})
	_, err := newTestClient(t, srv).GetClusterBackupOverview(context.Background(), ocptest.ClusterHealthy)
	if err == nil || !strings.Contains(err.Error(), "the answer describes cluster 102, not cluster 101 that was asked for") {
		t.Errorf("err = %v", err)
	}
}

// A successful envelope that carries no data proves nothing.
func TestAnswerWithoutDataIsAnError(t *testing.T) {
	srv := newTestServer(t)
	for name, body := range map[string]string{
		"data null":    `{"successful": true, "data": null, "traceId": "t-1"}`,
		"data missing": `{"successful": true, "traceId": "t-1"}`,
	} {
		t.Run(name, func(t *testing.T) {
			srv.Inject(ocptest.RouteOverview, ocptest.ClusterHealthy, ocptest.Fault{Status: 200, Body: body})
			_, err := newTestClient(t, srv).GetClusterBackupOverview(context.Background(), ocptest.ClusterHealthy)
			if err == nil || !strings.Contains(err.Error(), "OCP's answer has no data") || !strings.Contains(err.Error(), "t-1") {
				t.Errorf("err = %v", err)
			}
		})
	}
}

func TestEnvelopeQuirks(t *testing.T) {
	srv := newTestServer(t)
	overview := ocptest.Fixtures()[ocptest.ClusterHealthy]
	ok := map[string]string{
		"byte order mark":           "\xef\xbb\xbf" + `{"successful": true, "data": ` + overview + `}`,
		"status as a string":        `{"successful": true, "status": "OK", "data": ` + overview + `}`,
		"traceId as a number":       `{"successful": true, "traceId": 12345, "data": ` + overview + `}`,
		"timestamp field as object": `{"successful": true, "timestamp": {"x": 1}, "server": [1], "data": ` + overview + `}`,
	}
	for name, body := range ok {
		t.Run(name, func(t *testing.T) {
			srv.Inject(ocptest.RouteOverview, ocptest.ClusterHealthy, ocptest.Fault{Status: 200, Body: body})
			if _, err := newTestClient(t, srv).GetClusterBackupOverview(context.Background(), ocptest.ClusterHealthy); err != nil {
				t.Error(err)
			}
		})
	}
	bad := map[string]struct{ body, want string }{
		"a string where a string is due": {`{"successful": true, "data": {"clusterId": 101, "clusterName": 5}}`,
			`field "clusterName" holds number, which cannot be read as a string`},
		"a nested bool": {`{"successful": true, "data": {"clusterId": 101, "obBackupAbility": {"obDataBackupSupportAbility": {"fullBackupEnabled": "yes"}}}}`,
			`field "obBackupAbility.obDataBackupSupportAbility.fullBackupEnabled" holds string, which cannot be read as true or false`},
		"a number": {`{"successful": true, "data": {"clusterId": 101, "backupSize": "big"}}`,
			`field "backupSize" holds string, which cannot be read as a number`},
		"successful of an odd type": {`{"successful": "yes", "data": {}}`, `the envelope's "successful" is "yes", not true or false`},
		"a JSON array":              {`[1, 2]`, `the body is JSON array, not OCP's response envelope`},
	}
	for name, tc := range bad {
		t.Run(name, func(t *testing.T) {
			srv.Inject(ocptest.RouteOverview, ocptest.ClusterHealthy, ocptest.Fault{Status: 200, Body: tc.body})
			_, err := newTestClient(t, srv).GetClusterBackupOverview(context.Background(), ocptest.ClusterHealthy)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("err = %v, want it to contain %q", err, tc.want)
			}
			if err != nil && (strings.Contains(err.Error(), "Go ") || strings.Contains(err.Error(), "*string") || strings.Contains(err.Error(), "float64")) {
				t.Errorf("the error speaks of Go types: %v", err)
			}
		})
	}
}

// A 5xx HTML page is the server failing, not a login page, and it was
// retried before the client gave up.
func TestServerErrorPage(t *testing.T) {
	srv := newTestServer(t)
	srv.Inject(ocptest.RouteOverview, ocptest.ClusterHealthy, ocptest.Fault{Times: -1, Status: 502,
		Header: map[string]string{"Content-Type": "text/html"}, Body: "<html><body>502 Bad Gateway</body></html>"})
	_, err := newTestClient(t, srv, func(c *Config) { c.MaxRetries = 2 }).GetClusterBackupOverview(context.Background(), ocptest.ClusterHealthy)
	if err == nil || !strings.Contains(err.Error(), "HTTP 502, but the server failed: the body is an HTML error page") ||
		!strings.Contains(err.Error(), "(after 3 attempts)") || strings.Contains(err.Error(), "login") {
		t.Errorf("err = %v", err)
	}
}

func TestBaseURLWithUserinfo(t *testing.T) {
	for _, u := range []string{"https://admin:hunter2@ocp.example.com", "https://admin@ocp.example.com:8080/", "http://a:b:c@x/y@z"} {
		_, err := ParseBaseURL(u)
		if err == nil || !strings.Contains(err.Error(), "put credentials in username/password") {
			t.Errorf("%s: err = %v", u, err)
			continue
		}
		for _, leak := range []string{"hunter2", "admin", "a:b"} {
			if strings.Contains(err.Error(), leak) {
				t.Errorf("the error shows %q: %v", leak, err)
			}
		}
	}
	if got := WithoutUserinfo("https://u:p@w@host:1/path?q=1"); got != "https://host:1/path?q=1" {
		t.Errorf("WithoutUserinfo = %q", got)
	}
}

// A signature OCP rejects behind a url with a path hints at a proxy that
// rewrites it; here a real one strips the prefix, as a misconfigured
// gateway would.
func TestSignatureMismatchHintsAtAPathRewritingProxy(t *testing.T) {
	srv := newTestServer(t)
	target, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := httptest.NewServer(&httputil.ReverseProxy{Rewrite: func(r *httputil.ProxyRequest) {
		r.SetURL(target)
		r.Out.URL.Path = strings.TrimPrefix(r.In.URL.Path, "/ocp")
	}})
	t.Cleanup(proxy.Close)

	c := newTestClient(t, srv, withAccessKey, func(c *Config) { c.BaseURL = proxy.URL + "/ocp"; c.MaxRetries = 0 })
	_, err = c.GetClusterBackupOverview(context.Background(), ocptest.ClusterHealthy)
	if e := apiError(t, err); e.HTTPStatus != http.StatusUnauthorized ||
		!strings.Contains(err.Error(), `The url has a path, "/ocp": a proxy that rewrites the path or the Host header`) {
		t.Errorf("err = %v", err)
	}

	srv.Inject(ocptest.RouteOverview, ocptest.ClusterHealthy, ocptest.Error(401, "IAM10001", "signature does not match"))
	c = newTestClient(t, srv, withAccessKey, func(c *Config) { c.BaseURL = srv.URL + "/"; c.MaxRetries = 0 })
	if _, err := c.GetClusterBackupOverview(context.Background(), ocptest.ClusterHealthy); err == nil || strings.Contains(err.Error(), "proxy") {
		t.Errorf("without a path, no hint: %v", err)
	}
}

// Offsets beyond ±23:59 parse with time.Parse but break timeadd().
func TestTimestampOffsetOutOfRange(t *testing.T) {
	for _, s := range []string{"2021-09-16T17:25:02+2400", "2021-09-16T17:25:02+05:60", "2021-09-16T17:25:02.1-99:99"} {
		if _, err := ParseTimestamp(s); err == nil || !strings.Contains(err.Error(), "beyond +23:59") {
			t.Errorf("%s: err = %v", s, err)
		}
	}
	for _, s := range []string{"2021-09-16T17:25:02+23:59", "2021-09-16T17:25:02-1200", "2021-09-16T17:25:02Z"} {
		if _, err := ParseTimestamp(s); err != nil {
			t.Errorf("%s: %v", s, err)
		}
	}
}
