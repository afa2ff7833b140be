{{/* The chart's name, or nameOverride. */}}
{{- define "orgo.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* The release's full name: fullnameOverride, else <release>-<chart> (just <release> when it contains the chart's name). */}}
{{- define "orgo.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- $name := default .Chart.Name .Values.nameOverride -}}
{{- if contains $name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* A service's resources: <fullname>-<service>. Call with (dict "root" $ "service" $name). */}}
{{- define "orgo.serviceName" -}}
{{- printf "%s-%s" (include "orgo.fullname" .root) .service | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/* What selects the release's pods. */}}
{{- define "orgo.selectorLabels" -}}
app.kubernetes.io/name: {{ include "orgo.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* Labels on every object. */}}
{{- define "orgo.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "orgo.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: orgo
{{- end -}}

{{/* What selects one service's pods. Call with (dict "root" $ "service" $name). */}}
{{- define "orgo.serviceSelectorLabels" -}}
{{ include "orgo.selectorLabels" .root }}
app.kubernetes.io/component: {{ .service }}
{{- end -}}

{{- define "orgo.serviceLabels" -}}
{{ include "orgo.labels" .root }}
app.kubernetes.io/component: {{ .service }}
{{- end -}}

{{- define "orgo.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "orgo.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The Secret the services read their credentials from. */}}
{{- define "orgo.secretName" -}}
{{- default (printf "%s-credentials" (include "orgo.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{- define "orgo.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{/*
The durable RabbitMQ queue a service consumes (libs/contracts QUEUES, persisted names: the test checks
them), prefixed by the namespace; empty for the gateways, which consume none.
*/}}
{{- define "orgo.queue" -}}
{{- $queues := dict "parser" "orgo.parser" "rule-engine" "orgo.rule-engine" "task-service" "orgo.task-service" "escalation-scheduler" "orgo.escalation-scheduler" "notifier" "orgo.notifier" "audit-log" "orgo.audit-log" -}}
{{- with get $queues .service -}}
{{- if $.root.Values.orgo.rabbitmqNamespace -}}{{ printf "%s.%s" $.root.Values.orgo.rabbitmqNamespace . }}{{- else -}}{{ . }}{{- end -}}
{{- end -}}
{{- end -}}

{{/* The configuration files: path under config/ → content (files/config/, then config.files). */}}
{{- define "orgo.configFiles" -}}
{{- $files := dict -}}
{{- if .Values.config.bundled -}}
{{- range $path, $_ := .Files.Glob "files/config/**" -}}
{{- $_ := set $files (trimPrefix "files/config/" $path) ($.Files.Get $path) -}}
{{- end -}}
{{- end -}}
{{- range $path, $content := .Values.config.files -}}
{{- $_ := set $files $path $content -}}
{{- end -}}
{{- toJson $files -}}
{{- end -}}

{{/* A ConfigMap key for a config path (keys cannot hold "/"). */}}
{{- define "orgo.configKey" -}}
{{- . | replace "/" "__" -}}
{{- end -}}

{{/* Hook annotations for what the migration Job needs before a release's regular objects exist. */}}
{{- define "orgo.preInstallHook" -}}
{{- if .Values.migration.enabled -}}
helm.sh/hook: pre-install,pre-upgrade
helm.sh/hook-weight: "-10"
helm.sh/hook-delete-policy: before-hook-creation
{{- end -}}
{{- end -}}

{{/* Environment of every Orgo container (beside the Secret's, through envFrom). Call with (dict "root" $ "service" $name "settings" $svc). */}}
{{- define "orgo.env" -}}
{{- $v := .root.Values.orgo -}}
- name: ORGO_ENV
  value: {{ $v.environment | quote }}
- name: ORGO_BASE__LOG_LEVEL
  value: {{ $v.logLevel | quote }}
{{- with $v.rabbitmqNamespace }}
- name: ORGO_RABBITMQ__NAMESPACE
  value: {{ . | quote }}
{{- end }}
{{- with $v.postgresSchemaPrefix }}
- name: ORGO_POSTGRES__SCHEMA_PREFIX
  value: {{ . | quote }}
{{- end }}
{{- with $v.redisNamespace }}
- name: ORGO_REDIS__NAMESPACE
  value: {{ . | quote }}
{{- end }}
{{- with .settings.poolSize }}
- name: ORGO_POSTGRES__POOL_SIZE
  value: {{ . | quote }}
{{- end }}
{{- range $name, $value := merge (deepCopy (.settings.env | default dict)) $v.env }}
- name: {{ $name }}
  value: {{ $value | toString | quote }}
{{- end }}
{{- end -}}

{{/* The configuration ConfigMap, home and /tmp volumes. */}}
{{- define "orgo.volumes" -}}
- name: config
  configMap:
    name: {{ include "orgo.fullname" . }}-config
    items:
    {{- range $path, $_ := include "orgo.configFiles" . | fromJson }}
      - key: {{ include "orgo.configKey" $path }}
        path: {{ $path }}
    {{- end }}
- name: home
  emptyDir:
    sizeLimit: {{ .Values.orgo.homeSizeLimit }}
- name: tmp
  emptyDir:
    sizeLimit: 64Mi
{{- end -}}

{{- define "orgo.volumeMounts" -}}
- name: config
  mountPath: {{ .Values.orgo.configDir }}
  readOnly: true
- name: home
  mountPath: {{ .Values.orgo.homeDir }}
- name: tmp
  mountPath: /tmp
{{- end -}}
