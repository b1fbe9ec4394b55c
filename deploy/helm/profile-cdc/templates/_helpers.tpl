{{/* Chart name, truncated to fit a DNS label. */}}
{{- define "profile-cdc.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* Release-qualified name. */}}
{{- define "profile-cdc.fullname" -}}
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

{{- define "profile-cdc.selectorLabels" -}}
app.kubernetes.io/name: {{ include "profile-cdc.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "profile-cdc.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{ include "profile-cdc.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
app.kubernetes.io/part-of: profile-cdc
{{- end }}

{{- define "profile-cdc.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "profile-cdc.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{- define "profile-cdc.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{- define "profile-cdc.metricsPort" -}}
{{- (.Values.settings.metrics | default dict).port | default 9464 | int }}
{{- end }}

{{/* settings.shutdownGraceMs rounded up to seconds, plus a margin: the kubelet's SIGKILL comes after the pipeline's own deadline. */}}
{{- define "profile-cdc.terminationGracePeriodSeconds" -}}
{{- $graceMs := .Values.settings.shutdownGraceMs | default 30000 | int64 }}
{{- add (div (add $graceMs 999) 1000) (.Values.terminationGraceMarginSeconds | int64) }}
{{- end }}

{{/*
The pod template of a pipeline component. Call with (dict "root" $ "component" "source"|"sink" "values" .Values.source|.Values.sink).
*/}}
{{- define "profile-cdc.podTemplate" -}}
{{- $root := .root }}
{{- $v := .values }}
{{- $component := .component }}
{{- $secretsDir := "/var/run/secrets/profile-cdc" }}
{{- $pg := $root.Values.secrets.postgres }}
{{- $es := $root.Values.secrets.elasticsearch }}
{{- $pgSecret := and (eq $component "source") $pg.existingSecret }}
{{- $esSecret := and (eq $component "sink") $es.existingSecret (or $es.passwordKey $es.apiKeyKey) }}
{{- $kafka := $root.Values.secrets.kafka }}
{{- $kafkaSecret := $kafka.existingSecret }}
{{- $caBundle := $root.Values.tls.caConfigMap -}}
metadata:
  labels:
    {{- include "profile-cdc.selectorLabels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ $component }}
    {{- with $v.podLabels }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
  annotations:
    checksum/settings: {{ include (print $root.Template.BasePath "/configmap.yaml") $root | sha256sum }}
    {{- with $v.podAnnotations }}
    {{- toYaml . | nindent 4 }}
    {{- end }}
spec:
  serviceAccountName: {{ include "profile-cdc.serviceAccountName" $root }}
  automountServiceAccountToken: false
  {{- with $root.Values.imagePullSecrets }}
  imagePullSecrets:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  securityContext:
    {{- toYaml $root.Values.podSecurityContext | nindent 4 }}
  terminationGracePeriodSeconds: {{ include "profile-cdc.terminationGracePeriodSeconds" $root }}
  containers:
    - name: {{ $component }}
      image: {{ include "profile-cdc.image" $root | quote }}
      imagePullPolicy: {{ $root.Values.image.pullPolicy }}
      args: [{{ $component | quote }}]
      env:
        - name: PROFILE_CDC_CONFIG
          value: /etc/profile-cdc/config.yaml
        - name: PROFILE_CDC_CONNECTORS_DIR
          value: /etc/profile-cdc/connectors
        {{- if $pgSecret }}
        - name: PROFILE_CDC_PG_PASSWORD_FILE
          value: {{ $secretsDir }}/postgres/password
        {{- end }}
        {{- if and $esSecret $es.passwordKey }}
        - name: PROFILE_CDC_ES_PASSWORD_FILE
          value: {{ $secretsDir }}/elasticsearch/password
        {{- end }}
        {{- if and $esSecret $es.apiKeyKey }}
        - name: PROFILE_CDC_ES_API_KEY_FILE
          value: {{ $secretsDir }}/elasticsearch/api-key
        {{- end }}
        {{- if $kafkaSecret }}
        - name: PROFILE_CDC_KAFKA_SASL_PASSWORD_FILE
          value: {{ $secretsDir }}/kafka/password
        {{- end }}
        {{- with $v.nodeOptions }}
        - name: NODE_OPTIONS
          value: {{ . | quote }}
        {{- end }}
        {{- with $v.extraEnv }}
        {{- toYaml . | nindent 8 }}
        {{- end }}
      ports:
        - name: metrics
          containerPort: {{ include "profile-cdc.metricsPort" $root }}
          protocol: TCP
      startupProbe:
        httpGet: { path: /healthz, port: metrics }
        {{- toYaml $root.Values.probes.startup | nindent 8 }}
      livenessProbe:
        httpGet: { path: /healthz, port: metrics }
        {{- toYaml $root.Values.probes.liveness | nindent 8 }}
      readinessProbe:
        httpGet: { path: /readyz, port: metrics }
        {{- toYaml $root.Values.probes.readiness | nindent 8 }}
      resources:
        {{- toYaml $v.resources | nindent 8 }}
      securityContext:
        {{- toYaml $root.Values.securityContext | nindent 8 }}
      volumeMounts:
        - name: settings
          mountPath: /etc/profile-cdc/config.yaml
          subPath: config.yaml
          readOnly: true
        - name: connectors
          mountPath: /etc/profile-cdc/connectors
          readOnly: true
        - name: tmp
          mountPath: /tmp
        {{- if $pgSecret }}
        - name: postgres-secret
          mountPath: {{ $secretsDir }}/postgres
          readOnly: true
        {{- end }}
        {{- if $esSecret }}
        - name: elasticsearch-secret
          mountPath: {{ $secretsDir }}/elasticsearch
          readOnly: true
        {{- end }}
        {{- if $kafkaSecret }}
        - name: kafka-secret
          mountPath: {{ $secretsDir }}/kafka
          readOnly: true
        {{- end }}
        {{- if $caBundle }}
        - name: ca-bundle
          mountPath: /etc/profile-cdc/tls
          readOnly: true
        {{- end }}
  volumes:
    - name: settings
      configMap:
        name: {{ include "profile-cdc.fullname" $root }}-settings
    - name: connectors
      configMap:
        name: {{ include "profile-cdc.fullname" $root }}-connectors
    # Node writes nothing, but a writable /tmp keeps libraries that assume one working on a read-only root.
    - name: tmp
      emptyDir:
        sizeLimit: 64Mi
    {{- if $pgSecret }}
    - name: postgres-secret
      secret:
        secretName: {{ $pg.existingSecret }}
        defaultMode: 0440
        items:
          - key: {{ required "secrets.postgres.passwordKey is required with secrets.postgres.existingSecret" $pg.passwordKey }}
            path: password
    {{- end }}
    {{- if $esSecret }}
    - name: elasticsearch-secret
      secret:
        secretName: {{ $es.existingSecret }}
        defaultMode: 0440
        items:
          {{- with $es.passwordKey }}
          - key: {{ . }}
            path: password
          {{- end }}
          {{- with $es.apiKeyKey }}
          - key: {{ . }}
            path: api-key
          {{- end }}
    {{- end }}
    {{- if $kafkaSecret }}
    - name: kafka-secret
      secret:
        secretName: {{ $kafkaSecret }}
        defaultMode: 0440
        items:
          - key: {{ required "secrets.kafka.passwordKey is required with secrets.kafka.existingSecret" $kafka.passwordKey }}
            path: password
    {{- end }}
    {{- if $caBundle }}
    - name: ca-bundle
      configMap:
        name: {{ $caBundle }}
    {{- end }}
  {{- with $v.nodeSelector }}
  nodeSelector:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $v.tolerations }}
  tolerations:
    {{- toYaml . | nindent 4 }}
  {{- end }}
  {{- with $v.affinity }}
  affinity:
    {{- toYaml . | nindent 4 }}
  {{- end }}
{{- end }}
