#!/usr/bin/env bash
# The jbang entry points, each run once and its output checked: the kit alias, and every lab script against the
# starter (it must reach the starter's first TODO, so it compiled the lab's code) and, for lab 03, a token minted,
# verified, tampered with and refused. Not part of ./kit check: jbang is not installed on a fresh machine (see
# fetch-jbang.sh). Usage: tools/jbang/smoke.sh [path to jbang, default: jbang on the PATH, else .kit/jbang/bin/jbang]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
jbang="${1:-$(command -v jbang || echo "$root/.kit/jbang/bin/jbang")}"
[[ -x "$jbang" ]] || { echo "smoke: no jbang (tools/jbang/fetch-jbang.sh puts one in .kit/jbang)" >&2; exit 1; }
failures=0
expect() { # expect NAME PATTERN COMMAND...
  local name="$1" pattern="$2" out
  shift 2
  out="$("$@" 2>&1 | grep -v '^\[jbang\]' || true)"
  if grep -qE -- "$pattern" <<<"$out"; then
    echo "ok    $name"
  else
    echo "FAIL  $name: expected /$pattern/ in:"; sed 's/^/      /' <<<"$out"; failures=$((failures + 1))
  fi
}
expect "jbang kit@. status" "^03 +JWT" "$jbang" kit@. status
expect "lab 01 Invoke.java" "^todo: +Task [0-9]+:|^answer: " \
  "$jbang" labs/01-plain-lambda/scripts/Invoke.java labs/01-plain-lambda/src/test/resources/events/signup-valid.json
expect "lab 02 Invoke.java" "^todo: Task [0-9]+:|^< [0-9]{3} " \
  "$jbang" labs/02-http-events/scripts/Invoke.java labs/02-http-events/src/test/resources/events/create-user.json
jwks="$root/labs/03-jwt/target/smoke-jwks.json"
token="$("$jbang" labs/03-jwt/scripts/MintToken.java "$jwks" 2>/dev/null)"
expect "lab 03 MintToken + InspectToken" "^signature: valid \(key " \
  "$jbang" labs/03-jwt/scripts/InspectToken.java "$token" "$jwks"
IFS=. read -r head body sig <<<"$token"
# Another key signs the same header and claims: the signature no longer matches the JWKS's key.
other="$("$jbang" labs/03-jwt/scripts/MintToken.java "$jwks.other" 2>/dev/null)"
expect "lab 03 InspectToken refuses a foreign signature" "^signature: (INVALID|NOT VERIFIED)" \
  "$jbang" labs/03-jwt/scripts/InspectToken.java "$head.$body.${other##*.}" "$jwks"
echo "jbang smoke: $((5 - failures)) passed, $failures failed"
[[ $failures -eq 0 ]]
