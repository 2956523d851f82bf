package ocp

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// MinMaskableSecretLength is the shortest secret that is masked wherever it
// occurs. Masking a shorter one by occurrence would reveal it: a one-letter
// password would blank out every such letter of a log. Shorter secrets are
// masked only where they are known to sit (headers, JSON fields named like
// secrets), and the provider warns that they are too short.
const MinMaskableSecretLength = 8

const redacted = "<redacted>"

// Redactor removes credentials from text that came from the server or that
// describes a request, and escapes control characters, before the text
// reaches an error message or a log line. Every such string passes through
// one Redactor, so that what is hidden, and how, is decided in one place.
type Redactor struct {
	// occurrences are the secrets, in every encoding a server may echo them
	// in, long enough to mask wherever they appear; longest first, so that
	// an encoded form is not half-masked by a shorter one.
	occurrences []string
}

// NewRedactor hides the secrets of c.
func NewRedactor(c Credentials) *Redactor {
	r := &Redactor{}
	if c == nil {
		return r
	}
	for _, secret := range c.secrets() {
		if len(secret) < MinMaskableSecretLength {
			continue
		}
		r.occurrences = append(r.occurrences, encodedForms(secret)...)
		r.occurrences = append(r.occurrences, base64Forms(secret)...)
	}
	if basic, ok := c.(BasicAuth); ok {
		// The Basic value in every base64 alphabet, padded or not: a
		// server may echo it in any, and its password may be too short to
		// mask by itself.
		for _, form := range base64Forms(basic.Username + ":" + basic.Password) {
			if len(form) >= MinMaskableSecretLength {
				r.occurrences = append(r.occurrences, form)
			}
		}
	}
	slices.SortFunc(r.occurrences, func(a, b string) int { return len(b) - len(a) })
	r.occurrences = slices.Compact(r.occurrences)
	return r
}

// Maskable are the secret values that may be masked by occurrence, for a
// logger's own last-line masking.
func (r *Redactor) Maskable() []string { return slices.Clone(r.occurrences) }

// encodedForms are the spellings of secret a server may echo: as sent, as
// a JSON string (with and without HTML escaping, and with "\/"), and
// URL-encoded.
func encodedForms(secret string) []string {
	forms := []string{secret}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(secret)
	plain := strings.TrimSuffix(buf.String(), "\n")
	htmlEscaped, _ := json.Marshal(secret)
	for _, quoted := range []string{plain, string(htmlEscaped)} {
		inner := quoted[1 : len(quoted)-1]
		forms = append(forms, inner, strings.ReplaceAll(inner, "/", `\/`))
	}
	forms = append(forms, url.QueryEscape(secret), url.PathEscape(secret))
	return forms
}

// base64Forms are s in the standard and URL-safe base64 alphabets, with
// and without padding.
func base64Forms(s string) []string {
	var forms []string
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding} {
		forms = append(forms, enc.EncodeToString([]byte(s)))
	}
	return forms
}

// Secret-bearing structures, masked whatever the secret's length: JSON
// fields whose names say they hold a secret, and Authorization values.
var (
	// userinfoInText is the "user:password@" of a URL anywhere in a text,
	// such as a Location quoted in Go's error about a malformed header.
	userinfoInText  = regexp.MustCompile(`(//|\\\\)[^\s/\\?#"'<>@]+@`)
	secretJSONField = regexp.MustCompile(`(?i)("[a-z0-9_-]*(?:password|passwd|secret|token|credential|authorization|signature)[a-z0-9_-]*"\s*:\s*)"(?:[^"\\]|\\.)*"`)
	authScheme      = regexp.MustCompile(`(?i)\b(Basic|Bearer|` + SignatureAlgorithm + `)([ \t]+)([A-Za-z0-9._~+/=-]+)(:[A-Za-z0-9+/=]+)?`)
)

// Redact masks the secrets in s.
func (r *Redactor) Redact(s string) string {
	if s == "" {
		return s
	}
	s = userinfoInText.ReplaceAllString(s, "$1")
	s = secretJSONField.ReplaceAllString(s, `$1"`+redacted+`"`)
	s = authScheme.ReplaceAllStringFunc(s, func(m string) string {
		parts := authScheme.FindStringSubmatch(m)
		if strings.EqualFold(parts[1], SignatureAlgorithm) && parts[4] != "" {
			// The access key id says which key signed; the signature goes.
			return parts[1] + parts[2] + parts[3] + ":" + redacted
		}
		return parts[1] + parts[2] + redacted
	})
	s = r.maskOccurrences(s)
	if r == nil || len(r.occurrences) == 0 {
		return s
	}
	// A secret split by invisible characters (a zero-width space, an ANSI
	// escape, a line break) still reads as the secret once they are escaped
	// or rendered, and one spelled in escapes (%73, \u0073) is the secret to
	// anyone who decodes them: when a secret shows through such a reading,
	// the text goes in that reading, masked.
	for _, reading := range []struct {
		applies bool
		read    func(string) string
	}{
		{needsEscape(s), stripUnsafe},
		{strings.Contains(s, "%"), percentDecoded},
		{strings.Contains(s, `\u`) || strings.Contains(s, `\x`), escapesDecoded},
	} {
		if !reading.applies {
			continue
		}
		if plain := reading.read(s); r.maskOccurrences(plain) != plain {
			s = r.maskOccurrences(plain)
		}
	}
	return s
}

