#!/usr/bin/env bash
# Runs N gateway members on this machine as one cluster on one PostgreSQL database, everything on loopback
# (docs/operations.md). Build first: mvn -q -DskipTests package
#
#   build/run-cluster.sh [N]          N members (default 3) on HTTP ports 8080, 8081, …; Ctrl-C (or SIGTERM to
#                                     the script) stops them all, and the PostgreSQL server it started
#
# The database: JEUGDPOORT_DB_URL (with JEUGDPOORT_DB_USER, JEUGDPOORT_DB_PASSWORD) when set; otherwise a
# PostgreSQL server of its own under ./data/cluster-postgres (Debian's binaries; build/ensure-test-tools.sh
# postgresql installs them), started on 127.0.0.1:55432 and stopped at the end. The first member migrates the
# schema and seeds the demo; the others start when it is ready. Logs: ./data/cluster/member-N.log.
set -euo pipefail

members="${1:-3}"
cd "$(dirname "$0")/.."
jar=gateway/target/jeugdpoort.jar
[ -f "$jar" ] || { echo "No $jar: build it first with: mvn -q -DskipTests package" >&2; exit 1; }
http_base="${JEUGDPOORT_PORT:-8080}"
hz_base=6900
mkdir -p data/cluster

pg_started=""
if [ -z "${JEUGDPOORT_DB_URL:-}" ]; then
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
  [ -n "$bin" ] || { echo "PostgreSQL binaries missing: run build/ensure-test-tools.sh postgresql (as root)" >&2; exit 1; }
  pgdata="$PWD/data/cluster-postgres"
  as_pg=()
  [ "$(id -u)" = 0 ] && as_pg=(runuser -u postgres --)
  if [ ! -f "$pgdata/PG_VERSION" ]; then
    mkdir -p "$pgdata"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$pgdata"
    "${as_pg[@]}" "$bin/initdb" -D "$pgdata" -U postgres --auth=trust -E UTF8 >/dev/null
  fi
  "${as_pg[@]}" "$bin/pg_ctl" -D "$pgdata" -w -l "$pgdata/server.log" \
    -o "-p 55432 -c listen_addresses=127.0.0.1 -k $pgdata -c max_connections=200" start >/dev/null
  pg_started=1
  "${as_pg[@]}" "$bin/createdb" -h 127.0.0.1 -p 55432 -U postgres jeugdpoort 2>/dev/null || true
  JEUGDPOORT_DB_URL="jdbc:postgresql://127.0.0.1:55432/jeugdpoort"
  JEUGDPOORT_DB_USER=postgres
  JEUGDPOORT_DB_PASSWORD=
fi

tcp=""
for ((i = 0; i < members; i++)); do tcp+="${tcp:+,}127.0.0.1:$((hz_base + i))"; done

pids=()
stop_all() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ -n "$pg_started" ]; then "${as_pg[@]}" "$bin/pg_ctl" -D "$pgdata" -m fast stop >/dev/null || true; fi
}
trap stop_all EXIT INT TERM

start_member() {
  local i=$1 port=$((http_base + $1))
  java -Xmx640m \
    -Djeugdpoort.db.url="$JEUGDPOORT_DB_URL" -Djeugdpoort.db.user="${JEUGDPOORT_DB_USER:-}" \
    -Djeugdpoort.db.password="${JEUGDPOORT_DB_PASSWORD:-}" \
    -Djeugdpoort.public-url="http://127.0.0.1:$port" -Dhazelcast.socket.bind.any=false \
    -jar "$jar" --port "$port" --startport $((hz_base + i)) --interfaces 127.0.0.1 --nohostaware \
    --clustermode "tcpip:$tcp" --clustername jeugdpoort >"data/cluster/member-$i.log" 2>&1 &
  pids+=($!)
  echo "member $i: http://127.0.0.1:$port (Hazelcast 127.0.0.1:$((hz_base + i))), log data/cluster/member-$i.log"
}

await_ready() {
  local port=$((http_base + $1))
  for _ in $(seq 1 300); do
    # Ready when the answer names the gateway's own check: a member still deploying may answer UP with none.
    curl -sf "http://127.0.0.1:$port/health/ready" 2>/dev/null | grep -q '"jeugdpoort"' && return 0
    sleep 1
  done
  echo "member $1 not ready after 300 s; see data/cluster/member-$1.log" >&2
  return 1
}

start_member 0
await_ready 0
for ((i = 1; i < members; i++)); do start_member "$i"; done
for ((i = 1; i < members; i++)); do await_ready "$i"; done
echo "$members member(s) ready on one database ($JEUGDPOORT_DB_URL). Ctrl-C stops them."
wait
