package policy

import (
	"fmt"
	"strings"

	monitoringv1 "github.com/prometheus-operator/prometheus-operator/pkg/apis/monitoring/v1"
	appsv1 "k8s.io/api/apps/v1"
	autoscalingv2 "k8s.io/api/autoscaling/v2"
	corev1 "k8s.io/api/core/v1"
	policyv1 "k8s.io/api/policy/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"sigs.k8s.io/yaml"
)

// ShutdownBudget is the longest the generated service takes to stop: its
// fx stop timeout (httpserver.StopTimeout), which holds SHUTDOWN_DELAY +
// SHUTDOWN_TIMEOUT and the flush of traces and logs.
// terminationGracePeriodSeconds must exceed it.
const ShutdownBudget = 20

// Port names the generated manifests use.
const (
	httpPortName  = "http"
	adminPortName = "admin"
)

// CheckK8s strictly decodes every document of a Kubernetes manifest into its
// k8s.io/api type (unknown or duplicate fields are findings) and checks the
// conventions: hardened securityContext, /healthz and /readyz probes on the
// http port, resource requests and a memory limit, GOMEMLIMIT below that
// limit, a grace period longer than the shutdown budget, no service account
// token, and Services that expose only the http port (never admin).
func CheckK8s(path string, data []byte) []Finding {
	fs := &findings{path: path}
	for _, d := range splitDocs(string(data)) {
		checkK8sDoc(fs, d)
	}
	return fs.sorted()
}

type yamlDoc struct {
	line int // first line of the document
	text string
}

func checkK8sDoc(fs *findings, d yamlDoc) {
	var tm metav1.TypeMeta
	if err := yaml.Unmarshal([]byte(d.text), &tm); err != nil {
		fs.addf(d.line, RuleSyntax, "invalid YAML: %v", err)
		return
	}
	gvk := tm.APIVersion + "/" + tm.Kind
	var obj any
	switch gvk {
	case "apps/v1/Deployment":
		obj = &appsv1.Deployment{}
	case "v1/Service":
		obj = &corev1.Service{}
	case "v1/ServiceAccount":
		obj = &corev1.ServiceAccount{}
	case "autoscaling/v2/HorizontalPodAutoscaler":
		obj = &autoscalingv2.HorizontalPodAutoscaler{}
	case "policy/v1/PodDisruptionBudget":
		obj = &policyv1.PodDisruptionBudget{}
	case "monitoring.coreos.com/v1/PodMonitor":
		obj = &monitoringv1.PodMonitor{}
	case "monitoring.coreos.com/v1/PrometheusRule":
		obj = &monitoringv1.PrometheusRule{}
	default:
		fs.addf(d.line, RuleKind, "unsupported apiVersion/kind %q", gvk)
		return
	}
	if err := yaml.UnmarshalStrict([]byte(d.text), obj); err != nil {
		fs.addf(d.line, RuleSyntax, "%s does not decode strictly: %v", tm.Kind, err)
		return
	}
	switch o := obj.(type) {
	case *appsv1.Deployment:
		checkPodSpec(fs, d.line, &o.Spec.Template.Spec)
	case *corev1.Service:
		checkService(fs, d.line, o)
	case *monitoringv1.PodMonitor:
		checkPodMonitor(fs, d.line, o)
	case *corev1.ServiceAccount:
		if o.AutomountServiceAccountToken == nil || *o.AutomountServiceAccountToken {
			fs.addf(d.line, RuleSAToken, "ServiceAccount %s: set automountServiceAccountToken: false", o.Name)
		}
	}
}

func checkPodSpec(fs *findings, line int, ps *corev1.PodSpec) {
	if ps.AutomountServiceAccountToken == nil || *ps.AutomountServiceAccountToken {
		fs.addf(line, RuleSAToken, "pod spec: set automountServiceAccountToken: false")
	}
	if g := ps.TerminationGracePeriodSeconds; g == nil || *g <= ShutdownBudget {
		fs.addf(line, RuleGracePeriod, "terminationGracePeriodSeconds must exceed the %ds shutdown budget (use 30)", ShutdownBudget)
	}
	for i := range ps.Containers {
		c := &ps.Containers[i]
		checkSecurity(fs, line, ps.SecurityContext, c)
		checkProbes(fs, line, c)
		checkResources(fs, line, c)
	}
}

