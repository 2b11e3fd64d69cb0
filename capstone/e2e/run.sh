#!/usr/bin/env bash
# The user service end to end: starts `./kit run`, runs the Postman collection with newman and the web client in
# Debian's headless Chromium (playwright-core, which never downloads a browser of its own), then stops the service and
# checks that it left no process. Installs Chromium with apt-get on first use, and the npm packages from
# package-lock.json (no download address recorded: .npmrc).
#
#   capstone/e2e/run.sh [all|api|browser]        (default: all)
#
# Against a service that is already up (yours, in another terminal), set E2E_API_URL, E2E_WEB_URL and
# E2E_ADMIN_PASSWORD: nothing is started or stopped then.
#
# Exit status: 0 when every newman assertion and every browser step passed and the service stopped cleanly.
set -euo pipefail

what="${1:-all}"
case "$what" in all|api|browser) ;; *) echo "Usage: $0 [all|api|browser]" >&2; exit 2 ;; esac
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="$here/target"
mkdir -p "$out"

if [[ "$what" != api ]]; then
  # shellcheck source=../../tools/chromium/ensure-chromium.sh
  source "$root/tools/chromium/ensure-chromium.sh"
  ensure_chromium
fi
if [[ ! -d "$here/node_modules/newman" || ! -d "$here/node_modules/playwright-core" ]]; then
  (cd "$here" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
fi

service_pid=""
stop_service() {
  [[ -n "$service_pid" ]] || return 0
  local pid="$service_pid" left="" waited leaked=""
  service_pid=""
  # As Ctrl-C would, but to the JVM alone: its shutdown hook stops the emulators it started (signalled together, they
  # would die first and the JVM would report them as crashed). The first run also writes its class-data archive on
  # the way out, which takes a while on a busy machine: hence the long wait before anything is killed.
  local stopping=$(date +%s)
  kill -TERM "$pid" 2>/dev/null || true
  for waited in $(seq 1 240); do
    left="$(ps -eo pid=,pgid= | awk -v g="$pid" '$2 == g { print $1 }')"
    [[ -z "$left" ]] && break
    # The JVM is gone but something it started is not: that is a leak to report, then to end.
    if ! kill -0 "$pid" 2>/dev/null && (( waited % 20 == 0 )); then
      leaked="$left"
      kill -TERM -- "-$pid" 2>/dev/null || true
    fi
    sleep 0.5
  done
  if [[ -n "$left" ]]; then
    echo "The service did not stop within 120 s; killing what is left: $(echo $left)" >&2
    kill -KILL -- "-$pid" 2>/dev/null || true
    return 1
  fi
  if [[ -n "$leaked" ]]; then
    echo "The service exited but left these processes behind (ended now): $(echo $leaked)" >&2
    return 1
  fi
  echo "Service stopped in $(( $(date +%s) - stopping )) s: no process left in its group."
}
trap 'stop_service' EXIT
trap 'exit 130' INT TERM

if [[ -n "${E2E_API_URL:-}" ]]; then
  api="$E2E_API_URL"; web="${E2E_WEB_URL:?set E2E_WEB_URL too}"; admin="${E2E_ADMIN_PASSWORD:?set E2E_ADMIN_PASSWORD too}"
else
  # kit run's fixed ports: the local cloud's 14560-14566, the gateway's 14570 and the web client's 14571.
  for port in $(seq 14560 14566) 14570 14571; do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "Port $port is taken: is a \`kit run\` or \`kit cloud\` already up? Stop it, or point this script at" \
        "a running service with E2E_API_URL, E2E_WEB_URL and E2E_ADMIN_PASSWORD (./kit check --no-e2e skips this run)." >&2
      exit 2
    fi
  done
  log="$out/kit-run.log"
  echo "Starting ./kit run (log: $log)..."
  started=$(date +%s)
  setsid "$root/kit" run </dev/null >"$log" 2>&1 &
  service_pid=$!
  # The first run builds the service with Maven; later ones start in seconds.
  until grep -q '^User service ready' "$log"; do
    if ! kill -0 "$service_pid" 2>/dev/null; then
      service_pid=""
      echo "./kit run stopped before it was ready:" >&2
      tail -n 20 "$log" >&2
      exit 1
    fi
    if (( $(date +%s) - started > 600 )); then
      echo "./kit run was not ready after 600 s:" >&2
      tail -n 20 "$log" >&2
      exit 1
    fi
    sleep 0.5
  done
  grep '^User service ready' "$log"
  api="$(awk '$1 == "API" { print $2; exit }' "$log")"
  web="$(awk '$1 == "Web" && $2 == "client" { print $3; exit }' "$log")"
  admin="$(awk '$1 == "Admin" { print $4; exit }' "$log")"
fi
api="${api%/}"; web="${web%/}"

status=0
if [[ "$what" != browser ]]; then
  echo "newman: the Postman collection against $api"
  (cd "$here" && npx --no-install newman run user-service.postman_collection.json \
    --env-var "baseUrl=$api" --env-var "consoleUrl=$web" --env-var "adminPassword=$admin" \
    --reporters cli,junit --reporter-junit-export "$out/newman-junit.xml" --color off) || status=1
fi
if [[ "$what" != api ]]; then
  echo "Playwright: the web client at $web in $("$CHROMIUM" --version 2>/dev/null)"
  node "$here/browser.mjs" "$web/" "$out/screenshots" || status=1
fi

stop_service || status=1
exit "$status"
