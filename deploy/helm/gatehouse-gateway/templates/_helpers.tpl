{{/* Names and labels shared by every object of the chart. */}}

{{- define "gatehouse-gateway.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The release's full name: the release name alone when it already says the chart's name. */}}
{{- define "gatehouse-gateway.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "gatehouse-gateway.selectorLabels" -}}
app.kubernetes.io/name: {{ include "gatehouse-gateway.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "gatehouse-gateway.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "gatehouse-gateway.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: gateway
app.kubernetes.io/part-of: gatehouse
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{- define "gatehouse-gateway.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "gatehouse-gateway.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- required "serviceAccount.name: name the existing ServiceAccount to run as (serviceAccount.create is false)" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "gatehouse-gateway.image" -}}
{{- if .Values.image.digest }}
{{- printf "%s@%s" .Values.image.repository .Values.image.digest }}
{{- else }}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}
{{- end }}

{{/* Where the pod mounts what the config file points at. */}}
{{- define "gatehouse-gateway.configPath" -}}/etc/gatehouse/config.yaml{{- end }}
{{- define "gatehouse-gateway.orgDir" -}}/etc/gatehouse/org{{- end }}
{{- define "gatehouse-gateway.tlsDir" -}}/etc/gatehouse/tls{{- end }}
{{- define "gatehouse-gateway.oidcCaDir" -}}/etc/gatehouse/oidc-ca{{- end }}
{{- define "gatehouse-gateway.leasedDir" -}}/etc/gatehouse/leased{{- end }}

{{/* The org's ConfigMap: the chart's own (org.inline) or an existing one; exactly one of the two. */}}
{{- define "gatehouse-gateway.orgConfigMap" -}}
{{- if and .Values.org.inline .Values.org.existingConfigMap }}
{{- fail "org: set org.inline or org.existingConfigMap, not both" }}
{{- else if .Values.org.inline }}
{{- printf "%s-org" (include "gatehouse-gateway.fullname" .) }}
{{- else }}
{{- required "org: set org.inline (the org file's YAML) or org.existingConfigMap (a ConfigMap holding it under org.key)" .Values.org.existingConfigMap }}
{{- end }}
{{- end }}

{{/*
The gateway's config file (`gatehouse gateway --config`), as YAML. Absolute paths into the pod's
mounts. extraConfig is merged underneath: the keys the chart manages win.
*/}}
{{- define "gatehouse-gateway.config" -}}
{{- $oidc := dict
  "issuer" (required "oidc.issuer: the IdP's issuer URL is required" .Values.oidc.issuer)
  "clientId" (required "oidc.clientId: the client id registered at the IdP (the tokens' audience) is required" .Values.oidc.clientId)
  "usernameClaim" .Values.oidc.usernameClaim }}
{{- if .Values.oidc.groupsClaim }}
{{- $_ := set $oidc "groupsClaim" .Values.oidc.groupsClaim }}
{{- end }}
{{- if .Values.oidc.ca.existingConfigMap }}
{{- $_ := set $oidc "caFile" (printf "%s/%s" (include "gatehouse-gateway.oidcCaDir" .) .Values.oidc.ca.key) }}
{{- end }}
{{- $config := dict
  "listen" (printf "%s:%d" .Values.gateway.listenHost (int .Values.gateway.port))
  "tls" (dict
    "certFile" (printf "%s/tls.crt" (include "gatehouse-gateway.tlsDir" .))
    "keyFile" (printf "%s/tls.key" (include "gatehouse-gateway.tlsDir" .)))
  "org" (printf "%s/%s" (include "gatehouse-gateway.orgDir" .) .Values.org.key)
  "oidc" $oidc }}
{{- if .Values.admins }}
{{- $_ := set $config "admins" .Values.admins }}
{{- end }}
{{- toYaml (mergeOverwrite (deepCopy .Values.gateway.extraConfig) $config) }}
{{- end }}
