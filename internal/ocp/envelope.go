package ocp

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// envelope is the part of OCP's wrapper, around every answer, that the
// client reads. Fields it does not use (status, timestamp, server) are not
// decoded, so an odd value in one of them never fails a read.
type envelope struct {
	Data       json.RawMessage
	Successful *bool
	TraceID    string
	Error      *errorBody
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
	// Hint is the client's own advice on what to check, if it has one.
	Hint string
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
	if e.Hint != "" {
		fmt.Fprintf(&b, ". %s", e.Hint)
	}
	return b.String()
}

func (e *APIError) cleanServerText(clean func(string) string) {
	e.Code = clean(e.Code)
	e.Message = clean(e.Message)
	e.TraceID = clean(e.TraceID)
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

func (e *ResponseError) cleanServerText(clean func(string) string) {
	e.Reason = clean(e.Reason)
}

// utf8BOM is the byte order mark some gateways put before a JSON body.
var utf8BOM = []byte("\xef\xbb\xbf")

// decodeResponse turns one HTTP answer into data (decoded into out) or an
// error that says what the server meant. With out set, an answer without
// data is an error: it proves nothing about the object asked for.
func decodeResponse(method, path string, status int, header http.Header, body []byte, out any) error {
	respErr := func(reason string) error {
		return &ResponseError{Method: method, Path: path, HTTPStatus: status, Reason: reason}
	}
	if status >= 300 && status < 400 {
		location := header.Get("Location")
		if location == "" {
			return respErr("it is a redirect without a Location header. OCP's API does not redirect; is the URL " +
				"pointing at a proxy or a login page in front of the OCP API?")
		}
		return respErr(fmt.Sprintf("it redirects to %q, which was not followed: OCP's API does not redirect, and "+
			"credentials go to the configured url only. Is the URL pointing at a login page or a proxy in front "+
			"of the OCP API?", shownLocation(location)))
	}
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(bytes.TrimSpace(body), utf8BOM))
	if len(trimmed) == 0 {
		if status >= 400 {
			return &APIError{Method: method, Path: path, HTTPStatus: status, Message: "the response body was empty"}
		}
		return respErr("the response body was empty")
	}
	if looksLikeHTML(header, trimmed) {
		if status >= 500 {
			return respErr("the server failed: the body is an HTML error page, not OCP's JSON, from OCP or a proxy in front of it")
		}
		return respErr("the body is an HTML page, not OCP's JSON; is the URL pointing at a login page or a proxy in front of the OCP API?")
	}

	env, err := readEnvelope(trimmed)
	if err != nil {
		return respErr(err.Error())
	}

	failed := env.Successful != nil && !*env.Successful
	// An error that names a code or a message fails the call even beside
	// "successful": true: the answer contradicts itself.
	// A code of 0 beside success is read as "no error", as some services
	// write it.
	saysError := env.Error != nil && (env.Successful == nil ||
		(env.Error.Code != "" && env.Error.Code != "0") || env.Error.message() != "")
	if failed || status >= 300 || saysError {
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
		return respErr(`the JSON body is not OCP's response envelope: its "successful" is missing or null`)
	}
	if out == nil {
		return nil
	}
	_, emptyMeans := out.(emptyObjectMeaning)
	if len(env.Data) == 0 || bytes.Equal(env.Data, []byte("null")) || (isEmptyObject(env.Data) && !emptyMeans) {
		// An empty object names nothing and states nothing, like null,
		// unless the endpoint documents what it means.
		return respErr(fmt.Sprintf("OCP's answer has no data: the envelope says successful, but its \"data\" is "+
			"missing, null or empty, which proves nothing about what was asked%s", traceSuffix(env.TraceID)))
	}
	if err := json.Unmarshal(env.Data, out); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			field := typeErr.Field
			if field == "" {
				field = "data"
			}
			return respErr(fmt.Sprintf("field %q holds %s, which cannot be read as %s%s",
				field, typeErr.Value, typeName(typeErr), traceSuffix(env.TraceID)))
		}
		return respErr(fmt.Sprintf("its data cannot be read: %v%s", err, traceSuffix(env.TraceID)))
	}
	return nil
}

// traceSuffix labels a message with OCP's trace id, when it sent one.
func traceSuffix(id string) string {
	if id == "" {
		return ""
	}
	return " [trace id " + id + "]"
}

// emptyObjectMeaning is an out whose endpoint gives "data": {} a meaning
// (such as "no backup strategy"), so that decodeResponse hands it over
// instead of failing. Every other endpoint's {} proves nothing.
type emptyObjectMeaning interface {
	emptyObjectHasMeaning()
}

