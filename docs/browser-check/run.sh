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

# shellcheck source=../../tools/chromium/ensure-chromium.sh
source "$here/../../tools/chromium/ensure-chromium.sh"
ensure_chromium

if [[ ! -d "$here/node_modules/playwright-core" ]]; then
  (cd "$here" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error)
fi

node "$here/check.mjs" "$html" "$shots"
