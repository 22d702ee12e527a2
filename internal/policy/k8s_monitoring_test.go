package policy

import (
	"strings"
	"testing"
)

// The operator objects of feature observability, as the k8s+observability
// layer renders them (shortened to one rule).
const goodMonitoring = `apiVersion: monitoring.coreos.com/v1
kind: PodMonitor
metadata:
  name: orders
  labels:
    app.kubernetes.io/name: orders
spec:
  selector:
    matchLabels:
      app.kubernetes.io/name: orders
  podMetricsEndpoints:
    - port: admin
      path: /metrics
      interval: 30s
---
apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: orders-slo
spec:
  groups:
    - name: orders-slo-absent
      rules:
        - alert: SLOMetricsAbsent
          expr: absent(orders_http_requests_in_flight)
          for: 10m
          labels:
            severity: page
          annotations:
            summary: 'orders exposes no metrics'
`

func TestCheckK8sMonitoringPasses(t *testing.T) {
	assertRules(t, CheckK8s("k8s.yaml", []byte(goodMonitoring)))
}

// TestCheckK8sMonitoringFails mutates one line of goodMonitoring per case.
func TestCheckK8sMonitoringFails(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     []string
	}{
		{"podmonitor typo is strict", "    - port: admin\n", "    - portt: admin\n", []string{RuleSyntax}},
		{"rule typo is strict", "        - alert: SLOMetricsAbsent\n", "        - alrt: SLOMetricsAbsent\n", []string{RuleSyntax}},
		{"scrapes the http port", "    - port: admin\n", "    - port: http\n", []string{RuleKind}},
		{"wrong path", "      path: /metrics\n", "      path: /prometheus\n", []string{RuleKind}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(goodMonitoring, tt.old) {
				t.Fatalf("fixture does not contain %q", tt.old)
			}
			src := strings.Replace(goodMonitoring, tt.old, tt.new, 1)
			assertRules(t, CheckK8s("k8s.yaml", []byte(src)), tt.want...)
		})
	}
}
