# Sourced by the metadata scripts: start one metadata-proxy (embedded GCE metadata mock behind it) on an ephemeral
# loopback port, logging to a file, and wait until it says where it listens.
#   start_metadata_proxy LOG JAVA_OPTS   sets $proxy (the proxy's JVM: macro.sh execs java) and $url; exits 1 if the
#                                        proxy dies or reports no address within 30 s. The caller kills $proxy.
start_metadata_proxy() {
  local log="$1" java_opts="$2"
  "$ROOT/macro.sh" --help >/dev/null   # builds the macro jar if stale, before anything is timed
  CPBENCH_JAVA_OPTS="$java_opts" "$ROOT/macro.sh" --no-build metadata-proxy --listen 127.0.0.1:0 > "$log" 2>&1 &
  proxy=$!
  url=""
  for _ in $(seq 1 300); do
    url=$(sed -n 's/^metadata-proxy listening on \(http:[^ ]*\).*/\1/p' "$log")
    [[ -n "$url" ]] && return 0
    kill -0 "$proxy" 2>/dev/null || { cat "$log" >&2; exit 1; }
    sleep 0.1
  done
  echo "$0: the proxy did not report its address in 30 s" >&2
  exit 1
}
