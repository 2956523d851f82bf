// Package ocptest is a fake OCP server on real HTTP, for tests of every layer
// and for the offline demo. It checks credentials the way OCP does, serves
// fixtures, and injects faults per cluster.
package ocptest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// ListingKey is the key under which Inject queues faults for the cluster
// listing (cluster ids start at 1).
const ListingKey int64 = 0

// Credentials are what the server accepts; a zero field turns its scheme off.
type Credentials struct {
	Username, Password        string
	AccessKeyID, AccessSecret string
}

// DefaultCredentials are accepted by a server made with New.
var DefaultCredentials = Credentials{
	Username: "admin", Password: "s3cret-Passw0rd",
	AccessKeyID: "cqammmxBpfGjFlto", AccessSecret: "2fc0c299cc94c6be266f2ceece765d4d",
}

// MaxClockSkew is how far a signed request's Date may be from the server's clock.
const MaxClockSkew = 15 * time.Minute

// Fault replaces the server's normal answer for Times requests (1 when zero;
// negative for every request).
type Fault struct {
	Times int
	// Delay holds the answer back; the request's cancellation ends it early.
	Delay time.Duration
	// Status, with Body or Error, is the answer. A zero Status with no Body
	// serves the normal answer after Delay.
	Status int
	Body   string
	Header map[string]string
	// Error makes an OCP failure envelope: {"code": Code, "message": Message}.
	Code    any
	Message string
	// CloseAfter sends this many bytes of the normal answer, then drops the
	// connection.
	CloseAfter int
}

// Error is the failure envelope OCP sends for status with OCP's code and message.
func Error(status int, code any, message string) Fault {
	return Fault{Status: status, Code: code, Message: message}
}

// Server is a running fake OCP.
type Server struct {
	*httptest.Server
	creds Credentials
	now   func() time.Time

	mu       sync.Mutex
	clusters map[int64]json.RawMessage
	faults   map[int64][]Fault
	latency  time.Duration

	requests    atomic.Int64
	inFlight    atomic.Int64
	peak        atomic.Int64
	connections atomic.Int64
	overviews   sync.Map // cluster id -> *atomic.Int64 of requests served
	userAgent   atomic.Value

	backup backupState // backup strategies and OCP tasks: backup_strategy.go, tasks.go
}

// Option changes a server before it starts.
type Option func(*Server)

// WithCredentials replaces DefaultCredentials.
func WithCredentials(c Credentials) Option { return func(s *Server) { s.creds = c } }

// WithClock replaces the server's clock, for signed-Date checks.
func WithClock(now func() time.Time) Option { return func(s *Server) { s.now = now } }

// WithLatency delays every answer, as a distant server would.
func WithLatency(d time.Duration) Option { return func(s *Server) { s.latency = d } }

// New starts a plain-HTTP server on loopback, loaded with Fixtures.
func New(opts ...Option) *Server {
	s := build(opts)
	s.Start()
	return s
}

// NewTLS starts a server with a self-signed certificate; CACertPEM returns it.
func NewTLS(opts ...Option) *Server {
	s := build(opts)
	s.StartTLS()
	return s
}

// NewUnstarted builds a server that Start or StartTLS starts, for a caller
// that must choose the listener (the demo binary).
func NewUnstarted(opts ...Option) *Server { return build(opts) }

func build(opts []Option) *Server {
	s := &Server{
		creds:    DefaultCredentials,
		now:      time.Now,
		clusters: map[int64]json.RawMessage{},
		faults:   map[int64][]Fault{},
	}
	for id, data := range Fixtures() {
		s.clusters[id] = json.RawMessage(data)
	}
	for _, o := range opts {
		o(s)
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v2/ob/clusters/{id}/backup/overview", s.serveOverview)
	mux.HandleFunc("GET /api/v2/ob/clusters", s.serveClusterList)
	s.routeBackupStrategies(mux)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.writeError(w, http.StatusNotFound, "COM10001", "no such API: "+r.URL.Path)
	})
	s.Server = httptest.NewUnstartedServer(s.measure(s.authenticate(mux)))
	s.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			s.connections.Add(1)
		}
	}
	return s
}

// CACertPEM is the certificate of a TLS server, in PEM.
func (s *Server) CACertPEM() string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.Certificate().Raw}))
}

// SetCluster serves data (the overview JSON, as OCP would send it) for id.
func (s *Server) SetCluster(id int64, data string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clusters[id] = json.RawMessage(data)
}

