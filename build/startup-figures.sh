#!/usr/bin/env bash
# Start-up figures (issue #16, docs/performance.md): WAR size, time from process start to ready and the
# resident memory (RSS) at that moment, for the gateway jar and for an empty Payara Micro of the same
# version, and their ratios. Everything on loopback; each server is stopped again by its process id.
#
#   build/startup-figures.sh [runs]        # after `mvn -DskipTests package` (gateway/target/jeugdpoort.jar)
#
# Environment: JEUGDPOORT_JAR (default gateway/target/jeugdpoort.jar), PAYARA_JAR (default
# gateway/target/payara-micro.jar), HEAP (default -Xmx768m, as in the README), PORT (default 18480).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${1:-1}
JAR=${JEUGDPOORT_JAR:-gateway/target/jeugdpoort.jar}
PAYARA=${PAYARA_JAR:-gateway/target/payara-micro.jar}
WAR=${JEUGDPOORT_WAR:-gateway/target/ROOT.war}
JAR=$(realpath "$JAR"); PAYARA=$(realpath "$PAYARA"); WAR=$(realpath "$WAR")
HEAP=${HEAP:--Xmx768m}
PORT=${PORT:-18480}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

# Starts "$@" in $WORK, waits until $url answers $want (200, or "any" HTTP answer; at most 300 s), prints
# "<seconds> <rss MiB>", stops it.
measure() {
  local url=$1 want=$2; shift 2
  local start pid code=000 rss
  start=$(date +%s.%N)
  (cd "$WORK" && exec "$@" >"$WORK/server.log" 2>&1) &
  pid=$!
  for _ in $(seq 1 3000); do
    code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)
    [ "$code" = 200 ] && break
    [ "$want" = any ] && [ "$code" != 000 ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  local ready
  ready=$(echo "$(date +%s.%N) - $start" | bc)
  rss=$(awk '/VmRSS/ {printf "%d", $2/1024}' "/proc/$pid/status" 2>/dev/null || echo 0)
  kill "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  if [ "$code" = 000 ] || { [ "$want" = 200 ] && [ "$code" != 200 ]; }; then
    echo "did not become ready ($url answered $code); log: " >&2
    tail -30 "$WORK/server.log" >&2
    exit 1
  fi
  printf '%.1f %d\n' "$ready" "$rss"
}

printf 'WAR %s: %.1f MB (%d jars in WEB-INF/lib)\n' "$WAR" "$(echo "$(stat -c %s "$WAR") / 1000000" | bc -l)" \
  "$(unzip -l "$WAR" 'WEB-INF/lib/*.jar' | grep -c '\.jar$')"
for run in $(seq 1 "$RUNS"); do
  rm -rf "$WORK/data"
  read -r e_s e_rss < <(measure "http://127.0.0.1:$PORT/" any java $HEAP -jar "$PAYARA" --port "$PORT" \
    --interfaces 127.0.0.1 --clustermode tcpip:127.0.0.1:6900 --clustername "empty-$$")
  read -r g_s g_rss < <(measure "http://127.0.0.1:$PORT/health/ready" 200 java $HEAP -jar "$JAR" --port "$PORT" \
    --clustermode tcpip:127.0.0.1:6900 --clustername "perf-$$")
  printf 'run %d: gateway ready in %s s, RSS %s MiB; empty Payara Micro %s s, %s MiB; ratio %.1fx time, %.1fx RSS\n' \
    "$run" "$g_s" "$g_rss" "$e_s" "$e_rss" "$(echo "$g_s / $e_s" | bc -l)" "$(echo "$g_rss / $e_rss" | bc -l)"
done
