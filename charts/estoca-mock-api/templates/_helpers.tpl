{{/* Names, labels and shared snippets of the chart. */}}

{{- define "estoca.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "estoca.fullname" -}}
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

{{/* Common labels; call with (dict "ctx" $ "component" "api"). */}}
{{- define "estoca.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .ctx.Chart.Name .ctx.Chart.Version | replace "+" "_" }}
{{ include "estoca.selectorLabels" . }}
app.kubernetes.io/version: {{ .ctx.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
app.kubernetes.io/part-of: estoca-mock-api
{{- end -}}

{{- define "estoca.selectorLabels" -}}
app.kubernetes.io/name: {{ include "estoca.name" .ctx }}
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "estoca.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) -}}
{{- end -}}

{{- define "estoca.mockserverImage" -}}
{{- default (include "estoca.image" .) .Values.mockserver.image -}}
{{- end -}}

{{/* The Secret and key holding the database URL. */}}
{{- define "estoca.databaseSecret" -}}
{{- if .Values.postgresql.enabled -}}
{{- printf "%s-database" (include "estoca.fullname" .) -}}
{{- else -}}
{{- required "externalDatabase.existingSecret is required when postgresql.enabled is false" .Values.externalDatabase.existingSecret -}}
{{- end -}}
{{- end -}}

{{- define "estoca.databaseKey" -}}
{{- if .Values.postgresql.enabled -}}url{{- else -}}{{ .Values.externalDatabase.urlKey }}{{- end -}}
{{- end -}}

{{- define "estoca.databaseEnv" -}}
- name: DATABASE_URL
  valueFrom:
    secretKeyRef:
      name: {{ include "estoca.databaseSecret" . }}
      key: {{ include "estoca.databaseKey" . }}
{{- end -}}

{{- define "estoca.podSecurityContext" -}}
{{ toYaml .Values.podSecurityContext }}
{{- end -}}

{{- define "estoca.securityContext" -}}
{{ toYaml .Values.securityContext }}
{{- end -}}

{{- define "estoca.imagePullSecrets" -}}
{{- with .Values.imagePullSecrets }}
imagePullSecrets:
{{ toYaml . }}
{{- end }}
{{- end -}}

{{/* A generated secret value that survives upgrades: reuse the live one when it exists. */}}
{{- define "estoca.keepOrGenerate" -}}
{{- $existing := lookup "v1" "Secret" .namespace .name -}}
{{- if and $existing (index ($existing.data | default dict) .key) -}}
{{- index $existing.data .key | b64dec -}}
{{- else -}}
{{- randAlphaNum 40 -}}
{{- end -}}
{{- end -}}

{{/* Namespaces where groups live: the watched ones, or the release namespace when watching all. */}}
{{- define "estoca.groupNamespaces" -}}
{{- $namespaces := list .Release.Namespace -}}
{{- range .Values.operator.watchNamespaces -}}
{{- $namespaces = append $namespaces . -}}
{{- end -}}
{{- toJson (uniq $namespaces) -}}
{{- end -}}

{{/* What the operator does in the namespaces it watches (least privilege: no wildcards). */}}
{{- define "estoca.operatorRules" }}
- apiGroups: ["mock.estoca.io"]
  resources: ["mockgroups", "mockendpoints"]
  verbs: ["get", "list", "watch", "patch"]
- apiGroups: ["mock.estoca.io"]
  resources: ["mockgroups/status", "mockendpoints/status"]
  verbs: ["get", "patch"]
- apiGroups: ["apps"]
  resources: ["deployments"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
- apiGroups: [""]
  resources: ["services"]
  verbs: ["get", "list", "watch", "create", "patch", "delete"]
- apiGroups: ["", "events.k8s.io"]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}
