// Package ocp is a client for the OCP (OceanBase Cloud Platform) REST API.
// It knows HTTP and OCP's conventions, and nothing of Terraform.
package ocp

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// Defaults a Config falls back to when a field is left zero.
const (
	DefaultRequestTimeout        = 30 * time.Second
	DefaultMaxRetries            = 4
	DefaultMaxConcurrentRequests = 8
	DefaultMaxResponseBytes      = 16 << 20
	// DefaultMaxRetryWait bounds the total time one call spends waiting
	// between attempts, whatever the server asks for.
	DefaultMaxRetryWait = time.Minute
)

// Config says where OCP is and how to talk to it.
type Config struct {
	// BaseURL is OCP's address, such as https://ocp.example.com:8080.
	BaseURL string
	// Credentials is BasicAuth or AccessKey.
	Credentials Credentials
	// UserAgent is sent with every request.
	UserAgent string
	// Insecure skips verification of the server's certificate.
	Insecure bool
	// CACertPEM holds extra certificate authorities to trust, in PEM.
	CACertPEM string
	// RequestTimeout bounds one HTTP attempt, from the moment it may start
	// (after waiting for a free slot) until its body is read.
	RequestTimeout time.Duration
	// MaxRetries is how many times a failed attempt is retried; 0 disables
	// retries. Negative means the default.
	MaxRetries int
	// MaxRetryWait caps the total time spent waiting between attempts.
	MaxRetryWait time.Duration
	// RetryWaitMin is the first backoff step, doubled on each retry.
	RetryWaitMin time.Duration
	// MaxConcurrentRequests bounds the requests in flight through this
	// client, however many goroutines use it.
	MaxConcurrentRequests int
	// MaxResponseBytes is the largest body accepted.
	MaxResponseBytes int64
	// Logger receives a line per attempt; nil logs nothing.
	Logger Logger
	// Now is the clock for signatures; nil means time.Now.
	Now func() time.Time
}

// Client calls OCP. It is safe for concurrent use, and reuses connections
// across all of its calls.
type Client struct {
	baseURL    *url.URL
	httpClient *http.Client
	cfg        Config
}

// New checks the configuration and builds a client.
func New(cfg Config) (*Client, error) {
	base, err := ParseBaseURL(cfg.BaseURL)
	if err != nil {
		return nil, err
	}
	if cfg.Credentials == nil {
		return nil, errors.New("no OCP credentials configured")
	}
	if cfg.RequestTimeout <= 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.MaxRetries < 0 {
		cfg.MaxRetries = DefaultMaxRetries
	}
	if cfg.MaxRetryWait <= 0 {
		cfg.MaxRetryWait = DefaultMaxRetryWait
	}
	if cfg.RetryWaitMin <= 0 {
		cfg.RetryWaitMin = time.Second
	}
	if cfg.MaxConcurrentRequests <= 0 {
		cfg.MaxConcurrentRequests = DefaultMaxConcurrentRequests
	}
	if cfg.MaxResponseBytes <= 0 {
		cfg.MaxResponseBytes = DefaultMaxResponseBytes
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}

	tlsConfig, err := TLSConfig(cfg.Insecure, cfg.CACertPEM)
	if err != nil {
		return nil, err
	}
	defaultTransport, ok := http.DefaultTransport.(*http.Transport)
	if !ok {
		return nil, errors.New("http.DefaultTransport has been replaced; cannot clone it")
	}
	transport := defaultTransport.Clone()
	transport.TLSClientConfig = tlsConfig
	// Every request goes to one host; keep as many idle connections as may
	// be busy at once so that none is closed and reopened.
	transport.MaxIdleConnsPerHost = cfg.MaxConcurrentRequests
	transport.MaxConnsPerHost = cfg.MaxConcurrentRequests

	c := &Client{baseURL: base, cfg: cfg}
	c.httpClient = &http.Client{
		Transport: &attemptTransport{
			next:        transport,
			credentials: cfg.Credentials,
			slots:       make(chan struct{}, cfg.MaxConcurrentRequests),
			timeout:     cfg.RequestTimeout,
			maxBody:     cfg.MaxResponseBytes,
			userAgent:   cfg.UserAgent,
			now:         cfg.Now,
			logger:      cfg.Logger,
			secrets:     cfg.Credentials.secrets(),
		},
		// A redirect to another host, typically a single sign-on page, is
		// reported rather than followed: OCP's API never sends one, and the
		// request's credentials belong to OCP alone.
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) >= 5 {
				return errors.New("stopped after 5 redirects")
			}
			if req.URL.Host != via[0].URL.Host {
				return http.ErrUseLastResponse
			}
			return nil
		},
	}
	return c, nil
}

