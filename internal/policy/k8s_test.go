package policy

import (
	"strings"
	"testing"
)

const goodDeployment = `# comment before the first document
apiVersion: apps/v1
kind: Deployment
metadata:
  name: orders-api
spec:
  selector:
    matchLabels: {app: orders-api}
  template:
    metadata:
      labels: {app: orders-api}
    spec:
      automountServiceAccountToken: false
      terminationGracePeriodSeconds: 30
      securityContext:
        runAsNonRoot: true
        seccompProfile: {type: RuntimeDefault}
      containers:
        - name: orders-api
          image: ghcr.io/acme/orders-api:0.1.0
          ports:
            - {name: http, containerPort: 8080}
            - {name: admin, containerPort: 9090}
          env:
            - {name: GOMEMLIMIT, value: 230MiB}
          livenessProbe:
            httpGet: {path: /healthz, port: http}
          readinessProbe:
            httpGet: {path: /readyz, port: 8080}
          resources:
            requests: {cpu: 100m, memory: 128Mi}
            limits: {memory: 256Mi}
          securityContext:
            readOnlyRootFilesystem: true
            allowPrivilegeEscalation: false
            capabilities: {drop: [ALL]}
---
apiVersion: v1
kind: Service
metadata:
  name: orders-api
spec:
  selector: {app: orders-api}
  ports:
    - {name: http, port: 80, targetPort: http}
---
apiVersion: v1
kind: ServiceAccount
metadata:
  name: orders-api
automountServiceAccountToken: false
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: orders-api
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: orders-api}
  minReplicas: 2
  maxReplicas: 10
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata:
  name: orders-api
spec:
  maxUnavailable: 1
  selector:
    matchLabels: {app: orders-api}
`

func TestCheckK8sPasses(t *testing.T) {
	assertRules(t, CheckK8s("k8s.yaml", []byte(goodDeployment)))
}

func TestCheckK8sGoMemLimitFromResource(t *testing.T) {
	src := strings.Replace(goodDeployment, "{name: GOMEMLIMIT, value: 230MiB}",
		"{name: GOMEMLIMIT, valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: '1'}}}", 1)
	assertRules(t, CheckK8s("k8s.yaml", []byte(src)))
}

// TestCheckK8sFails mutates one line of goodDeployment per case.
func TestCheckK8sFails(t *testing.T) {
	tests := []struct {
		name     string
		old, new string
		want     []string
	}{
		{"typo field is strict", "      automountServiceAccountToken: false\n", "      automountServiceAcountToken: false\n", []string{RuleSyntax}},
		{"duplicate field", "      terminationGracePeriodSeconds: 30\n", "      terminationGracePeriodSeconds: 30\n      terminationGracePeriodSeconds: 31\n", []string{RuleSyntax}},
		{"pod token", "      automountServiceAccountToken: false\n", "", []string{RuleSAToken}},
		{"sa token", "\nautomountServiceAccountToken: false\n", "\nautomountServiceAccountToken: true\n", []string{RuleSAToken}},
		{"grace too short", "terminationGracePeriodSeconds: 30", "terminationGracePeriodSeconds: 15", []string{RuleGracePeriod}},
		{"grace unset", "      terminationGracePeriodSeconds: 30\n", "", []string{RuleGracePeriod}},
		{"run as root", "        runAsNonRoot: true\n", "", []string{RuleSecurityCtx}},
		{"writable root fs", "readOnlyRootFilesystem: true", "readOnlyRootFilesystem: false", []string{RuleSecurityCtx}},
		{"privilege escalation", "allowPrivilegeEscalation: false", "allowPrivilegeEscalation: true", []string{RuleSecurityCtx}},
		{"capabilities kept", "capabilities: {drop: [ALL]}", "capabilities: {drop: [NET_RAW]}", []string{RuleSecurityCtx}},
		{"seccomp unconfined", "{type: RuntimeDefault}", "{type: Unconfined}", []string{RuleSecurityCtx}},
		{"liveness path", "path: /healthz", "path: /health", []string{RuleProbes}},
		{"readiness on admin", "{path: /readyz, port: 8080}", "{path: /readyz, port: admin}", []string{RuleProbes}},
		{"readiness missing", "          readinessProbe:\n            httpGet: {path: /readyz, port: 8080}\n", "", []string{RuleProbes}},
		{"no memory limit", "limits: {memory: 256Mi}", "limits: {cpu: '1'}", []string{RuleResources}},
		{"no cpu request", "requests: {cpu: 100m, memory: 128Mi}", "requests: {memory: 128Mi}", []string{RuleResources}},
		{"gomemlimit missing", "            - {name: GOMEMLIMIT, value: 230MiB}\n", "            - {name: OTHER, value: x}\n", []string{RuleGoMemLimit}},
		{"gomemlimit above limit", "value: 230MiB", "value: 300MiB", []string{RuleGoMemLimit}},
		{"gomemlimit syntax", "value: 230MiB", "value: 230Mi", []string{RuleGoMemLimit}},
		{"service exposes admin", "{name: http, port: 80, targetPort: http}", "{name: http, port: 80, targetPort: http}\n    - {name: admin, port: 9090, targetPort: admin}", []string{RuleAdminPort}},
		{"service by number", "targetPort: http}", "targetPort: 9090}", []string{RuleAdminPort}},
		{"unsupported kind", "kind: PodDisruptionBudget", "kind: NetworkPolicy", []string{RuleKind}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !strings.Contains(goodDeployment, tt.old) {
				t.Fatalf("fixture does not contain %q", tt.old)
			}
			src := strings.Replace(goodDeployment, tt.old, tt.new, 1)
			assertRules(t, CheckK8s("k8s.yaml", []byte(src)), tt.want...)
		})
	}
}
