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
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
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
	// MaxRateLimitWait bounds how long one call waits, in all, for OCP's
	// rate limit to let it through; such waits use up no MaxRetries.
	MaxRateLimitWait time.Duration
	// MaxRequestsPerSecond paces this client's requests; 0 leaves the pace
	// to OCP's rate-limit headers alone.
	MaxRequestsPerSecond float64
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
	redactor   *Redactor
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
	if cfg.MaxRateLimitWait <= 0 {
		cfg.MaxRateLimitWait = DefaultMaxRateLimitWait
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

	c := &Client{baseURL: base, cfg: cfg, redactor: NewRedactor(cfg.Credentials)}
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
			redactor:    c.redactor,
			pace:        newRatePace(cfg.MaxRateLimitWait, cfg.MaxRequestsPerSecond, cfg.Logger),
		},
		// No redirect is followed, not even to the same host: OCP's API never
		// sends one, and credentials and signatures belong to the configured
		// base URL alone. decodeResponse reports the 3xx instead.
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
	return c, nil
}

// ParseBaseURL checks that s is an absolute http or https URL without
// credentials in it. Its errors never repeat the URL's userinfo.
func ParseBaseURL(s string) (*url.URL, error) {
	shown := strconv.Quote(EscapeControl(WithoutUserinfo(s)))
	u, err := url.Parse(strings.TrimSpace(s))
	if err != nil {
		return nil, fmt.Errorf("OCP URL %s is not a URL", shown)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("OCP URL %s must start with http:// or https://", shown)
	}
	if u.User != nil {
		return nil, fmt.Errorf("OCP URL %s must not hold credentials (user:password@); put credentials in "+
			"username/password or access_key_id/access_key_secret", shown)
	}
	// "http://:8080" has a port but no host, and would dial this machine.
	if u.Hostname() == "" {
		return nil, fmt.Errorf("OCP URL %s has no host", shown)
	}
	if u.RawQuery != "" || u.Fragment != "" || u.ForceQuery {
		return nil, fmt.Errorf("OCP URL %s must not have a query or fragment", shown)
	}
	// The path goes out as the user spelled it: "/a%2Fb" is not "/a/b" to
	// a proxy that routes on it, nor to a signature.
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = strings.TrimRight(u.RawPath, "/")
	return u, nil
}

// scheme matches a URL's scheme, if it has one.
var scheme = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9+.-]*:`)

// WithoutUserinfo drops the "user:password@" part of a URL, so that a URL
// can be shown in a message. Any "@" before the query counts, whatever
// precedes it (backslashes, no slashes, a path): showing less of an odd URL
// is better than showing a password.
func WithoutUserinfo(s string) string {
	end := len(s)
	if i := strings.IndexAny(s, "?#"); i >= 0 {
		end = i
	}
	at := strings.LastIndex(s[:end], "@")
	if at < 0 {
		return s
	}
	return scheme.FindString(strings.TrimLeft(s, " \t")) + "//" + s[at+1:]
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
	if u.RawPath != "" {
		u.RawPath += path
	}
	u.RawQuery = query.Encode()
	ctx = withRateAccount(withAttemptCounter(ctx))
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

	policy := newRetryPolicy(c.cfg.RetryWaitMin, c.cfg.MaxRetryWait, c.cfg.MaxRetries)
	checkRetry := policy.checkRetry
	switch {
	case sendOnce(ctx):
		checkRetry = policy.checkSendOnce
	case !safeMethod(method):
		checkRetry = policy.checkWriteRetry
	}
	rc := &retryablehttp.Client{
		HTTPClient: c.httpClient,
		// The policy counts retries; turns waited on the rate limit are not.
		RetryMax:     math.MaxInt32,
		CheckRetry:   checkRetry,
		Backoff:      policy.backoff,
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
		// The transport logs every attempt; the library's own logger would
		// print to stderr.
		Logger: nil,
	}
	resp, err := rc.Do(req)
	if err != nil {
		return c.clean(c.transportError(ctx, method, path, err))
	}
	// The transport has read the body already; closing it only satisfies the contract.
	defer func() { _ = resp.Body.Close() }()
	buffered, ok := resp.Body.(*bufferedBody)
	if !ok {
		return fmt.Errorf("%s %s: the response body was not read by the client's transport", method, path)
	}
	err = decodeResponse(method, path, resp.StatusCode, resp.Header, buffered.data, out)
	return c.clean(c.explain(ctx, err))
}

// clean passes the server's words in err through the client's redactor
// before any caller can show them: Terraform logs every diagnostic, so an
// error is as public as a log line. Errors that keep server text in fields
// of their own (serverTextError) have those cleaned in place, for callers
// that read them; any other text is wrapped.
func (c *Client) clean(err error) error {
	if err == nil {
		return nil
	}
	cleanTree(err, c.redactor.Clean)
	if text := c.redactor.Clean(err.Error()); text != err.Error() {
		return &cleanError{err: err, text: text}
	}
	return err
}

// cleanTree cleans every serverTextError in err's tree, as errors.As walks it.
func cleanTree(err error, clean func(string) string) {
	if st, ok := err.(serverTextError); ok {
		st.cleanServerText(clean)
	}
	switch u := err.(type) { //nolint:errorlint // walking the tree by hand is the point
	case interface{ Unwrap() error }:
		if next := u.Unwrap(); next != nil {
			cleanTree(next, clean)
		}
	case interface{ Unwrap() []error }:
		for _, next := range u.Unwrap() {
			cleanTree(next, clean)
		}
	}
}

// serverTextError is an error type that carries the server's text in
// fields of its own: each type says which, so that a new one cannot be
// forgotten by a list kept elsewhere.
type serverTextError interface {
	cleanServerText(clean func(string) string)
}

// cleanError shows a cleaned text of an error it still unwraps to.
type cleanError struct {
	err  error
	text string
}

func (e *cleanError) Error() string { return e.text }
func (e *cleanError) Unwrap() error { return e.err }

// explain adds what the client knows and the server cannot say: how often
// a failing server was tried, and why a signature may not match.
func (c *Client) explain(ctx context.Context, err error) error {
	var respErr *ResponseError
	if errors.As(err, &respErr) && respErr.HTTPStatus >= 500 {
		if n, ok := ctx.Value(attemptCounterKey{}).(*int); ok && *n > 1 {
			respErr.Reason += fmt.Sprintf(" (after %d attempts)", *n)
		}
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) && apiErr.HTTPStatus == http.StatusUnauthorized && c.baseURL.Path != "" {
		if _, signed := c.cfg.Credentials.(AccessKey); signed {
			apiErr.Hint = fmt.Sprintf("AK/SK signs the request path as sent (%s...). The url has a path, %q: "+
				"a proxy that rewrites the path or the Host header in front of OCP breaks every signature.",
				c.baseURL.Path, c.baseURL.Path)
		}
	}
	return err
}

// Redactor is the client's redactor, for text about its requests that
// reaches a message by another way than the client's own errors.
func (c *Client) Redactor() *Redactor { return c.redactor }

// safeMethod reports whether a request with this method cannot change OCP's
// state, so that repeating it is harmless.
func safeMethod(method string) bool {
	return method == http.MethodGet || method == http.MethodHead
}

func (c *Client) transportError(ctx context.Context, method, path string, err error) error {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return fmt.Errorf("%s %s was cancelled: %w", method, path, ctxErr)
	}
	var rateLimit *RateLimitError
	if errors.As(err, &rateLimit) {
		return rateLimit
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
