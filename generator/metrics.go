package generator

import (
	"slices"
	"strings"
)

// metricKind decides which series names a family exposes.
type metricKind int

const (
	counterOrGauge metricKind = iota // the name itself
	histogram                        // name_bucket, name_sum, name_count
	summary                          // name (the quantiles), name_sum, name_count
)

// metricFamily is one metric a layer's templates register.
type metricFamily struct {
	name string // without the service's namespace for namespaced families
	kind metricKind
}

// layerMetrics are the metric families each layer's templates register on
// the service's registry, without the "<namespace>_" prefix: the metrics
// contract of the rules and dashboard svcgen generates, which `svcgen check`
// (rule metrics-contract) enforces and the e2e compares with the real
// /metrics of each preset. A template that adds, renames or drops a metric
// changes this table in the same commit; the e2e fails otherwise.
//
// Sources: base internal/httpserver/metrics.go and
// internal/telemetry/batchdrop.go; postgres internal/database/metrics.go
// (the pool collector) and module.go (the listener); httpclient
// internal/httpclient/metrics.go.
var layerMetrics = map[string][]metricFamily{
	baseLayer: {
		{"http_requests_total", counterOrGauge},
		{"http_request_duration_seconds", histogram},
		{"http_requests_in_flight", counterOrGauge},
		{"otel_spans_dropped_total", counterOrGauge},
	},
	"postgres": {
		{"db_pool_acquired_connections", counterOrGauge},
		{"db_pool_idle_connections", counterOrGauge},
		{"db_pool_connections", counterOrGauge},
		{"db_pool_max_connections", counterOrGauge},
		{"db_pool_constructing_connections", counterOrGauge},
		{"db_pool_acquires_total", counterOrGauge},
		{"db_pool_empty_acquires_total", counterOrGauge},
		{"db_pool_canceled_acquires_total", counterOrGauge},
		{"db_pool_acquire_wait_seconds_total", counterOrGauge},
		{"cache_listener_up", counterOrGauge},
		{"cache_listener_connections_total", counterOrGauge},
	},
	"httpclient": {
		{"http_client_attempts_total", counterOrGauge},
		{"http_client_retries_total", counterOrGauge},
		{"http_client_retries_skipped_total", counterOrGauge},
	},
}

// runtimeMetrics are the families every service exposes without a
// namespace: client_golang v1.25's Go collector (NewGoCollector's
// defaults) and process collector on Linux, and the promhttp handler's own
// counters (InstrumentMetricHandler in internal/httpserver/admin.go).
// TestRuntimeMetricFamilies gathers the same collectors and compares.
var runtimeMetrics = []metricFamily{
	{"go_gc_duration_seconds", summary},
	{"go_gc_gogc_percent", counterOrGauge},
	{"go_gc_gomemlimit_bytes", counterOrGauge},
	{"go_goroutines", counterOrGauge},
	{"go_info", counterOrGauge},
	{"go_memstats_alloc_bytes", counterOrGauge},
	{"go_memstats_alloc_bytes_total", counterOrGauge},
	{"go_memstats_buck_hash_sys_bytes", counterOrGauge},
	{"go_memstats_frees_total", counterOrGauge},
	{"go_memstats_gc_sys_bytes", counterOrGauge},
	{"go_memstats_heap_alloc_bytes", counterOrGauge},
	{"go_memstats_heap_idle_bytes", counterOrGauge},
	{"go_memstats_heap_inuse_bytes", counterOrGauge},
	{"go_memstats_heap_objects", counterOrGauge},
	{"go_memstats_heap_released_bytes", counterOrGauge},
	{"go_memstats_heap_sys_bytes", counterOrGauge},
	{"go_memstats_last_gc_time_seconds", counterOrGauge},
	{"go_memstats_mallocs_total", counterOrGauge},
	{"go_memstats_mcache_inuse_bytes", counterOrGauge},
	{"go_memstats_mcache_sys_bytes", counterOrGauge},
	{"go_memstats_mspan_inuse_bytes", counterOrGauge},
	{"go_memstats_mspan_sys_bytes", counterOrGauge},
	{"go_memstats_next_gc_bytes", counterOrGauge},
	{"go_memstats_other_sys_bytes", counterOrGauge},
	{"go_memstats_stack_inuse_bytes", counterOrGauge},
	{"go_memstats_stack_sys_bytes", counterOrGauge},
	{"go_memstats_sys_bytes", counterOrGauge},
	{"go_sched_gomaxprocs_threads", counterOrGauge},
	{"go_threads", counterOrGauge},
	{"process_cpu_seconds_total", counterOrGauge},
	{"process_max_fds", counterOrGauge},
	{"process_network_receive_bytes_total", counterOrGauge},
	{"process_network_transmit_bytes_total", counterOrGauge},
	{"process_open_fds", counterOrGauge},
	{"process_resident_memory_bytes", counterOrGauge},
	{"process_start_time_seconds", counterOrGauge},
	{"process_virtual_memory_bytes", counterOrGauge},
	{"process_virtual_memory_max_bytes", counterOrGauge},
	{"promhttp_metric_handler_requests_in_flight", counterOrGauge},
	{"promhttp_metric_handler_requests_total", counterOrGauge},
}

// MetricFamilies returns, sorted, every series name a service with these
// features exposes on /metrics, as PromQL selects them: a histogram's
// _bucket, _sum and _count, a summary's own name with _sum and _count.
// The service's own families carry "<namespace>_" (Data.Namespace: the
// name with "-" turned into "_"); the Go, process and promhttp families
// do not. Names exist from the first scrape, except children of a vector
// that nothing has counted yet (<ns>_http_requests_total before the first
// request, <ns>_otel_spans_dropped_total without trace export).
func MetricFamilies(features []string, namespace string) []string {
	var out []string
	for _, l := range metricLayers(features) {
		for _, f := range layerMetrics[l] {
			out = append(out, f.series(namespace+"_")...)
		}
	}
	for _, f := range runtimeMetrics {
		out = append(out, f.series("")...)
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// metricLayers returns the base layer and the layers of the features, as
// the plan chooses them (combined layers register no metrics).
func metricLayers(features []string) []string {
	layers := []string{baseLayer}
	for _, name := range features {
		if f, ok := featureByName(name); ok {
			layers = append(layers, f.Layers...)
		}
	}
	return layers
}

func (f metricFamily) series(prefix string) []string {
	name := prefix + f.name
	switch f.kind {
	case histogram:
		return []string{name + "_bucket", name + "_sum", name + "_count"}
	case summary:
		return []string{name, name + "_sum", name + "_count"}
	}
	return []string{name}
}

// MetricsNamespace is the Prometheus namespace of the service's own
// metrics (Data.Namespace): orders_api for orders-api.
func (a Answers) MetricsNamespace() string { return strings.ReplaceAll(a.Name, "-", "_") }