func checkSecurity(fs *findings, line int, pod *corev1.PodSecurityContext, c *corev1.Container) {
	sc := c.SecurityContext
	if sc == nil {
		sc = &corev1.SecurityContext{}
	}
	nonRoot := sc.RunAsNonRoot
	seccomp := sc.SeccompProfile
	if pod != nil {
		if nonRoot == nil {
			nonRoot = pod.RunAsNonRoot
		}
		if seccomp == nil {
			seccomp = pod.SeccompProfile
		}
	}
	fail := func(what string) {
		fs.addf(line, RuleSecurityCtx, "container %s: %s", c.Name, what)
	}
	if nonRoot == nil || !*nonRoot {
		fail("set runAsNonRoot: true")
	}
	if sc.ReadOnlyRootFilesystem == nil || !*sc.ReadOnlyRootFilesystem {
		fail("set readOnlyRootFilesystem: true")
	}
	if sc.AllowPrivilegeEscalation == nil || *sc.AllowPrivilegeEscalation {
		fail("set allowPrivilegeEscalation: false")
	}
	if sc.Capabilities == nil || !dropsAll(sc.Capabilities.Drop) {
		fail("drop all capabilities (capabilities.drop: [ALL])")
	}
	if seccomp == nil || seccomp.Type != corev1.SeccompProfileTypeRuntimeDefault {
		fail("set seccompProfile.type: RuntimeDefault")
	}
}

func dropsAll(caps []corev1.Capability) bool {
	for _, c := range caps {
		if strings.EqualFold(string(c), "ALL") {
			return true
		}
	}
	return false
}

func checkProbes(fs *findings, line int, c *corev1.Container) {
	probes := []struct {
		kind, path string
		probe      *corev1.Probe
	}{
		{"livenessProbe", "/healthz", c.LivenessProbe},
		{"readinessProbe", "/readyz", c.ReadinessProbe},
	}
	for _, p := range probes {
		if msg := probeProblem(p.probe, p.path, c); msg != "" {
			fs.addf(line, RuleProbes, "container %s: %s %s", c.Name, p.kind, msg)
		}
	}
}

func probeProblem(p *corev1.Probe, path string, c *corev1.Container) string {
	if p == nil || p.HTTPGet == nil {
		return "must be an httpGet probe of " + path
	}
	if p.HTTPGet.Path != path {
		return fmt.Sprintf("path is %q, want %q", p.HTTPGet.Path, path)
	}
	port := p.HTTPGet.Port
	if port.String() == httpPortName {
		return ""
	}
	for _, cp := range c.Ports {
		if cp.Name == httpPortName && port.IntValue() == int(cp.ContainerPort) {
			return ""
		}
	}
	return fmt.Sprintf("must target the %q port, not %s", httpPortName, port.String())
}

func checkResources(fs *findings, line int, c *corev1.Container) {
	req, lim := c.Resources.Requests, c.Resources.Limits
	for _, missing := range []struct {
		ok   bool
		what string
	}{
		{!req.Cpu().IsZero(), "requests.cpu"},
		{!req.Memory().IsZero(), "requests.memory"},
		{!lim.Memory().IsZero(), "limits.memory"},
	} {
		if !missing.ok {
			fs.addf(line, RuleResources, "container %s: set resources.%s", c.Name, missing.what)
		}
	}
	checkGoMemLimit(fs, line, c)
}

func checkService(fs *findings, line int, s *corev1.Service) {
	for _, p := range s.Spec.Ports {
		switch {
		case p.Name == adminPortName || p.TargetPort.String() == adminPortName:
			fs.addf(line, RuleAdminPort, "Service %s exposes the admin port (metrics, pprof); expose only %q", s.Name, httpPortName)
		case p.TargetPort.String() != httpPortName:
			fs.addf(line, RuleAdminPort, "Service %s port %d: targetPort must be the named port %q, got %q", s.Name, p.Port, httpPortName, p.TargetPort.String())
		}
	}
}

// splitDocs splits a multi-document YAML stream on "---" lines.
func splitDocs(src string) []yamlDoc {
	var docs []yamlDoc
	cur, start := []string{}, 1
	flush := func() {
		text := strings.Join(cur, "\n")
		if hasContent(cur) {
			docs = append(docs, yamlDoc{line: start, text: text})
		}
	}
	for i, l := range strings.Split(src, "\n") {
		if strings.HasPrefix(l, "---") && strings.TrimSpace(strings.TrimPrefix(l, "---")) == "" {
			flush()
			cur, start = nil, i+2
			continue
		}
		cur = append(cur, l)
	}
	flush()
	return docs
}

func hasContent(lines []string) bool {
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t != "" && !strings.HasPrefix(t, "#") {
			return true
		}
	}
	return false
}

// checkPodMonitor: the metrics are on the admin port, which the Service
// never exposes, so a PodMonitor (not a ServiceMonitor) must scrape it by
// name.
func checkPodMonitor(fs *findings, line int, pm *monitoringv1.PodMonitor) {
	eps := pm.Spec.PodMetricsEndpoints
	if len(eps) == 0 {
		fs.addf(line, RuleKind, "PodMonitor %s: add a podMetricsEndpoints entry for port %s", pm.Name, adminPortName)
	}
	for _, ep := range eps {
		if ep.Port == nil || *ep.Port != adminPortName || ep.Path != "/metrics" {
			fs.addf(line, RuleKind, "PodMonitor %s: scrape port %s at /metrics, where the service serves its metrics", pm.Name, adminPortName)
		}
	}
}
