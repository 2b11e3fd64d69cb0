# Sourced by the kit's browser checks (docs/browser-check/run.sh, capstone/e2e/run.sh): makes sure Debian's Chromium
# is installed, installing it with apt-get on first use, and exports CHROMIUM with its path. playwright-core drives it
# and never downloads a browser of its own.
#
#   source "$root/tools/chromium/ensure-chromium.sh"; ensure_chromium
ensure_chromium() {
  local chromium_bin="${CHROMIUM:-/usr/bin/chromium}"
  if [[ ! -x "$chromium_bin" ]]; then
    local sudo="" started
    if [[ "$(id -u)" -ne 0 ]]; then sudo="sudo"; fi
    echo "Chromium is not installed: installing Debian's chromium package (once per machine)..."
    started=$(date +%s)
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends chromium >/dev/null
    echo "Chromium installed in $(( $(date +%s) - started )) s: $("$chromium_bin" --version)"
  fi
  export CHROMIUM="$chromium_bin"
}
