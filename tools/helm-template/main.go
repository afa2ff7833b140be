// Command helm-template renders a Helm chart the way `helm template` does, for machines without
// Helm (see README.md). It uses Go's text/template with sprig and Helm's own engine functions, the
// same objects (.Values, .Release, .Chart, .Capabilities, .Files, .Template), the same file order,
// document splitting, kind order and "# Source:" output. What it leaves out: subcharts, .helmignore,
// --set, toToml, a cluster for lookup (it returns an empty map, as `helm template` does) and the
// values.schema.json check (scripts/render-chart.js and the chart's test run that with ajv).
//
//	helm-template [-f values.yaml]... [-n namespace] [--kube-version v1.30.0] [-a api/version]... NAME CHART_DIR
package main

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig"
	"sigs.k8s.io/yaml"
)

// chartMetadata is Chart.yaml with Helm's field names (.Chart.Name, .Chart.AppVersion, …).
type chartMetadata struct {
	APIVersion   string              `json:"apiVersion"`
	Name         string              `json:"name"`
	Version      string              `json:"version"`
	AppVersion   string              `json:"appVersion"`
	KubeVersion  string              `json:"kubeVersion"`
	Description  string              `json:"description"`
	Type         string              `json:"type"`
	Home         string              `json:"home"`
	Icon         string              `json:"icon"`
	Sources      []string            `json:"sources"`
	Keywords     []string            `json:"keywords"`
	Maintainers  []map[string]string `json:"maintainers"`
	Annotations  map[string]string   `json:"annotations"`
	Dependencies []interface{}       `json:"dependencies"`
	Deprecated   bool                `json:"deprecated"`
	IsRoot       bool                `json:"-"`
}

// files is .Files: every chart file outside templates/ and Chart.yaml, values.yaml, values.schema.json.
type files map[string][]byte

func (f files) GetBytes(name string) []byte { return f[name] }
func (f files) Get(name string) string      { return string(f[name]) }

// Glob matches like Helm's (gobwas/glob with '/' as separator): `*` stays in one folder, `**` crosses them.
func (f files) Glob(pattern string) files {
	re := regexp.QuoteMeta(pattern)
	re = strings.NewReplacer(`\*\*`, `.*`, `\*`, `[^/]*`, `\?`, `[^/]`).Replace(re)
	match := regexp.MustCompile("^" + re + "$")
	out := files{}
	for name, data := range f {
		if match.MatchString(name) {
			out[name] = data
		}
	}
	return out
}

// AsConfig and AsSecrets key each file by its base name, as Helm does.
func (f files) AsConfig() string  { return f.as(func(b []byte) string { return string(b) }) }
func (f files) AsSecrets() string { return f.as(base64.StdEncoding.EncodeToString) }
func (f files) as(encode func([]byte) string) string {
	m := map[string]string{}
	for name, data := range f {
		m[path.Base(name)] = encode(data)
	}
	return toYAML(m)
}

func (f files) Lines(name string) []string {
	if f[name] == nil {
		return []string{}
	}
	return strings.Split(string(f[name]), "\n")
}

// versions is .Capabilities.APIVersions: the built-in groups plus every -a flag.
type versions []string

func (v versions) Has(apiVersion string) bool {
	for _, x := range v {
		if x == apiVersion {
			return true
		}
	}
	return false
}

type repeated []string

func (r *repeated) String() string     { return strings.Join(*r, ",") }
func (r *repeated) Set(v string) error { *r = append(*r, v); return nil }

var builtinAPIVersions = []string{"v1", "apps/v1", "batch/v1", "autoscaling/v1", "autoscaling/v2", "policy/v1",
	"networking.k8s.io/v1", "rbac.authorization.k8s.io/v1", "storage.k8s.io/v1", "apiextensions.k8s.io/v1"}

// Helm's engine functions (pkg/engine/funcs.go); include, tpl, required and fail are bound in render.
func toYAML(v interface{}) string {
	data, err := yaml.Marshal(v)
	if err != nil {
		return "" // Helm swallows errors inside a template
	}
	return strings.TrimSuffix(string(data), "\n")
}

func toJSON(v interface{}) string {
	data, err := json.Marshal(v)
	if err != nil {
		return ""
	}
	return string(data)
}

