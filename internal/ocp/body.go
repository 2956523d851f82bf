package ocp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// requestBody reads the bytes an attempt is about to send and puts a fresh
// reader of them back, so that the signature covers exactly what is sent.
func requestBody(req *http.Request) ([]byte, error) {
	if req.Body == nil || req.Body == http.NoBody {
		return nil, nil
	}
	var (
		rc  io.ReadCloser
		err error
	)
	if req.GetBody != nil {
		rc, err = req.GetBody()
		if err != nil {
			return nil, fmt.Errorf("cannot replay the request body: %w", err)
		}
		_ = req.Body.Close()
	} else {
		rc = req.Body
	}
	defer func() { _ = rc.Close() }()
	body, err := io.ReadAll(rc)
	if err != nil {
		return nil, fmt.Errorf("cannot read the request body: %w", err)
	}
	if len(body) == 0 {
		// A non-nil body of unknown length would be sent chunked.
		req.Body, req.ContentLength = http.NoBody, 0
		return nil, nil
	}
	req.Body = io.NopCloser(bytes.NewReader(body))
	req.ContentLength = int64(len(body))
	return body, nil
}

// secretFieldNames are JSON fields whose values never reach a log, matched
// without regard to case: whatever their value is, and however short.
var secretFieldNames = []string{"accesskeysecret", "secretkey", "secretaccesskey", "password", "passwd", "secret", "token"}

func secretField(name string) bool {
	lower := strings.ToLower(name)
	for _, s := range secretFieldNames {
		if lower == s || strings.HasSuffix(lower, s) {
			return true
		}
	}
	return false
}

// redactJSONSecrets is body for a log: JSON with the values of secret fields
// (accessKeySecret, secretKey, password, ...) replaced by "<redacted>".
// Redacting by structure hides a secret the client does not know, such as a
// storage key in a backup strategy, and reveals nothing of its value. A body
// that is not JSON is returned as is, for the exact-value redactor.
func redactJSONSecrets(body []byte) string {
	var v any
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	if err := dec.Decode(&v); err != nil {
		return string(body)
	}
	if dec.More() {
		return string(body)
	}
	// Re-encoded even when no field is secret: with the fewest escapes, a
	// secret the server spelled with \u escapes is masked by the exact-value
	// redactor like any other.
	redactValue(v)
	var out bytes.Buffer
	enc := json.NewEncoder(&out)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return string(body)
	}
	return strings.TrimSuffix(out.String(), "\n")
}

// redactValue masks secret fields inside v and reports whether it changed anything.
func redactValue(v any) bool {
	changed := false
	switch x := v.(type) {
	case map[string]any:
		for k, child := range x {
			if secretField(k) {
				if child != nil {
					x[k] = "<redacted>"
					changed = true
				}
				continue
			}
			if redactValue(child) {
				changed = true
			}
		}
	case []any:
		for _, child := range x {
			if redactValue(child) {
				changed = true
			}
		}
	}
	return changed
}
