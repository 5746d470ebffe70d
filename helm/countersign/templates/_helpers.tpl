{{/* The release's full name, used for the operator's own objects. */}}
{{- define "countersign.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "countersign.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{- define "countersign.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "countersign.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "countersign.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{/* The user name of the operator's ServiceAccount. */}}
{{- define "countersign.operatorUsername" -}}
{{- printf "system:serviceaccount:%s:%s" .Release.Namespace (include "countersign.serviceAccountName" .) -}}
{{- end -}}

{{/* The MCP front door's ServiceAccount (mcp.enabled) and its user name. */}}
{{- define "countersign.mcpServiceAccountName" -}}
{{- printf "%s-mcp" (include "countersign.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "countersign.mcpUsername" -}}
{{- printf "system:serviceaccount:%s:%s" .Release.Namespace (include "countersign.mcpServiceAccountName" .) -}}
{{- end -}}