// RemoveAllClusters empties the server, for tests that build their own fleet.
func (s *Server) RemoveAllClusters() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clusters = map[int64]json.RawMessage{}
}

// Inject queues faults for cluster id (or ListingKey), served in order
// before normal answers resume.
func (s *Server) Inject(id int64, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults[id] = append(s.faults[id], faults...)
}

// SetLatency delays every later answer by d.
func (s *Server) SetLatency(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.latency = d
}

// Stats are counters since the server started or since ResetStats.
type Stats struct {
	Requests     int64
	PeakInFlight int64
	Connections  int64
}

// Stats reads the counters.
func (s *Server) Stats() Stats {
	return Stats{Requests: s.requests.Load(), PeakInFlight: s.peak.Load(), Connections: s.connections.Load()}
}

// ResetStats zeroes the counters.
func (s *Server) ResetStats() {
	s.requests.Store(0)
	s.peak.Store(0)
	s.connections.Store(0)
	s.overviews.Clear()
}

// LastUserAgent is the User-Agent of the latest request.
func (s *Server) LastUserAgent() string {
	ua, _ := s.userAgent.Load().(string)
	return ua
}

// OverviewRequests is how many overview requests reached cluster id.
func (s *Server) OverviewRequests(id int64) int64 {
	if n, ok := s.overviews.Load(id); ok {
		return n.(*atomic.Int64).Load()
	}
	return 0
}

func (s *Server) measure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		s.userAgent.Store(r.UserAgent())
		n := s.inFlight.Add(1)
		defer s.inFlight.Add(-1)
		for {
			peak := s.peak.Load()
			if n <= peak || s.peak.CompareAndSwap(peak, n) {
				break
			}
		}
		s.mu.Lock()
		latency := s.latency
		s.mu.Unlock()
		if latency > 0 {
			select {
			case <-time.After(latency):
			case <-r.Context().Done():
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) authenticate(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if reason := s.checkCredentials(r); reason != "" {
			s.writeError(w, http.StatusUnauthorized, "IAM10000", reason)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) checkCredentials(r *http.Request) string {
	auth := r.Header.Get("Authorization")
	scheme, credential, _ := strings.Cut(auth, " ")
	switch scheme {
	case "":
		return "not logged on: the request has no credentials"
	case "Basic":
		user, pass, ok := r.BasicAuth()
		if !ok || s.creds.Username == "" || user != s.creds.Username || pass != s.creds.Password {
			return "not logged on: wrong user name or password"
		}
		return ""
	case "OCP-ACCESS-KEY-HMACSHA1":
		return s.checkSignature(r, credential)
	default:
		return fmt.Sprintf("not logged on: unsupported authorization scheme %q", scheme)
	}
}

func (s *Server) checkSignature(r *http.Request, credential string) string {
	ak, signature, ok := strings.Cut(credential, ":")
	if !ok || s.creds.AccessKeyID == "" || ak != s.creds.AccessKeyID {
		return "not logged on: unknown access key"
	}
	date, err := http.ParseTime(r.Header.Get("Date"))
	if err != nil {
		return "not logged on: the Date header is missing or not an RFC 1123 date"
	}
	if skew := s.now().Sub(date); skew > MaxClockSkew || skew < -MaxClockSkew {
		return fmt.Sprintf("not logged on: the request Date %s is more than 15 minutes from the server's time", r.Header.Get("Date"))
	}
	if want := ExpectedSignature(s.creds.AccessSecret, r, peekBody(r)); signature != want {
		return "not logged on: the signature does not match"
	}
	return ""
}

func (s *Server) nextFault(id int64) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	queue := s.faults[id]
	if len(queue) == 0 {
		return Fault{}, false
	}
	f := queue[0]
	switch {
	case f.Times < 0:
	case f.Times <= 1:
		s.faults[id] = queue[1:]
	default:
		queue[0].Times--
	}
	return f, true
}

// serveFault answers with f; normal builds the answer the server would give
// without a fault, for a fault that only delays it or drops it midway.
func (s *Server) serveFault(w http.ResponseWriter, r *http.Request, f Fault, normal func() []byte) {
	if f.Delay > 0 {
		select {
		case <-time.After(f.Delay):
		case <-r.Context().Done():
			return
		}
	}
	for k, v := range f.Header {
		w.Header().Set(k, v)
	}
	switch {
	case f.CloseAfter > 0:
		body := normal()
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		w.Write(body[:min(f.CloseAfter, len(body))])
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler)
	case f.Body != "":
		if w.Header().Get("Content-Type") == "" {
			w.Header().Set("Content-Type", "application/json")
		}
		w.WriteHeader(max(f.Status, http.StatusOK))
		w.Write([]byte(f.Body))
	case f.Status != 0:
		s.writeError(w, f.Status, f.Code, f.Message)
	default:
		s.writeBody(w, normal())
	}
}

