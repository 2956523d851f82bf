package ocp

import (
	"crypto/hmac"
	"crypto/md5"  //nolint:gosec // OCP's signature scheme is defined on MD5 and SHA-1.
	"crypto/sha1" //nolint:gosec // see above
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// Credentials authenticate one attempt of a request. They run again on every
// retry so that a signature always carries a fresh Date.
type Credentials interface {
	authorize(req *http.Request, body []byte, now time.Time)
	// secrets are the values that must never reach a log.
	secrets() []string
}

// BasicAuth is an OCP user's name and password, accepted by every OCP
// release.
type BasicAuth struct {
	Username string
	Password string
}

func (c BasicAuth) authorize(req *http.Request, _ []byte, _ time.Time) {
	req.SetBasicAuth(c.Username, c.Password)
}

func (c BasicAuth) secrets() []string {
	return []string{c.Password, basicHeaderValue(c.Username, c.Password)}
}

// AccessKey is an OCP AK/SK pair (OCP 4.0.3 and later), which signs each
// request instead of sending a password.
type AccessKey struct {
	ID     string
	Secret string
}

// SignatureAlgorithm names OCP's only signature scheme in the Authorization header.
const SignatureAlgorithm = "OCP-ACCESS-KEY-HMACSHA1"

func (c AccessKey) authorize(req *http.Request, body []byte, now time.Time) {
	req.Header.Set("Date", now.UTC().Format(http.TimeFormat))
	message := StringToSign(req.Method, BodyMD5(body), req.Header, req.URL.Host, req.URL.EscapedPath(), req.URL.Query())
	req.Header.Set("Authorization", SignatureAlgorithm+" "+c.ID+":"+Sign(c.Secret, message))
}

func (c AccessKey) secrets() []string { return []string{c.Secret} }

// Sign is OCP's signature of a message: Base64(HMAC-SHA1(secret, message)).
func Sign(secret, message string) string {
	mac := hmac.New(sha1.New, []byte(secret))
	mac.Write([]byte(message))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}

// BodyMD5 is the body's line of the signed message: its MD5 in upper-case
// hex, or empty when there is no body.
func BodyMD5(body []byte) string {
	if len(body) == 0 {
		return ""
	}
	sum := md5.Sum(body) //nolint:gosec // required by the signature scheme
	return strings.ToUpper(hex.EncodeToString(sum[:]))
}

// StringToSign builds the seven-line message OCP signs: method, body MD5
// (see BodyMD5), Content-Type, Date, host with port, the x-ocp-* headers and
// the resource.
func StringToSign(method, bodyMD5 string, header http.Header, host, path string, query url.Values) string {
	return strings.Join([]string{
		strings.ToUpper(method),
		bodyMD5,
		header.Get("Content-Type"),
		header.Get("Date"),
		host,
		canonicalOCPHeaders(header),
		canonicalResource(path, query),
	}, "\n")
}

func canonicalOCPHeaders(header http.Header) string {
	var keys []string
	for k := range header {
		if strings.HasPrefix(strings.ToLower(k), "x-ocp-") {
			keys = append(keys, k)
		}
	}
	sort.Slice(keys, func(i, j int) bool { return strings.ToLower(keys[i]) < strings.ToLower(keys[j]) })
	lines := make([]string, len(keys))
	for i, k := range keys {
		lines[i] = strings.ToLower(k) + ":" + strings.Join(header[k], ",")
	}
	return strings.Join(lines, "\n")
}

func canonicalResource(path string, query url.Values) string {
	if len(query) == 0 {
		return path
	}
	keys := make([]string, 0, len(query))
	for k := range query {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		var values []string
		for _, v := range query[k] {
			if v != "" {
				values = append(values, encodeRFC3986(v))
			}
		}
		sort.Strings(values)
		part := encodeRFC3986(k)
		if len(values) > 0 {
			part += "=" + strings.Join(values, ",")
		}
		parts = append(parts, part)
	}
	return path + "?" + strings.Join(parts, "&")
}

// encodeRFC3986 leaves only A-Za-z0-9-._~ as is; url.QueryEscape would
// write a space as "+", which OCP's signature does not.
func encodeRFC3986(s string) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}
