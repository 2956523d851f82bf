package ocp

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
)

// envelope is the wrapper OCP puts around every answer, success or failure.
type envelope struct {
	Data       json.RawMessage `json:"data"`
	Successful *bool           `json:"successful"`
	Status     int             `json:"status"`
	TraceID    string          `json:"traceId"`
	Error      *errorBody      `json:"error"`
}

type errorBody struct {
	Code         Code   `json:"code"`
	Message      string `json:"message"`
	DebugMessage string `json:"debugMessage"`
	Target       string `json:"target"`
	SubErrors    []struct {
		Message string `json:"message"`
		Target  string `json:"target"`
	} `json:"subErrors"`
}

// APIError is a request that OCP answered with a failure: an HTTP error
// status, or an envelope with "successful": false.
type APIError struct {
	Method     string
	Path       string
	HTTPStatus int
	// Code is OCP's own error code, such as "OBE11001"; empty when the
	// server sent none.
	Code    string
	Message string
	TraceID string
}

func (e *APIError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "OCP answered %s %s with HTTP %d", e.Method, e.Path, e.HTTPStatus)
	if text := http.StatusText(e.HTTPStatus); text != "" {
		fmt.Fprintf(&b, " (%s)", text)
	}
	if e.Code != "" {
		fmt.Fprintf(&b, ", error code %s", e.Code)
	}
	if e.Message != "" {
		fmt.Fprintf(&b, ": %s", e.Message)
	}
	if e.TraceID != "" {
		fmt.Fprintf(&b, " [trace id %s]", e.TraceID)
	}
	return b.String()
}

// NotFound reports whether OCP said the object does not exist. OCP classes
// some "not found" codes as bad arguments, so a 400 with such a code counts.
func (e *APIError) NotFound() bool {
	return e.HTTPStatus == http.StatusNotFound || e.Code == "OBE11001"
}

// Forbidden reports whether the caller lacks permission on the object.
func (e *APIError) Forbidden() bool {
	return e.HTTPStatus == http.StatusForbidden || e.Code == "COM10009"
}

// ResponseError is an answer that is not OCP's JSON at all: a login page
// from a proxy, a truncated body, a field OCP filled with nonsense.
type ResponseError struct {
	Method     string
	Path       string
	HTTPStatus int
	Reason     string
}

func (e *ResponseError) Error() string {
	return fmt.Sprintf("OCP answered %s %s with HTTP %d, but %s", e.Method, e.Path, e.HTTPStatus, e.Reason)
}

// decodeResponse turns one HTTP answer into data (decoded into out) or an
// error that says what the server meant.
func decodeResponse(method, path string, status int, header http.Header, body []byte, out any) error {
	respErr := func(reason string) error {
		return &ResponseError{Method: method, Path: path, HTTPStatus: status, Reason: reason}
	}
	if status >= 300 && status < 400 {
		return respErr(fmt.Sprintf("it redirects to %q; is the URL pointing at a login page or a proxy in front of the OCP API?",
			header.Get("Location")))
	}
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		if status >= 400 {
			return &APIError{Method: method, Path: path, HTTPStatus: status, Message: "the response body was empty"}
		}
		return respErr("the response body was empty")
	}
	if looksLikeHTML(header, trimmed) {
		return respErr("the body is an HTML page, not OCP's JSON; is the URL pointing at a login page or a proxy in front of the OCP API?")
	}

	var env envelope
	if err := json.Unmarshal(trimmed, &env); err != nil {
		var syntaxErr *json.SyntaxError
		switch {
		case errors.Is(err, io.ErrUnexpectedEOF) || (errors.As(err, &syntaxErr) && syntaxErr.Offset >= int64(len(trimmed))):
			return respErr(fmt.Sprintf("the JSON body ends early after %d bytes (truncated response)", len(body)))
		case errors.As(err, &syntaxErr):
			return respErr(fmt.Sprintf("the body is not valid JSON (at byte %d: %v)", syntaxErr.Offset, err))
		default:
			return respErr(fmt.Sprintf("the body is not OCP's response envelope: %v", err))
		}
	}

	failed := env.Successful != nil && !*env.Successful
	if failed || status >= 300 || (env.Error != nil && env.Successful == nil) {
		apiErr := &APIError{Method: method, Path: path, HTTPStatus: status, TraceID: env.TraceID}
		if env.Error != nil {
			apiErr.Code = string(env.Error.Code)
			apiErr.Message = env.Error.message()
		}
		if apiErr.Message == "" && failed {
			apiErr.Message = "the response says the request was not successful, without a message"
		}
		return apiErr
	}
	if env.Successful == nil {
		return respErr(`the JSON body is not OCP's response envelope (no "successful" field)`)
	}
	if out == nil || len(env.Data) == 0 || bytes.Equal(env.Data, []byte("null")) {
		return nil
	}
	if err := json.Unmarshal(env.Data, out); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) && typeErr.Field != "" {
			return respErr(fmt.Sprintf("field %q holds %s, which cannot be read as %s [trace id %s]",
				typeErr.Field, typeErr.Value, typeName(typeErr), env.TraceID))
		}
		return respErr(fmt.Sprintf("its data cannot be read: %v [trace id %s]", err, env.TraceID))
	}
	return nil
}

func (b *errorBody) message() string {
	msg := b.Message
	if b.Target != "" {
		msg = fmt.Sprintf("%s (target %s)", msg, b.Target)
	}
	for _, sub := range b.SubErrors {
		if sub.Target != "" {
			msg += fmt.Sprintf("; %s: %s", sub.Target, sub.Message)
		} else {
			msg += "; " + sub.Message
		}
	}
	return msg
}

func typeName(e *json.UnmarshalTypeError) string {
	switch e.Type.Name() {
	case "Timestamp":
		return "a timestamp (layouts such as 2021-09-16T17:25:02.993+0800)"
	case "Long":
		return "an integer"
	default:
		return e.Type.String()
	}
}

func looksLikeHTML(header http.Header, body []byte) bool {
	if mediaType, _, err := mime.ParseMediaType(header.Get("Content-Type")); err == nil && mediaType == "text/html" {
		return true
	}
	return body[0] == '<'
}