// isEmptyObject reports whether raw, valid JSON, is {}.
func isEmptyObject(raw []byte) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) >= 2 && raw[0] == '{' && len(bytes.TrimSpace(raw[1:len(raw)-1])) == 0
}

// readEnvelope decodes the fields of the envelope one by one, so that an
// error names OCP's field, and a field the client does not use cannot fail.
func readEnvelope(body []byte) (envelope, error) {
	var env envelope
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(body, &fields); err != nil {
		var syntaxErr *json.SyntaxError
		var typeErr *json.UnmarshalTypeError
		switch {
		case errors.Is(err, io.ErrUnexpectedEOF) || (errors.As(err, &syntaxErr) && syntaxErr.Offset >= int64(len(body))):
			return env, fmt.Errorf("the JSON body ends early after %d bytes (truncated response)", len(body))
		case errors.As(err, &syntaxErr) && strings.Contains(syntaxErr.Error(), "exceeded max depth"):
			return env, errors.New("the JSON body is nested deeper than 10000 levels, which no answer of OCP is")
		case errors.As(err, &syntaxErr):
			return env, fmt.Errorf("the body is not valid JSON (at byte %d: %s)", syntaxErr.Offset, syntaxErr.Error())
		case errors.As(err, &typeErr):
			return env, fmt.Errorf("the body is JSON %s, not OCP's response envelope (an object)", typeErr.Value)
		default:
			return env, fmt.Errorf("the body is not OCP's response envelope: %w", err)
		}
	}
	if name, twice := repeatedField(body); twice {
		return env, fmt.Errorf("the JSON names the field %s twice in one object, so it says two different things "+
			"and proves neither", name)
	}
	if raw, ok := fields["successful"]; ok && !bytes.Equal(raw, []byte("null")) {
		var b bool
		if err := json.Unmarshal(raw, &b); err != nil {
			return env, fmt.Errorf("the envelope's \"successful\" is %s, not true or false", shownValue(raw))
		}
		env.Successful = &b
	}
	// The trace id only labels messages: one of an odd type is ignored.
	_ = json.Unmarshal(fields["traceId"], &env.TraceID)
	env.Data = fields["data"]
	if raw, ok := fields["error"]; ok && !bytes.Equal(raw, []byte("null")) {
		env.Error = &errorBody{}
		if err := json.Unmarshal(raw, env.Error); err != nil {
			// An error that is not OCP's object still says the call failed.
			var text string
			if json.Unmarshal(raw, &text) != nil {
				text = "the error is " + shownValue(raw)
			}
			env.Error = &errorBody{Message: text}
		}
	}
	return env, nil
}

