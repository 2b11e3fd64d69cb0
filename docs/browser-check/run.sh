#!/usr/bin/env bash
# The built handbook in a real headless browser: Debian's Chromium, driven by playwright-core (which never downloads
# a browser of its own). Installs Chromium with apt-get on first use, and prints how long that took.
#
#   docs/browser-check/run.sh [path/to/index.html]      (default: docs/target/handbook/index.html)
#
# Exit status: 0 when the page made only file: requests, showed no broken image and raised no script error.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
html="${1:-$here/../target/handbook/index.html}"
shots="$(dirname "$html")/../handbook-screenshots"

if [[ ! -f "$html" ]]; then
  echo "No handbook at $html: build it first with ./mvnw -pl docs -am package" >&2
  exit 2
fi

chromium_bin="${CHROMIUM:-/usr/bin/chromium}"
if [[ ! -x "$chromium_bin" ]]; then
  sudo=""
  if [[ "$(id -u)" -ne 0 ]]; then sudo="sudo"; fi
  echo "Chromium is not installed: installing Debian's chromium package (once per machine)..."
  started=$(date +%s)
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
  echo "Chromium installed in $(( $(date +%s) - started )) s: $("$chromium_bin" --version)"
fi

if [[ ! -d "$here/node_modules/playwright-core" ]]; then
  (cd "$here" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
fi

CHROMIUM="$chromium_bin" node "$here/check.mjs" "$html" "$shots"