func fromYAML(s string) map[string]interface{} {
	m := map[string]interface{}{}
	if err := yaml.Unmarshal([]byte(s), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

func fromJSON(s string) map[string]interface{} {
	m := map[string]interface{}{}
	if err := json.Unmarshal([]byte(s), &m); err != nil {
		m["Error"] = err.Error()
	}
	return m
}

func fromArray(unmarshal func([]byte, interface{}) error) func(string) []interface{} {
	return func(s string) []interface{} {
		a := []interface{}{}
		if err := unmarshal([]byte(s), &a); err != nil {
			a = []interface{}{err.Error()}
		}
		return a
	}
}

func funcMap() template.FuncMap {
	f := sprig.TxtFuncMap()
	delete(f, "env")
	delete(f, "expandenv")
	for name, fn := range map[string]interface{}{
		"toYaml": toYAML, "fromYaml": fromYAML, "fromYamlArray": fromArray(func(b []byte, v interface{}) error { return yaml.Unmarshal(b, v) }),
		"toJson": toJSON, "fromJson": fromJSON, "fromJsonArray": fromArray(json.Unmarshal),
		"lookup": func(string, string, string, string) (map[string]interface{}, error) {
			return map[string]interface{}{}, nil
		},
		"required": func(warn string, val interface{}) (interface{}, error) {
			if s, ok := val.(string); val == nil || ok && s == "" {
				return val, errors.New(warn)
			}
			return val, nil
		},
		"fail": func(msg string) (string, error) { return "", errors.New(msg) },
	} {
		f[name] = fn
	}
	return f
}

// bindIncludes gives t its own include and tpl, so that tpl text can include templates and define its own.
func bindIncludes(t *template.Template, depth map[string]int) {
	t.Funcs(template.FuncMap{
		"include": func(name string, data interface{}) (string, error) {
			if depth[name] > 1000 {
				return "", fmt.Errorf("rendering template has a nested reference name: %s", name)
			}
			depth[name]++
			defer func() { depth[name]-- }()
			var buf strings.Builder
			err := t.ExecuteTemplate(&buf, name, data)
			return buf.String(), err
		},
		"tpl": func(text string, vals interface{}) (string, error) {
			clone, err := t.Clone()
			if err != nil {
				return "", err
			}
			clone.Option("missingkey=zero")
			bindIncludes(clone, depth)
			if clone, err = clone.New(t.Name()).Parse(text); err != nil {
				return "", fmt.Errorf("cannot parse template %q: %w", text, err)
			}
			var buf strings.Builder
			if err := clone.Execute(&buf, vals); err != nil {
				return "", fmt.Errorf("error during tpl function execution for %q: %w", text, err)
			}
			return strings.ReplaceAll(buf.String(), "<no value>", ""), nil
		},
	})
}

// mergeMaps is `helm -f`: maps merge key by key, any other value replaces the one before.
func mergeMaps(a, b map[string]interface{}) map[string]interface{} {
	out := map[string]interface{}{}
	for k, v := range a {
		out[k] = v
	}
	for k, v := range b {
		if bm, ok := v.(map[string]interface{}); ok {
			if am, ok := out[k].(map[string]interface{}); ok {
				out[k] = mergeMaps(am, bm)
				continue
			}
		}
		out[k] = v
	}
	return out
}

// dropNulls removes the keys a values file set to null: in Helm that deletes a chart default.
func dropNulls(m map[string]interface{}) map[string]interface{} {
	for k, v := range m {
		if v == nil {
			delete(m, k)
		} else if sub, ok := v.(map[string]interface{}); ok {
			dropNulls(sub)
		}
	}
	return m
}

func readYAML(file string, into interface{}) error {
	data, err := os.ReadFile(file)
	if err == nil {
		err = yaml.Unmarshal(data, into)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	return nil
}

type manifest struct {
	source, content, kind string
	weight                int
}

var kindOrder = strings.Fields(`Namespace NetworkPolicy ResourceQuota LimitRange PodSecurityPolicy PodDisruptionBudget
	ServiceAccount Secret SecretList ConfigMap StorageClass PersistentVolume PersistentVolumeClaim CustomResourceDefinition
	ClusterRole ClusterRoleList ClusterRoleBinding ClusterRoleBindingList Role RoleList RoleBinding RoleBindingList Service
	DaemonSet Pod ReplicationController ReplicaSet Deployment HorizontalPodAutoscaler StatefulSet Job CronJob IngressClass
	Ingress APIService`)

func kindRank(kind string) int {
	for i, k := range kindOrder {
		if k == kind {
			return i
		}
	}
	return len(kindOrder) // unknown kinds (custom resources) come last
}

var separator = regexp.MustCompile(`(?:^|\s*\n)---\s*`)

func run(name, chartDir, namespace, kubeVersion string, valueFiles, apiVersions []string) (string, error) {
	var chart chartMetadata
	if err := readYAML(filepath.Join(chartDir, "Chart.yaml"), &chart); err != nil {
		return "", err
	}
	chart.IsRoot = true
	values := map[string]interface{}{}
	if err := readYAML(filepath.Join(chartDir, "values.yaml"), &values); err != nil && !os.IsNotExist(errors.Unwrap(err)) {
		return "", err
	}
	for _, file := range valueFiles {
		user := map[string]interface{}{}
		if err := readYAML(file, &user); err != nil {
			return "", err
		}
		values = mergeMaps(values, user)
	}
	chartFiles, sources := files{}, map[string]string{}
	err := filepath.Walk(chartDir, func(file string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(chartDir, file)
		rel = filepath.ToSlash(rel)
		data, err := os.ReadFile(file)
		switch {
		case err != nil:
			return err
		case strings.HasPrefix(rel, "templates/"):
			sources[path.Join(chart.Name, rel)] = string(data)
		case rel != "Chart.yaml" && rel != "values.yaml" && rel != "values.schema.json":
			chartFiles[rel] = data
		}
		return nil
	})
	if err != nil {
		return "", err
	}
	major, minor := "1", "30"
	if parts := strings.SplitN(strings.TrimPrefix(kubeVersion, "v"), ".", 3); len(parts) >= 2 {
		major, minor = parts[0], parts[1]
	}
	top := map[string]interface{}{
		"Values":  dropNulls(values),
		"Chart":   chart,
		"Files":   chartFiles,
		"Release": map[string]interface{}{"Name": name, "Namespace": namespace, "Service": "Helm", "IsInstall": true, "IsUpgrade": false, "Revision": 1},
		"Capabilities": map[string]interface{}{
			"KubeVersion": map[string]string{"Version": kubeVersion, "GitVersion": kubeVersion, "Major": major, "Minor": minor},
			"APIVersions": append(versions(builtinAPIVersions), apiVersions...),
		},
		"Subcharts": map[string]interface{}{},
	}

	// Parse every template into one set (deeper paths first, as Helm's sortTemplates), then run the
	// ones that are not partials (`_*`) in name order.
	names := make([]string, 0, len(sources))
	for n := range sources {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool {
		di, dj := strings.Count(names[i], "/"), strings.Count(names[j], "/")
		if di != dj {
			return di > dj
		}
		return names[i] > names[j]
	})
	t := template.New("gotpl").Option("missingkey=zero").Funcs(funcMap())
	bindIncludes(t, map[string]int{})
	for _, n := range names {
		if _, err := t.New(n).Parse(sources[n]); err != nil {
			return "", fmt.Errorf("parse error in %s: %w", n, err)
		}
	}
	sort.Strings(names)
	var generic, hooks []manifest
	for _, n := range names {
		if strings.HasPrefix(path.Base(n), "_") || strings.HasSuffix(n, "NOTES.txt") {
			continue
		}
		top["Template"] = map[string]string{"Name": n, "BasePath": path.Join(chart.Name, "templates")}
		var buf bytes.Buffer
		if err := t.ExecuteTemplate(&buf, n, top); err != nil {
			return "", fmt.Errorf("execution error in %s: %w", n, err)
		}
		for _, doc := range separator.Split(strings.TrimSpace(strings.ReplaceAll(buf.String(), "<no value>", "")), -1) {
			if doc = strings.TrimSpace(doc); doc == "" {
				continue
			}
			var head struct {
				Kind     string `json:"kind"`
				Metadata struct {
					Annotations map[string]string `json:"annotations"`
				} `json:"metadata"`
			}
			if err := yaml.Unmarshal([]byte(doc), &head); err != nil {
				return "", fmt.Errorf("YAML parse error on %s: %w", n, err)
			}
			m := manifest{source: n, content: doc, kind: head.Kind}
			if _, isHook := head.Metadata.Annotations["helm.sh/hook"]; isHook {
				fmt.Sscan(head.Metadata.Annotations["helm.sh/hook-weight"], &m.weight)
				hooks = append(hooks, m)
			} else {
				generic = append(generic, m)
			}
		}
	}
	sort.SliceStable(generic, func(i, j int) bool {
		a, b := generic[i], generic[j]
		if kindRank(a.kind) != kindRank(b.kind) {
			return kindRank(a.kind) < kindRank(b.kind)
		}
		if kindRank(a.kind) == len(kindOrder) && a.kind != b.kind {
			return a.kind < b.kind
		}
		return a.source < b.source
	})
	sort.SliceStable(hooks, func(i, j int) bool {
		if hooks[i].weight != hooks[j].weight {
			return hooks[i].weight < hooks[j].weight
		}
		return kindRank(hooks[i].kind) < kindRank(hooks[j].kind)
	})
	var out strings.Builder
	for _, m := range append(generic, hooks...) { // `helm template` prints the hooks after the rest
		fmt.Fprintf(&out, "---\n# Source: %s\n%s\n", m.source, m.content)
	}
	return out.String(), nil
}

func main() {
	var valueFiles, apiVersions repeated
	flag.Var(&valueFiles, "f", "a values file, merged over values.yaml (repeatable, in order)")
	flag.Var(&valueFiles, "values", "same as -f")
	flag.Var(&apiVersions, "a", "an API version for .Capabilities.APIVersions (repeatable)")
	namespace := flag.String("n", "default", "the release namespace")
	kubeVersion := flag.String("kube-version", "v1.30.0", "the Kubernetes version for .Capabilities.KubeVersion")
	flag.Parse()
	if flag.NArg() != 2 {
		fmt.Fprintln(os.Stderr, "usage: helm-template [-f values.yaml]... [-n namespace] [--kube-version v1.30.0] [-a api/version]... NAME CHART_DIR")
		os.Exit(2)
	}
	out, err := run(flag.Arg(0), flag.Arg(1), *namespace, *kubeVersion, valueFiles, apiVersions)
	if err != nil {
		fmt.Fprintln(os.Stderr, "Error:", err)
		os.Exit(1)
	}
	fmt.Print(out)
}