// shownValue is a raw JSON value fit for a message. It is re-encoded with
// the fewest escapes, so that a secret the server spelled in \u escapes is
// spelled as the redactor knows it; one too long to show is described, not
// cut, since a cut could show part of a secret that the redactor, which
// runs later on the whole message, would no longer recognise.
func shownValue(raw []byte) string {
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if dec.Decode(&v) != nil {
		return fmt.Sprintf("a value of %d bytes that is not JSON", len(raw))
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(v)
	if shown := strings.TrimSuffix(buf.String(), "\n"); len(shown) <= 80 {
		return shown
	}
	switch v := v.(type) {
	case string:
		return fmt.Sprintf("a string of %d characters", utf8.RuneCountInString(v))
	case []any:
		return fmt.Sprintf("a list of %d items", len(v))
	case map[string]any:
		return fmt.Sprintf("an object of %d fields", len(v))
	default:
		return fmt.Sprintf("a value of %d bytes", len(raw))
	}
}

// shownLocation is a redirect target fit for a message: without userinfo,
// and without the query and fragment, where single sign-on tickets travel.
func shownLocation(location string) string {
	location = WithoutUserinfo(location)
	if i := strings.IndexAny(location, "?#"); i >= 0 {
		location = location[:i] + " (query omitted)"
	}
	return location
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

// typeName says in OCP's terms what a field should have held.
func typeName(e *json.UnmarshalTypeError) string {
	switch e.Type.Name() {
	case "Timestamp":
		return "a timestamp (layouts such as 2021-09-16T17:25:02.993+0800)"
	case "Long":
		return "an integer"
	case "Code":
		return "an error code"
	}
	switch kind := e.Type.Kind(); {
	case kind == reflect.Pointer:
		return typeName(&json.UnmarshalTypeError{Type: e.Type.Elem()})
	case kind == reflect.String:
		return "a string"
	case kind == reflect.Bool:
		return "true or false"
	case kind >= reflect.Int && kind <= reflect.Uint64:
		return "an integer"
	case kind == reflect.Float32 || kind == reflect.Float64:
		return "a number"
	case kind == reflect.Slice || kind == reflect.Array:
		return "a list"
	default:
		return "an object"
	}
}

func looksLikeHTML(header http.Header, body []byte) bool {
	if mediaType, _, err := mime.ParseMediaType(header.Get("Content-Type")); err == nil && mediaType == "text/html" {
		return true
	}
	return body[0] == '<'
}

// checkIdentity fails an answer that names another object than the one
// asked for: a gate must not pass on the state of some other cluster. An
// answer that does not name its object at all is taken as it is.
func checkIdentity(method, path, kind string, asked int64, answered *Long) error {
	if answered == nil || int64(*answered) == asked {
		return nil
	}
	return &ResponseError{Method: method, Path: path, HTTPStatus: http.StatusOK,
		Reason: fmt.Sprintf("the answer describes %s %d, not %s %d that was asked for", kind, int64(*answered), kind, asked)}
}

// repeatedField finds a field named twice in one object of a JSON body, as
// encoding/json matches names to OCP's fields: regardless of case. Only the
// last of the two would be read, where another reader of the same answer
// might see the first; "successful" false then true must not pass. body
// must be valid JSON. It scans bytes rather than tokens, and keeps names
// in one buffer, since it runs on every answer.
func repeatedField(body []byte) (string, bool) {
	type object struct {
		names   [][2]int       // spans of folded names in arena
		sent    [][2]int       // spans of the names as sent, in body
		index   map[string]int // folded name -> its position in names
		wantKey bool
	}
	var stack []*object // nil for an array
	var free []*object
	var arena []byte
	for i := 0; i < len(body); i++ {
		switch body[i] {
		case '{':
			o := &object{}
			if n := len(free); n > 0 {
				o, free = free[n-1], free[:n-1]
				*o = object{names: o.names[:0], sent: o.sent[:0]}
			}
			o.wantKey = true
			stack = append(stack, o)
		case '[':
			stack = append(stack, nil)
		case '}', ']':
			if top := stack[len(stack)-1]; top != nil {
				free = append(free, top)
			}
			stack = stack[:len(stack)-1]
		case ',':
			if top := stack[len(stack)-1]; top != nil {
				top.wantKey = true
			}
		case '"':
			end := i + 1
			escaped := false
			for ; body[end] != '"'; end++ {
				if body[end] == '\\' {
					escaped = true
					end++
				}
			}
			top := stack[len(stack)-1]
			if top != nil && top.wantKey {
				top.wantKey = false
				name := body[i+1 : end]
				if escaped {
					var decoded string
					_ = json.Unmarshal(body[i:end+1], &decoded)
					name = []byte(decoded)
				}
				from := len(arena)
				arena = foldName(arena, name)
				folded := arena[from:]
				first := -1
				if top.index != nil {
					if n, ok := top.index[string(folded)]; ok {
						first = n
					}
				} else {
					for n, span := range top.names {
						if bytes.Equal(arena[span[0]:span[1]], folded) {
							first = n
							break
						}
					}
				}
				if first >= 0 {
					was := string(body[top.sent[first][0]:top.sent[first][1]])
					if was == string(body[i+1:end]) {
						return strconv.Quote(was), true
					}
					return fmt.Sprintf("%s (also as %s)", strconv.Quote(was), strconv.Quote(string(body[i+1:end]))), true
				}
				top.names = append(top.names, [2]int{from, len(arena)})
				top.sent = append(top.sent, [2]int{i + 1, end})
				// A large object is indexed, so that a hostile one with
				// many names costs no quadratic time.
				if len(top.names) > 32 {
					if top.index == nil {
						top.index = make(map[string]int, 64)
						for n, span := range top.names {
							top.index[string(arena[span[0]:span[1]])] = n
						}
					} else {
						top.index[string(folded)] = len(top.names) - 1
					}
				}
			}
			i = end
		}
	}
	return "", false
}

// foldName appends name folded the way encoding/json compares names.
func foldName(dst, name []byte) []byte {
	for i := 0; i < len(name); {
		c := name[i]
		if c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, size := utf8.DecodeRune(name[i:])
		dst = utf8.AppendRune(dst, unicode.ToUpper(unicode.ToLower(r)))
		i += size
	}
	return dst
}
