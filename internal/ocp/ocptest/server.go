// Package ocptest is a fake OCP server on real HTTP, for tests of every layer
// and for the offline demo. It checks credentials the way OCP does, serves
// fixtures, and injects faults per route and object.
//
// This file is the plumbing every API family shares: authentication, the
// signature check, faults, statistics, latency and the envelope. Each API
// family lives in its own file (overview.go, clusters.go, backup_tasks.go,
// ...) with its routes, its state and its fixtures, and registers itself in
// families.go; a paged list is a ListRoute (list.go).
package ocptest

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

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

// Route names one endpoint of the API, for faults and statistics. Each
// family file declares its own.
type Route string

// Fault replaces the server's normal answer for Times requests (1 when zero;
// negative for every request).
type Fault struct {
	Times int
	// Delay holds the answer back; the request's cancellation ends it early.
	Delay time.Duration
	// Status with Body is the answer as given. Status without Body is an
	// OCP failure envelope of Code and Message. A zero Status with no Body
	// serves the normal answer after Delay.
	Status int
	Body   string
	Header map[string]string
	// Code and Message fill the failure envelope: {"code": Code, "message": Message}.
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

// IDs are the ids in a request's path; zero where the route has none.
type IDs struct {
	Cluster, Tenant int64
}

// faultKey is where faults and counters are kept: a route and the id its
// path ends with (the tenant on tenant routes, the cluster on cluster
// routes, none on the cluster list).
type faultKey struct {
	route Route
	id    int64
}

// reply is a family's answer to one request, before faults.
type reply struct {
	status int
	body   []byte
}

// Server is a running fake OCP.
type Server struct {
	*httptest.Server
	creds       Credentials
	now         func() time.Time
	noTenantAPI bool
	clusterIDs  []int64 // set by WithClusters

	mu          sync.Mutex
	faults      map[faultKey][]Fault
	routeFaults map[Route][]Fault
	paging      map[Route]Paging
	maxPageSize int // WithMaxPageSize
	latency     time.Duration

	// Family state, each guarded by mu and owned by its family's file.
	overviews   map[int64]json.RawMessage      // overview.go (clusters.go lists them)
	listEdits   map[int64]map[string]any       // clusters.go
	lists       map[Route]map[int64][]fakeItem // list.go: items by list route and cluster
	tenants     map[int64][]int64              // list.go: the tenants each cluster's list items name
	taskHistory int                            // WithTaskHistory
	recovery    recoveryState                  // recovery.go

	requests    atomic.Int64
	inFlight    atomic.Int64
	peak        atomic.Int64
	connections atomic.Int64
	firstStart  atomic.Int64 // unix nanoseconds of the first request since ResetStats
	lastEnd     atomic.Int64 // unix nanoseconds of the latest answer's end
	perRoute    sync.Map     // faultKey -> *atomic.Int64 of requests served
	lastQuery   sync.Map     // Route -> url.Values of its latest request
	userAgent   atomic.Value
	rate        rateLimiter

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

// WithClusters serves exactly these clusters instead of every built-in
// fixture: built-in ids (such as DemoFleet) and generated ones (FleetIDs)
// alike. Each family serves its data for them.
func WithClusters(ids ...int64) Option {
	return func(s *Server) { s.clusterIDs = append([]int64{}, ids...) }
}

// WithoutTenantAPIs is an OCP older than 4.3: its tenant-level backup
// endpoints do not exist, and answer 404 with OCP's "no such API" code.
func WithoutTenantAPIs() Option { return func(s *Server) { s.noTenantAPI = true } }

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

// NoSuchAPICode is OCP's code for a path it does not serve.
const NoSuchAPICode = "COM10001"

func build(opts []Option) *Server {
	s := &Server{
		creds:       DefaultCredentials,
		now:         time.Now,
		faults:      map[faultKey][]Fault{},
		routeFaults: map[Route][]Fault{},
		paging:      map[Route]Paging{},
	}
	for _, o := range opts {
		o(s)
	}
	mux := http.NewServeMux()
	for _, routes := range families {
		routes(s, mux)
	}
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.writeReply(w, s.fail(http.StatusNotFound, NoSuchAPICode, "no such API: "+r.URL.Path))
	})
	s.Server = httptest.NewUnstartedServer(s.measure(s.authenticate(s.limitRate(mux))))
	s.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			s.connections.Add(1)
		}
	}
	return s
}

// handle registers one endpoint of a family. It parses the path's {id} and
// {tenantId}, counts the request, serves queued faults, and otherwise the
// family's answer. Tenant routes do not exist under WithoutTenantAPIs.
func (s *Server) handle(mux *http.ServeMux, pattern string, route Route, answer func(r *http.Request, ids IDs) reply) {
	tenantRoute := strings.Contains(pattern, "{tenantId}")
	if tenantRoute && s.noTenantAPI {
		return
	}
	mux.HandleFunc(pattern, func(w http.ResponseWriter, r *http.Request) {
		var ids IDs
		for name, dst := range map[string]*int64{"id": &ids.Cluster, "tenantId": &ids.Tenant} {
			text := r.PathValue(name)
			if text == "" {
				continue
			}
			n, err := strconv.ParseInt(text, 10, 64)
			if err != nil {
				s.writeReply(w, s.fail(http.StatusBadRequest, "COM10002", fmt.Sprintf("invalid %s: %s", name, text)))
				return
			}
			*dst = n
		}
		key := faultKey{route: route, id: ids.Cluster}
		if tenantRoute {
			key.id = ids.Tenant
		}
		counter, _ := s.perRoute.LoadOrStore(key, new(atomic.Int64))
		counter.(*atomic.Int64).Add(1)
		s.lastQuery.Store(route, r.URL.Query())
		normal := func() reply { return answer(r, ids) }
		if f, ok := s.nextFault(key); ok {
			s.serveFault(w, r, f, normal)
			return
		}
		s.writeReply(w, normal())
	})
}