// ParseBaseURL checks that s is an absolute http or https URL.
func ParseBaseURL(s string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return nil, fmt.Errorf("OCP URL %q is not a URL: %w", s, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("OCP URL %q must start with http:// or https://", s)
	}
	if u.Host == "" {
		return nil, fmt.Errorf("OCP URL %q has no host", s)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("OCP URL %q must not have a query or fragment", s)
	}
	u.Path = strings.TrimRight(u.Path, "/")
	return u, nil
}

// TLSConfig builds the TLS settings for the given options.
func TLSConfig(insecure bool, caCertPEM string) (*tls.Config, error) {
	cfg := &tls.Config{MinVersion: tls.VersionTLS12}
	if insecure {
		cfg.InsecureSkipVerify = true //nolint:gosec // the user asked for it explicitly
		return cfg, nil
	}
	if strings.TrimSpace(caCertPEM) == "" {
		return cfg, nil
	}
	pool, err := x509.SystemCertPool()
	if err != nil || pool == nil {
		pool = x509.NewCertPool()
	}
	if !pool.AppendCertsFromPEM([]byte(caCertPEM)) {
		return nil, errors.New("the CA certificate PEM holds no valid certificate")
	}
	cfg.RootCAs = pool
	return cfg, nil
}

// get calls one OCP GET endpoint and decodes the envelope's data into out.
func (c *Client) get(ctx context.Context, path string, query url.Values, out any) error {
	return c.do(ctx, http.MethodGet, path, query, nil, out)
}

// do is the one request path for every method: it encodes body (nil sends
// none) once, so that every attempt sends and signs the same bytes, sends
// it under the retry policy of its method, and decodes the envelope's data
// into out (nil ignores it).
func (c *Client) do(ctx context.Context, method, path string, query url.Values, body, out any) error {
	u := *c.baseURL
	u.Path += path
	u.RawQuery = query.Encode()
	ctx = withAttemptCounter(ctx)
	var payload []byte
	if body != nil {
		var err error
		if payload, err = json.Marshal(body); err != nil {
			return fmt.Errorf("%s %s: cannot encode the request body: %w", method, path, err)
		}
	}
	// A []byte body is replayed from the same buffer on every attempt, so a
	// retried write sends exactly what was signed the first time.
	var reqBody any
	if payload != nil {
		reqBody = payload
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, method, u.String(), reqBody)
	if err != nil {
		return err
	}
	req.Header.Set("Accept", "application/json")
	if payload != nil {
		req.Header.Set("Content-Type", "application/json")
	}

	policy := newRetryPolicy(c.cfg.RetryWaitMin, c.cfg.MaxRetryWait)
	checkRetry := policy.checkRetry
	if !safeMethod(method) {
		checkRetry = policy.checkWriteRetry
	}
	rc := &retryablehttp.Client{
		HTTPClient:   c.httpClient,
		RetryMax:     c.cfg.MaxRetries,
		CheckRetry:   checkRetry,
		Backoff:      policy.backoff,
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
		// The transport logs every attempt; the library's own logger would
		// print to stderr.
		Logger: nil,
	}
	resp, err := rc.Do(req)
	if err != nil {
		return c.transportError(ctx, method, path, err)
	}
	// The transport has read the body already; closing it only satisfies the contract.
	defer func() { _ = resp.Body.Close() }()
	buffered, ok := resp.Body.(*bufferedBody)
	if !ok {
		return fmt.Errorf("%s %s: the response body was not read by the client's transport", method, path)
	}
	return decodeResponse(method, path, resp.StatusCode, resp.Header, buffered.data, out)
}

// safeMethod reports whether a request with this method cannot change OCP's
// state, so that repeating it is harmless.
func safeMethod(method string) bool {
	return method == http.MethodGet || method == http.MethodHead
}

func (c *Client) transportError(ctx context.Context, method, path string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("%s %s was cancelled: %w", method, path, ctxErr)
	}
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		err = urlErr.Err
	}
	return &TransportError{Method: method, URL: c.baseURL.String() + path, Err: err}
}

// TransportError is a request that got no answer from OCP: the connection
// failed, TLS failed, or the attempt timed out.
type TransportError struct {
	Method string
	URL    string
	Err    error
}

func (e *TransportError) Error() string {
	return fmt.Sprintf("%s %s failed: %v", e.Method, e.URL, e.Err)
}

func (e *TransportError) Unwrap() error { return e.Err }

// TimeoutError is one attempt that ran past Config.RequestTimeout.
type TimeoutError struct {
	After time.Duration
}

func (e *TimeoutError) Error() string {
	return fmt.Sprintf("the request timed out after %s (request_timeout); OCP did not answer in time", e.After)
}

// Timeout marks the error as a timeout for net.Error-style checks.
func (e *TimeoutError) Timeout() bool { return true }

// ResponseTooLargeError is a body over Config.MaxResponseBytes.
type ResponseTooLargeError struct {
	Limit int64
}

func (e *ResponseTooLargeError) Error() string {
	return fmt.Sprintf("the response body is larger than %d bytes; refusing to read it", e.Limit)
}
