#!/usr/bin/env bash
# Installs the pinned guard plugin (@cdklabs/cdk-validator-cfnguard: the cfn-guard binary and the AWS Control Tower
# guard rules) from package-lock.json, with no download address recorded (.npmrc). deploy's build runs it before the
# tests (CfnGuardTest); it installs again only when the lock file changed.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
stamp=node_modules/.installed-from-lock
lock="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$lock" ]]; then
  exit 0
fi
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
echo "$lock" >"$stamp"