// CACertPEM is the certificate of a TLS server, in PEM.
func (s *Server) CACertPEM() string {
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: s.Certificate().Raw}))
}

// Inject queues faults for requests of route about id (the cluster, or the
// tenant on tenant routes), served in order before normal answers resume.
func (s *Server) Inject(route Route, id int64, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	key := faultKey{route: route, id: id}
	s.faults[key] = append(s.faults[key], faults...)
}

// InjectRoute queues faults for any request of route, such as the cluster
// list, after those queued for its id.
func (s *Server) InjectRoute(route Route, faults ...Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.routeFaults[route] = append(s.routeFaults[route], faults...)
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
	// First is the first request's arrival and Last the end of the latest
	// answer; Span is between them: how long a client's reads took, as the
	// server saw them. A plan's time outside them is Terraform's and the
	// provider's own.
	First, Last time.Time
	Span        time.Duration
}

// Stats reads the counters.
func (s *Server) Stats() Stats {
	st := Stats{Requests: s.requests.Load(), PeakInFlight: s.peak.Load(), Connections: s.connections.Load()}
	if first, last := s.firstStart.Load(), s.lastEnd.Load(); first != 0 && last > first {
		st.First, st.Last = time.Unix(0, first), time.Unix(0, last)
		st.Span = time.Duration(last - first)
	}
	return st
}

// ResetStats zeroes the counters.
func (s *Server) ResetStats() {
	s.requests.Store(0)
	s.peak.Store(0)
	s.connections.Store(0)
	s.firstStart.Store(0)
	s.lastEnd.Store(0)
	s.perRoute.Clear()
}

// Requests is how many requests of route about id (as for Inject) reached
// the server, faults included.
func (s *Server) Requests(route Route, id int64) int64 {
	if n, ok := s.perRoute.Load(faultKey{route: route, id: id}); ok {
		return n.(*atomic.Int64).Load()
	}
	return 0
}

// LastQuery is the query of the latest request of route, nil before one.
func (s *Server) LastQuery(route Route) url.Values {
	q, _ := s.lastQuery.Load(route)
	v, _ := q.(url.Values)
	return v
}

// LastUserAgent is the User-Agent of the latest request.
func (s *Server) LastUserAgent() string {
	ua, _ := s.userAgent.Load().(string)
	return ua
}

func (s *Server) measure(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		s.firstStart.CompareAndSwap(0, time.Now().UnixNano())
		defer func() {
			end := time.Now().UnixNano()
			for {
				last := s.lastEnd.Load()
				if end <= last || s.lastEnd.CompareAndSwap(last, end) {
					break
				}
			}
		}()
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
			s.writeReply(w, s.fail(http.StatusUnauthorized, "IAM10000", reason))
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

// nextFault takes the next fault queued for key, or else for its route.
func (s *Server) nextFault(key faultKey) (Fault, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if f, ok := popFault(s.faults[key], func(rest []Fault) { s.faults[key] = rest }); ok {
		return f, true
	}
	return popFault(s.routeFaults[key.route], func(rest []Fault) { s.routeFaults[key.route] = rest })
}

func popFault(queue []Fault, keep func([]Fault)) (Fault, bool) {
	if len(queue) == 0 {
		return Fault{}, false
	}
	f := queue[0]
	switch {
	case f.Times < 0:
	case f.Times <= 1:
		keep(queue[1:])
	default:
		queue[0].Times--
	}
	return f, true
}

// serveFault answers with f; normal is the answer the server would give
// without a fault, for a fault that only delays it or drops it midway.
func (s *Server) serveFault(w http.ResponseWriter, r *http.Request, f Fault, normal func() reply) {
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
		body := normal().body
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
		s.writeReply(w, s.fail(f.Status, f.Code, f.Message))
	default:
		s.writeReply(w, normal())
	}
}

// ok is a successful envelope around data (raw JSON, or a value to
// marshal). Raw data goes in as it is, without a second pass over it.
func (s *Server) ok(data any) reply {
	raw, isRaw := data.(json.RawMessage)
	if !isRaw {
		raw, _ = json.Marshal(data)
	}
	body := make([]byte, 0, len(raw)+160)
	body = append(body, `{"data":`...)
	body = append(body, raw...)
	body = fmt.Appendf(body, `,"successful":true,"status":200,"timestamp":%q,"duration":1,"traceId":%q,"server":"ocptest"}`,
		s.now().Format("2006-01-02T15:04:05.000-07:00"), traceID())
	return reply{status: http.StatusOK, body: body}
}

// fail is OCP's failure envelope.
func (s *Server) fail(status int, code any, message string) reply {
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
	return reply{status: status, body: body}
}

func (s *Server) writeReply(w http.ResponseWriter, rep reply) {
	w.Header().Set("Content-Type", "application/json")
	if rep.status != 0 && rep.status != http.StatusOK {
		w.WriteHeader(rep.status)
	}
	w.Write(rep.body)
}

func traceID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
