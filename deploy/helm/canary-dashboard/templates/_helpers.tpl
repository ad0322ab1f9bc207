{{/*
The chart's name, truncated to the 63 characters a DNS label allows.
*/}}
{{- define "canary-dashboard.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{/*
Fully qualified name of the release's objects: the release name when it already contains the
chart name, `<release>-<chart>` otherwise.
*/}}
{{- define "canary-dashboard.fullname" -}}
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

{{- define "canary-dashboard.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "canary-dashboard.selectorLabels" -}}
app.kubernetes.io/name: {{ include "canary-dashboard.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "canary-dashboard.labels" -}}
helm.sh/chart: {{ include "canary-dashboard.chart" . }}
{{ include "canary-dashboard.selectorLabels" . }}
app.kubernetes.io/version: {{ default .Chart.AppVersion .Values.image.tag | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end -}}

{{- define "canary-dashboard.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "canary-dashboard.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "canary-dashboard.claimName" -}}
{{- default (printf "%s-data" (include "canary-dashboard.fullname" .)) .Values.persistence.existingClaim -}}
{{- end -}}

{{/*
The RBAC rules, written once in files/rbac-rules.yaml (held equal to the adapter's
KubernetesAccess.Rules by a test). Every rule of `read`, plus every rule of `write` unless
readOnly. Both the ClusterRole and the per-namespace Roles render this and nothing else.
*/}}
{{- define "canary-dashboard.rbacRules" -}}
{{- $rules := .Files.Get "files/rbac-rules.yaml" | fromYaml -}}
{{- if or (not $rules.read) (not $rules.write) -}}
{{- fail "files/rbac-rules.yaml must hold the `read` and `write` rule lists" -}}
{{- end -}}
{{- $selected := $rules.read -}}
{{- if not .Values.readOnly -}}
{{- $selected = concat $rules.read $rules.write -}}
{{- end -}}
{{- toYaml $selected -}}
{{- end -}}
