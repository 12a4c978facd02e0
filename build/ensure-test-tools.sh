#!/usr/bin/env bash
# Installs what the tests need and a fresh machine lacks: a PostgreSQL server (the PostgreSQL tests
# start their own throw-away cluster with it) and Debian's Chromium + ChromeDriver (browser tests).
# Called by .ci/run, and by the tests themselves when a tool is missing. Idempotent.
set -euo pipefail

need=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ "${1:-all}" = all ] || [ "${1:-}" = browser ]; then
  command -v chromium >/dev/null 2>&1 || need+=(chromium)
  command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
fi
[ "${1:-all}" = postgresql ] && need=($(printf '%s\n' "${need[@]}" | grep -x postgresql || true))

if [ ${#need[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing test tools: ${need[*]}. Install them (Debian: apt-get install ${need[*]}) and run again." >&2
  exit 1
fi
echo "Installing test tools: ${need[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