// percentDecoded decodes every valid %XX, leaving anything else as it is.
func percentDecoded(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '%' && i+2 < len(s) {
			if v, err := strconv.ParseUint(s[i+1:i+3], 16, 8); err == nil {
				b.WriteByte(byte(v))
				i += 2
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// escapesDecoded decodes every valid \uXXXX and \xXX, leaving anything
// else as it is.
func escapesDecoded(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+3 < len(s) && s[i+1] == 'x' {
			if v, err := strconv.ParseUint(s[i+2:i+4], 16, 8); err == nil {
				b.WriteByte(byte(v))
				i += 3
				continue
			}
		}
		if s[i] == '\\' && i+5 < len(s) && s[i+1] == 'u' {
			if v, err := strconv.ParseUint(s[i+2:i+6], 16, 16); err == nil {
				b.WriteRune(rune(v))
				i += 5
				continue
			}
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// stripUnsafe drops what EscapeControl would escape, and the rest of an
// ANSI escape sequence (CSI "ESC [ ... m", OSC "ESC ] ... BEL"), which a
// terminal does not show either.
func stripUnsafe(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); {
		if s[i] == 0x1b && i+1 < len(s) && (s[i+1] == '[' || s[i+1] == ']') {
			csi := s[i+1] == '['
			end := i + 2
			for ; end < len(s); end++ {
				if csi && s[end] >= 0x40 && s[end] <= 0x7e || !csi && s[end] == 0x07 {
					break
				}
			}
			i = min(end+1, len(s))
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		invalid := r == utf8.RuneError && size == 1
		if !invalid && !unsafeRune(r) {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// maskOccurrences masks the secrets long enough to mask wherever they are.
func (r *Redactor) maskOccurrences(s string) string {
	if r != nil && len(r.occurrences) > 0 {
		// Regardless of ASCII case: a header name that carries a secret is
		// canonicalised (s3cret-pw becomes S3cret-Pw), and a server may
		// echo it upper-cased.
		folded := asciiLower(s)
		for _, secret := range r.occurrences {
			lower := asciiLower(secret)
			if !strings.Contains(folded, lower) {
				continue
			}
			var b strings.Builder
			for {
				i := strings.Index(folded, lower)
				if i < 0 {
					break
				}
				b.WriteString(s[:i])
				b.WriteString(redacted)
				s, folded = s[i+len(lower):], folded[i+len(lower):]
			}
			b.WriteString(s)
			s = b.String()
			folded = asciiLower(s)
		}
	}
	return s
}

// asciiLower lowers ASCII letters only, so that byte offsets stay those of s.
// Byte by byte, since strings.Map would rewrite invalid UTF-8.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + ('a' - 'A')
		}
	}
	return string(b)
}

// maxCleanLength bounds a cleaned message: a server can fill a message, a
// Location or a field with megabytes that no one can read.
const maxCleanLength = 4000

// Clean is Redact followed by EscapeControl: the form of server text fit
// for a diagnostic. Text too long to read keeps its beginning and end;
// it is cut only after redaction, so a cut never shows part of a secret.
func (r *Redactor) Clean(s string) string {
	s = EscapeControl(r.Redact(s))
	if len(s) <= maxCleanLength {
		return s
	}
	head, tail := runeCut(s, maxCleanLength/2), len(s)-maxCleanLength/4
	for tail < len(s) && !utf8.RuneStart(s[tail]) {
		tail++
	}
	return fmt.Sprintf("%s ... (%d bytes omitted) ... %s", s[:head], tail-head, s[tail:])
}

// runeCut is the largest index no greater than n that starts a rune of s.
func runeCut(s string, n int) int {
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return n
}

// EscapeControl writes control characters (ANSI escapes, carriage returns,
// bidirectional overrides) as Go escapes, so that text from the server can
// neither repaint a terminal nor forge lines of a message. Invalid UTF-8
// is escaped byte by byte.
func EscapeControl(s string) string {
	if !needsEscape(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r == '\t':
			b.WriteString(`\t`)
		case unsafeRune(r):
			if r < 0x80 {
				fmt.Fprintf(&b, `\x%02x`, r)
			} else {
				fmt.Fprintf(&b, `\u%04x`, r)
			}
		default:
			b.WriteRune(r)
		}
		i += size
	}
	return b.String()
}

func needsEscape(s string) bool {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || r == '\n' || r == '\r' || r == '\t' || unsafeRune(r) {
			return true
		}
		i += size
	}
	return false
}

// unsafeRune is a control character, a format character such as a
// bidirectional override that reorders what a reader sees, or a line or
// paragraph separator, which some renderers break lines at.
func unsafeRune(r rune) bool {
	return unicode.IsControl(r) || unicode.In(r, unicode.Cf, unicode.Zl, unicode.Zp)
}

// basicHeaderValue is what a Basic Authorization header carries, for tests
// and for callers that must recognise it.
func basicHeaderValue(user, password string) string {
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + password))
}
