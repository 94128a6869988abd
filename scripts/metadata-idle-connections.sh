#!/usr/bin/env bash
# Idle and slowloris connections against one metadata-proxy (its JVM capped at -Xmx64m, default limits, embedded
# GCE metadata mock behind it), as issue 16 found them: N loopback connections, half sending nothing, half a
# partial request and one header every 5 s, held for H seconds, while curl asks for the token path on a fresh
# connection every 0.2 s, and for 10 s after the attackers leave. Then /metrics, the proxy's open fds, SIGTERM.
# Writes legit.csv, attack.txt, metrics.txt, proxy.log and summary.md to results/metadata/idle-connections-<UTC>/.
#   scripts/metadata-idle-connections.sh [CONNECTIONS] [HOLD_SECONDS]   (default 10000 30; mind `ulimit -n`)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONNECTIONS="${1:-10000}"
HOLD="${2:-30}"
for n in "$CONNECTIONS" "$HOLD"; do
  [[ "$n" =~ ^[1-9][0-9]*$ ]] || { echo "usage: $0 [CONNECTIONS] [HOLD_SECONDS]" >&2; exit 2; }
done
(( CONNECTIONS + 100 <= $(ulimit -n) )) || { echo "$0: $CONNECTIONS connections exceed ulimit -n ($(ulimit -n))" >&2; exit 2; }
TOKEN_PATH=/computeMetadata/v1/instance/service-accounts/default/token
out="$ROOT/results/metadata/idle-connections-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"

# shellcheck source=scripts/start-metadata-proxy.sh
. "$ROOT/scripts/start-metadata-proxy.sh"
trap 'kill "${proxy:-}" 2>/dev/null || true' EXIT
start_metadata_proxy "$out/proxy.log" "-Xmx64m -XX:+ExitOnOutOfMemoryError"
port="${url##*:}"
echo "target $url (proxy JVM -Xmx64m, default limits); $CONNECTIONS idle/slow connections for ${HOLD}s" >&2

# Legitimate requests: a fresh connection each, every 0.2 s, until told to stop.
legit() {
  local start=$SECONDS
  echo "second,phase,code" > "$out/legit.csv"
  while [[ ! -e "$out/.stop" ]]; do
    local phase=during
    [[ -e "$out/.after" ]] && phase=after
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 -H 'Metadata-Flavor: Google' "$url$TOKEN_PATH" || true)
    echo "$((SECONDS - start)),$phase,$code" >> "$out/legit.csv"
    sleep 0.2
  done
}
legit &
legit_pid=$!

python3 - "$port" "$CONNECTIONS" "$HOLD" > "$out/attack.txt" <<'EOF'
import socket, sys, time
port, n, hold = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
socks, failed = [], 0
for i in range(n):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
        if i % 2:
            s.sendall(b"GET /computeMetadata/v1/ HTTP/1.1\r\nHost: metadata.google.internal\r\n")
        s.setblocking(False)
        socks.append(s)
    except OSError:
        failed += 1
print(f"opened {len(socks)} of {n} connections ({failed} failed to connect)")
closed, end, k = set(), time.time() + hold, 0
while time.time() < end:
    for i, s in enumerate(socks):
        if i in closed:
            continue
        try:
            if s.recv(4096) == b"":
                closed.add(i)
                continue
        except BlockingIOError:
            pass
        except OSError:
            closed.add(i)
            continue
        if i % 2:
            try:
                s.send(b"X-Slow-%d: 1\r\n" % k)
            except OSError:
                closed.add(i)
    k += 1
    time.sleep(5)
print(f"after {hold} s: {len(closed)} closed by the proxy, {len(socks) - len(closed)} still open")
for s in socks:
    s.close()
EOF
touch "$out/.after"
sleep 10
touch "$out/.stop"
wait "$legit_pid"
curl -s "$url/metrics" > "$out/metrics.txt"
fds=$(ls "/proc/$proxy/fd" | wc -l)
rss=$(sed -n 's/^VmHWM:[[:space:]]*//p' "/proc/$proxy/status")
kill -TERM "$proxy"
code=0; wait "$proxy" || code=$?
trap - EXIT
rm -f "$out/.after" "$out/.stop"

count() { awk -F, -v p="$1" -v c="$2" '$2 == p && (c == "" ? $3 != "200" : $3 == c)' "$out/legit.csv" | wc -l; }
metric() { sed -n "s/^$1 //p" "$out/metrics.txt"; }
{
  echo "# Idle and slow connections against metadata-proxy at -Xmx64m"
  echo
  echo "Command: \`scripts/metadata-idle-connections.sh $CONNECTIONS $HOLD\` (code $(git -C "$ROOT" rev-parse --short HEAD))"
  echo
  sed 's/^/- attackers: /' "$out/attack.txt"
  echo "- legitimate token requests while the attackers held their connections: $(count during 200) answered 200, $(count during '') not"
  echo "- in the 10 s after they left: $(count after 200) answered 200, $(count after '') not"
  echo "- proxy: cap $(metric metadata_proxy_max_connections), $(metric metadata_proxy_connections_refused_total) connections refused at accept, $(metric metadata_proxy_connections_timed_out_total) closed by the header/idle timeout, $(metric metadata_proxy_open_connections) open and $fds fds after the attackers left"
  echo "- proxy peak RSS $rss; exit code on SIGTERM: $code; $(grep '^metadata-proxy stopped' "$out/proxy.log" || echo 'no stop line')"
} > "$out/summary.md"
cat "$out/summary.md"
