package ocp

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"regexp"
	"strconv"
	"time"
)

// Long is a Java long as OCP's Jackson settings write it: a JSON number, or a
// JSON string when the value is beyond what a float64 holds exactly.
type Long int64

// UnmarshalJSON accepts 98 and "98" alike; parsing the digits ourselves keeps
// values beyond 2^53 exact.
func (l *Long) UnmarshalJSON(b []byte) error {
	text := b
	if len(b) >= 2 && b[0] == '"' && b[len(b)-1] == '"' {
		text = b[1 : len(b)-1]
	}
	n, err := strconv.ParseInt(string(text), 10, 64)
	if err != nil {
		return &json.UnmarshalTypeError{Value: "long " + shownValue(b), Type: reflect.TypeFor[Long]()}
	}
	*l = Long(n)
	return nil
}

// Int64 returns the value as an int64 pointer, nil staying nil.
func (l *Long) Int64() *int64 {
	if l == nil {
		return nil
	}
	v := int64(*l)
	return &v
}

// Timestamp is an instant as OCP wrote it, kept together with an RFC 3339
// rendering that preserves the server's offset and its fraction digits, so
// nothing the server said is lost on the way to Terraform.
type Timestamp struct {
	time time.Time
	text string
}

// OCP writes offsets as +0800, +08:00 or Z, with 0 to 9 fraction digits.
var timestampLayout = regexp.MustCompile(`^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$`)

// ParseTimestamp reads any layout OCP sends.
func ParseTimestamp(s string) (Timestamp, error) {
	m := timestampLayout.FindStringSubmatch(s)
	if m == nil {
		return Timestamp{}, fmt.Errorf("%q is not a timestamp in a layout OCP sends (such as 2021-09-16T17:25:02.993+0800)", s)
	}
	offset := m[3]
	if len(offset) == 5 {
		offset = offset[:3] + ":" + offset[3:]
	}
	// time.Parse accepts offsets up to +99:99, which no zone has and which
	// Terraform's timeadd() then refuses.
	if offset != "Z" && (offset[1:3] > "23" || offset[4:6] > "59") {
		return Timestamp{}, fmt.Errorf("%q has the offset %s, beyond +23:59", s, m[3])
	}
	text := m[1] + m[2] + offset
	t, err := time.Parse(time.RFC3339Nano, text)
	if err != nil {
		return Timestamp{}, fmt.Errorf("%q is not a valid timestamp: %w", s, err)
	}
	return Timestamp{time: t, text: text}, nil
}

// Time is the instant, in the server's offset.
func (t Timestamp) Time() time.Time { return t.time }

// RFC3339 is the instant as RFC 3339 text, in the server's offset and with
// the fraction digits the server sent.
func (t Timestamp) RFC3339() string { return t.text }

func (t Timestamp) String() string { return t.text }

// UnmarshalJSON reports a bad value as a *json.UnmarshalTypeError so that
// encoding/json fills in the field path for the error message.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return &json.UnmarshalTypeError{Value: "timestamp " + shownValue(b), Type: reflect.TypeFor[Timestamp]()}
	}
	parsed, err := ParseTimestamp(s)
	if err != nil {
		return &json.UnmarshalTypeError{Value: "timestamp " + shownValue(b), Type: reflect.TypeFor[Timestamp]()}
	}
	*t = parsed
	return nil
}

// Code is OCP's error code, which is a number in some releases and a string
// such as "OBE11001" in others.
type Code string

func (c *Code) UnmarshalJSON(b []byte) error {
	if bytes.Equal(b, []byte("null")) {
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*c = Code(s)
		return nil
	}
	var n json.Number
	if err := json.Unmarshal(b, &n); err != nil {
		return &json.UnmarshalTypeError{Value: "error code " + shownValue(b), Type: reflect.TypeFor[Code]()}
	}
	*c = Code(n.String())
	return nil
}
