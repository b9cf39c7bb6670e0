{{- define "playback.labels" -}}
app.kubernetes.io/part-of: playback
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end }}

{{- define "playback.selector" -}}
app.kubernetes.io/name: {{ .name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
{{- end }}

{{/* Pod security: a non-root user, no privilege escalation, the default seccomp profile. */}}
{{- define "playback.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end }}

{{- define "playback.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
{{- end }}

{{/* The actuator's probe groups; the startup probe gives a JVM a minute and a half. */}}
{{- define "playback.probes" -}}
startupProbe:
  httpGet: {path: /actuator/health/liveness, port: http}
  periodSeconds: 5
  failureThreshold: 18
livenessProbe:
  httpGet: {path: /actuator/health/liveness, port: http}
  periodSeconds: 10
  failureThreshold: 3
readinessProbe:
  httpGet: {path: /actuator/health/readiness, port: http}
  periodSeconds: 5
  failureThreshold: 3
{{- end }}

{{/* Settings every service takes; called with (dict "root" $ "user" <its KafkaUser>), and
"jvmOptions" where a service runs its JVM with other options than jvm.options. */}}
{{- define "playback.commonEnv" -}}
{{- $root := .root -}}
- name: PORT
  value: "8080"
- name: KAFKA_BOOTSTRAP_SERVERS
  value: {{ $root.Values.kafka.bootstrapServers | quote }}
{{- if $root.Values.kafka.sasl.enabled }}
- name: KAFKA_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ .user }}, key: password}
- name: SPRING_KAFKA_SECURITY_PROTOCOL
  value: SASL_PLAINTEXT
- name: SPRING_KAFKA_PROPERTIES_SASL_MECHANISM
  value: SCRAM-SHA-512
- name: SPRING_KAFKA_PROPERTIES_SASL_JAAS_CONFIG
  value: {{ printf "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"%s\" password=\"$(KAFKA_PASSWORD)\";" .user | quote }}
{{- end }}
- name: SCHEMA_REGISTRY_URL
  value: {{ printf "http://%s-registry:8080/apis/registry/v3" $root.Release.Name | quote }}
- name: JAVA_TOOL_OPTIONS
  value: {{ .jvmOptions | default $root.Values.jvm.options | quote }}
{{- end }}

{{/* The database connection of a report service, its credentials from a Secret. */}}
{{- define "playback.databaseEnv" -}}
- name: DATABASE_URL
  value: {{ .url | quote }}
- name: DATABASE_USERNAME
  valueFrom:
    secretKeyRef: {name: {{ .secret.name }}, key: {{ .secret.usernameKey }}}
- name: DATABASE_PASSWORD
  valueFrom:
    secretKeyRef: {name: {{ .secret.name }}, key: {{ .secret.passwordKey }}}
- name: SPRING_FLYWAY_POSTGRESQL_TRANSACTIONAL_LOCK
  value: "false"
- name: OPERATOR_API_KEY
  valueFrom:
    secretKeyRef: {name: {{ .operator.name }}, key: {{ .operator.key }}}
{{- end }}

{{- define "playback.tmpVolumeMount" -}}
- name: tmp
  mountPath: /tmp
{{- end }}

{{/* The database a JDBC URL names: jdbc:postgresql://host:port/<name>?... */}}
{{- define "playback.databaseName" -}}
{{- regexReplaceAll "^jdbc:postgresql://[^/]*/([^?]+).*$" . "${1}" -}}
{{- end }}