func (s *Server) serveOverview(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.writeError(w, http.StatusBadRequest, "COM10002", "invalid cluster id: "+r.PathValue("id"))
		return
	}
	counter, _ := s.overviews.LoadOrStore(id, new(atomic.Int64))
	counter.(*atomic.Int64).Add(1)
	normal := func() []byte {
		s.mu.Lock()
		data, ok := s.clusters[id]
		s.mu.Unlock()
		if !ok {
			return nil
		}
		return s.envelope(s.overviewWithStrategy(id, data))
	}
	if f, ok := s.nextFault(id); ok {
		s.serveFault(w, r, f, normal)
		return
	}
	body := normal()
	if body == nil {
		s.writeError(w, http.StatusNotFound, "OBE11001", fmt.Sprintf("The specified cluster with the ID of %d does not exist.", id))
		return
	}
	s.writeBody(w, body)
}

func (s *Server) serveClusterList(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	page, size := 1, 10
	var err error
	if v := q.Get("page"); v != "" {
		if page, err = strconv.Atoi(v); err != nil || page < 1 {
			s.writeError(w, http.StatusBadRequest, "COM10002", "page must be a whole number from 1")
			return
		}
	}
	if v := q.Get("size"); v != "" {
		if size, err = strconv.Atoi(v); err != nil || size < 1 || size > 2000 {
			s.writeError(w, http.StatusBadRequest, "COM10002", "size must be a whole number from 1 to 2000")
			return
		}
	}
	var statuses []string
	for _, v := range q["status"] {
		statuses = append(statuses, strings.Split(v, ",")...)
	}
	name := q.Get("name")

	normal := func() []byte {
		items := s.listItems(name, statuses)
		total := len(items)
		from := min((page-1)*size, total)
		to := min(from+size, total)
		data, _ := json.Marshal(map[string]any{
			"contents": items[from:to],
			"page": map[string]int{
				"number": page, "size": size, "totalElements": total,
				"totalPages": (total + size - 1) / size,
			},
		})
		return s.envelope(data)
	}
	if f, ok := s.nextFault(ListingKey); ok {
		s.serveFault(w, r, f, normal)
		return
	}
	s.writeBody(w, normal())
}

// listItems derives OCP's cluster list items from the overview fixtures.
func (s *Server) listItems(name string, statuses []string) []map[string]any {
	s.mu.Lock()
	ids := slices.Sorted(maps.Keys(s.clusters))
	fixtures := maps.Clone(s.clusters)
	s.mu.Unlock()
	items := make([]map[string]any, 0, len(ids))
	for _, id := range ids {
		var ov map[string]any
		_ = json.Unmarshal(fixtures[id], &ov)
		item := map[string]any{
			"id": id, "name": ov["clusterName"], "obClusterId": ov["obClusterId"],
			"obVersion": ov["obVersion"], "type": ov["obClusterType"], "status": ov["obClusterStatus"],
		}
		clusterName, _ := ov["clusterName"].(string)
		status, _ := ov["obClusterStatus"].(string)
		if name != "" && !strings.Contains(strings.ToLower(clusterName), strings.ToLower(name)) {
			continue
		}
		if len(statuses) > 0 && !slices.Contains(statuses, status) {
			continue
		}
		items = append(items, item)
	}
	return items
}

func (s *Server) envelope(data json.RawMessage) []byte {
	body, _ := json.Marshal(map[string]any{
		"data": data, "successful": true, "status": 200,
		"timestamp": s.now().Format("2006-01-02T15:04:05.000-07:00"),
		"duration":  1, "traceId": traceID(), "server": "ocptest",
	})
	return body
}

func (s *Server) writeBody(w http.ResponseWriter, body []byte) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(body)
}

func (s *Server) writeError(w http.ResponseWriter, status int, code any, message string) {
	if message == "" {
		message = http.StatusText(status)
	}
	if code == nil {
		code = 0
	}
	body, _ := json.Marshal(map[string]any{
		"successful": false, "status": status,
		"error":     map[string]any{"code": code, "message": message},
		"timestamp": s.now().Format("2006-01-02T15:04:05.000-07:00"),
		"duration":  0, "traceId": traceID(), "server": "ocptest",
	})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	w.Write(body)
}

func traceID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
