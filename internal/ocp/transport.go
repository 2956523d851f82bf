package ocp

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"
)

// Logger receives what the client has to say about each attempt. Fields
// never hold a credential.
type Logger interface {
	Debug(ctx context.Context, msg string, fields map[string]any)
	Trace(ctx context.Context, msg string, fields map[string]any)
}

// attemptTransport makes one attempt of a request: it waits for a slot,
// authenticates, sends, and reads the whole body within the attempt's
// timeout. Reading the body here lets a connection dropped mid-body be
// retried like any other connection error, and frees the slot and the
// connection as soon as the bytes are in.
type attemptTransport struct {
	next        http.RoundTripper
	credentials Credentials
	slots       chan struct{}
	timeout     time.Duration
	maxBody     int64
	userAgent   string
	now         func() time.Time
	logger      Logger
	redactor    *Redactor
	pace        *ratePace
}

// bufferedBody is a response body already read into memory.
type bufferedBody struct {
	*bytes.Reader
	data []byte
}

func (*bufferedBody) Close() error { return nil }

type attemptCounterKey struct{}

func (t *attemptTransport) RoundTrip(req *http.Request) (*http.Response, error) {
	parent := req.Context()
	select {
	case t.slots <- struct{}{}:
	case <-parent.Done():
		return nil, parent.Err()
	}
	defer func() { <-t.slots }()
	seq, err := t.pace.admit(parent, req)
	if err != nil {
		return nil, err
	}

	ctx, cancel := context.WithTimeout(parent, t.timeout)
	defer cancel()
	out := req.Clone(ctx)
	if t.userAgent != "" {
		out.Header.Set("User-Agent", t.userAgent)
	}
	reqBody, err := requestBody(out)
	if err != nil {
		return nil, err
	}
	t.credentials.authorize(out, reqBody, t.now())
	attempt := 1
	if counter, ok := parent.Value(attemptCounterKey{}).(*int); ok {
		*counter++
		attempt = *counter
	}

	start := time.Now()
	resp, err := t.next.RoundTrip(out)
	var body []byte
	if err == nil {
		body, err = io.ReadAll(io.LimitReader(resp.Body, t.maxBody+1))
		_ = resp.Body.Close()
		if err == nil && int64(len(body)) > t.maxBody {
			err = &ResponseTooLargeError{Limit: t.maxBody}
		}
	}
	if err != nil && errors.Is(ctx.Err(), context.DeadlineExceeded) && parent.Err() == nil {
		err = &TimeoutError{After: t.timeout}
	}
	t.log(ctx, out, reqBody, resp, body, attempt, time.Since(start), err)
	if err != nil {
		return nil, err
	}
	t.pace.observe(parent, seq, out, resp, body)
	resp.Body = &bufferedBody{Reader: bytes.NewReader(body), data: body}
	return resp, nil
}

func (t *attemptTransport) log(ctx context.Context, req *http.Request, reqBody []byte, resp *http.Response, body []byte, attempt int, took time.Duration, err error) {
	if t.logger == nil {
		return
	}
	fields := map[string]any{
		"method":      req.Method,
		"path":        req.URL.Path,
		"attempt":     attempt,
		"duration_ms": took.Milliseconds(),
	}
	if req.URL.RawQuery != "" {
		fields["query"] = req.URL.RawQuery
	}
	if err != nil {
		fields["error"] = t.redact(err.Error())
		t.logger.Debug(ctx, "OCP request failed", fields)
		return
	}
	fields["status"] = resp.StatusCode
	if id := traceIDOf(body); id != "" {
		fields["trace_id"] = id
	}
	t.logger.Debug(ctx, "OCP request", fields)

	fields["request_headers"] = t.headers(req.Header)
	if len(reqBody) > 0 {
		fields["request_body"] = t.redact(redactJSONSecrets(reqBody))
	}
	fields["response_headers"] = t.headers(resp.Header)
	fields["response_body"] = t.redact(redactJSONSecrets(body))
	t.logger.Trace(ctx, "OCP request and response", fields)
}

// traceIDOf finds the envelope's traceId by a scan rather than a second
// decode of every body, since this runs whether or not anyone logs.
func traceIDOf(body []byte) string {
	i := bytes.Index(body, []byte(`"traceId"`))
	if i < 0 {
		return ""
	}
	rest := bytes.TrimLeft(body[i+len(`"traceId"`):], " \t\r\n")
	rest, ok := bytes.CutPrefix(rest, []byte(":"))
	if !ok {
		return ""
	}
	rest, ok = bytes.CutPrefix(bytes.TrimLeft(rest, " \t\r\n"), []byte(`"`))
	if !ok {
		return ""
	}
	end := bytes.IndexAny(rest, "\"\\")
	if end < 0 || rest[end] != '"' {
		return ""
	}
	return string(rest[:end])
}

var secretHeaders = map[string]bool{"Authorization": true, "Cookie": true, "Set-Cookie": true, "Proxy-Authorization": true}

func (t *attemptTransport) headers(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for k, v := range h {
		if secretHeaders[http.CanonicalHeaderKey(k)] {
			out[k] = redactHeader(k, strings.Join(v, ", "))
			continue
		}
		value := strings.Join(v, ", ")
		if http.CanonicalHeaderKey(k) == "Location" {
			// As in the error: no userinfo, no query with a sign-on ticket.
			value = shownLocation(value)
		}
		// A server chooses its header names too, and may echo a secret in one.
		out[t.redact(k)] = t.redact(value)
	}
	return out
}

// redactHeader keeps the scheme and the access key id, which tell a reader
// which credentials were used, and drops what proves them.
func redactHeader(name, value string) string {
	if http.CanonicalHeaderKey(name) == "Authorization" {
		scheme, rest, _ := strings.Cut(value, " ")
		if scheme == SignatureAlgorithm {
			ak, _, _ := strings.Cut(rest, ":")
			return scheme + " " + ak + ":<redacted>"
		}
		return scheme + " <redacted>"
	}
	return "<redacted>"
}

func (t *attemptTransport) redact(s string) string { return t.redactor.Redact(s) }

// withAttemptCounter returns a context under which the transport numbers
// the attempts of one call, for its logs.
func withAttemptCounter(ctx context.Context) context.Context {
	return context.WithValue(ctx, attemptCounterKey{}, new(int))
}
