// Package conformance holds tests only: internal/promql's extractor against
// promql/parser v0.316.0 on every query svcgen renders, a fuzz target with
// the parser as oracle, and the runtime metric families of
// generator.MetricFamilies against client_golang's collectors.
package conformance
