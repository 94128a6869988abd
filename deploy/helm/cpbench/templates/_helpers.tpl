{{/* The release's full name: the release name, with the chart's name added unless it holds it already. */}}
{{- define "cpbench.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end }}

{{/* Labels of every object the chart makes. */}}
{{- define "cpbench.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
cpbench.dev/scenario: {{ .Values.scenario }}
{{- end }}

{{- define "cpbench.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "cpbench.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- required "serviceAccount.name is required when serviceAccount.create is false" .Values.serviceAccount.name -}}
{{- end -}}
{{- end }}

{{/*
What the scenario works on: "corpus" (cold-start, sustained: Secrets in the corpus namespaces) or "tenants"
(bootstrap, mixed-*: tenant namespaces, a CRD, custom resources and ConfigMaps); fails on any other scenario.
*/}}
{{- define "cpbench.workload" -}}
{{- $workloads := dict "cold-start" "corpus" "sustained" "corpus" "bootstrap" "tenants" "mixed-hot" "tenants" "mixed-uniform" "tenants" -}}
{{- $scenario := toString .Values.scenario -}}
{{- if not (hasKey $workloads $scenario) -}}
{{- fail (printf "unknown scenario '%s'; choose one of: cold-start, sustained, bootstrap, mixed-hot, mixed-uniform" $scenario) -}}
{{- end -}}
{{- get $workloads $scenario -}}
{{- end }}

{{- define "cpbench.shards" -}}
{{- $shards := int .Values.shards -}}
{{- if lt $shards 1 -}}
{{- fail (printf "shards must be at least 1, got %v" .Values.shards) -}}
{{- end -}}
{{- $shards -}}
{{- end }}

{{/* The corpus namespaces as a YAML list: SecretCorpus's names, String.format("cpbench-corpus-%02d", n). */}}
{{- define "cpbench.corpusNamespaces" -}}
{{- $names := list -}}
{{- range $n := until (int .Values.corpus.namespaces) -}}
{{- $names = append $names (printf "cpbench-corpus-%02d" $n) -}}
{{- end -}}
{{- toYaml $names -}}
{{- end }}

{{/*
--start-at: install time + startDelaySeconds, in UTC. Computed once per render and kept in the root context, so
the ConfigMap and the Job show the same instant even when rendering crosses a second.
*/}}
{{- define "cpbench.startAt" -}}
{{- if not (hasKey $ "cpbenchStartAt") -}}
{{- $start := now | dateModify (printf "+%ds" (int .Values.startDelaySeconds)) -}}
{{- $_ := set $ "cpbenchStartAt" (dateInZone "2006-01-02T15:04:05Z07:00" $start "UTC") -}}
{{- end -}}
{{- get $ "cpbenchStartAt" -}}
{{- end }}

{{/*
One flag value as the CLI expects it: values files turn every number into a float, so 100000 would print as 100000
but 1000000 as 1e+06; whole numbers print as integers.
*/}}
{{- define "cpbench.word" -}}
{{- if and (kindIs "float64" .) (eq . (floor .)) -}}
{{- int64 . -}}
{{- else -}}
{{- toString . -}}
{{- end -}}
{{- end }}

{{/*
Every pod's arguments, as a YAML list. Kubernetes replaces $(JOB_COMPLETION_INDEX) with the pod's index, so
each pod runs its own shard.
*/}}
{{- define "cpbench.args" -}}
{{- $target := .Values.target -}}
{{- $args := list (toString .Values.scenario) "--target" "cluster" "--out" "/results" "--log-results" "--start-at" (include "cpbench.startAt" .) -}}
{{- with $target.apiEndpoints }}{{ $args = concat $args (list "--api-endpoints" (join "," .)) }}{{ end -}}
{{- with $target.providerMetrics }}{{ $args = concat $args (list "--provider-metrics" (join "," .)) }}{{ end -}}
{{- with $target.transitMetrics }}{{ $args = concat $args (list "--transit-metrics" .) }}{{ end -}}
{{- if $target.insecureSkipTlsVerify }}{{ $args = append $args "--insecure-skip-tls-verify" }}{{ end -}}
{{- $corpus := eq (include "cpbench.workload" .) "corpus" -}}
{{- if $corpus }}{{ $args = concat $args (list "--namespaces" (toString (int .Values.corpus.namespaces)) "--corpus-scope" "namespaces") }}{{ end -}}
{{- range .Values.args -}}
{{- $word := include "cpbench.word" . -}}
{{- if and $corpus (regexMatch "^--namespaces(=|$)" $word) -}}
{{- fail "set corpus.namespaces, not --namespaces in args: the chart makes the corpus namespaces and grants Secrets only there" -}}
{{- end -}}
{{- $args = append $args $word -}}
{{- end -}}
{{- $args = concat $args (list "--shard" (printf "$(JOB_COMPLETION_INDEX)/%s" (include "cpbench.shards" .))) -}}
{{- toYaml $args -}}
{{- end }}
