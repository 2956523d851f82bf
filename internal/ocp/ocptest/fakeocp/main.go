// Command fakeocp runs the fake OCP server of package ocptest on loopback,
// for the offline demo and the benchmark script. It prints its URL and
// serves until interrupted.
package main

import (
	"context"
	"flag"
	"fmt"
	"log"
	"net"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/ocp-terraform/terraform-provider-ocp/internal/ocp/ocptest"
)

func main() {
	listen := flag.String("listen", "127.0.0.1:0", "loopback address to listen on")
	urlFile := flag.String("url-file", "", "write the server's URL to this file once it listens")
	latency := flag.Duration("latency", 0, "delay every answer by this much")
	fleet := flag.Int("fleet", 0, "serve this many generated clusters (ids from 10001) instead of the built-in ones, for benchmarks")
	statsFile := flag.String("stats-file", "", "on exit, write request statistics to this file")
	rateLimit := flag.String("rate-limit", "", "throttle each user to N requests per window, as N/window such as 50/5s")
	taskHistory := flag.Int("task-history", 0, "give each generated cluster this many data backup tasks, for benchmarks")
	maxPageSize := flag.Int("max-page-size", 0, "serve at most this many items per page of any list")
	flag.Parse()

	opts := []ocptest.Option{ocptest.WithLatency(*latency)}
	if *fleet > 0 {
		opts = append(opts, ocptest.WithClusters(ocptest.FleetIDs(*fleet)...))
	}
	if *taskHistory > 0 {
		opts = append(opts, ocptest.WithTaskHistory(*taskHistory))
	}
	if *maxPageSize > 0 {
		opts = append(opts, ocptest.WithMaxPageSize(*maxPageSize))
	}
	if *rateLimit != "" {
		n, window, err := parseRateLimit(*rateLimit)
		if err != nil {
			log.Fatal(err)
		}
		opts = append(opts, ocptest.WithRateLimit(n, window))
	}

	ln, err := (&net.ListenConfig{}).Listen(context.Background(), "tcp", *listen)
	if err != nil {
		log.Fatal(err)
	}
	if ip := ln.Addr().(*net.TCPAddr).IP; !ip.IsLoopback() {
		log.Fatalf("refusing to listen on %s: the fake OCP server serves loopback only", ip)
	}
	srv := ocptest.NewUnstarted(opts...)
	_ = srv.Listener.Close()
	srv.Listener = ln
	srv.Start()
	defer srv.Close()

	fmt.Println(srv.URL)
	if *urlFile != "" {
		if err := os.WriteFile(*urlFile, []byte(srv.URL+"\n"), 0o600); err != nil {
			log.Fatal(err)
		}
	}

	stop := make(chan os.Signal, 1)
	signal.Notify(stop, os.Interrupt, syscall.SIGTERM)
	<-stop
	if *statsFile != "" {
		s := srv.Stats()
		_ = os.WriteFile(*statsFile, fmt.Appendf(nil, "requests=%d peak_in_flight=%d connections=%d refused=%d span_ms=%.1f first_unix_ns=%d last_unix_ns=%d\n",
			s.Requests, s.PeakInFlight, s.Connections, srv.RateStats().Refused, float64(s.Span.Microseconds())/1000,
			s.First.UnixNano(), s.Last.UnixNano()), 0o600)
	}
}

func parseRateLimit(v string) (int, time.Duration, error) {
	count, window, ok := strings.Cut(v, "/")
	n, err := strconv.Atoi(count)
	d, derr := time.ParseDuration(window)
	if !ok || err != nil || derr != nil || n < 1 || d <= 0 {
		return 0, 0, fmt.Errorf("-rate-limit %q: want N/window, such as 50/5s", v)
	}
	return n, d, nil
}
