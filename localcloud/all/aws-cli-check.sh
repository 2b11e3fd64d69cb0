#!/usr/bin/env bash
# Debian's AWS CLI v2 (package awscli, CLI 2.9.19 on Debian 12) against the local cloud: DynamoDB, S3, SQS and SNS, run
# as the CLI commands a learner types (AwsCliTest). Installs the package with apt-get on first use. The default test
# run skips AwsCliTest when no CLI v2 is installed; here a missing CLI is a failure.
#
#   localcloud/all/aws-cli-check.sh
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cli="${AWS_CLI:-/usr/bin/aws}"

if ! "$cli" --version 2>/dev/null | grep -q '^aws-cli/2\.'; then
  sudo=""
  if [[ "$(id -u)" -ne 0 ]]; then sudo="sudo"; fi
  echo "No AWS CLI v2 at $cli: installing Debian's awscli package (once per machine)..."
  started=$(date +%s)
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends awscli >/dev/null
  echo "awscli installed in $(( $(date +%s) - started )) s"
fi
echo "Using $("$cli" --version)"

cd "$root"
./mvnw -q -B install -pl localcloud/all -am -DskipTests
./mvnw -B test -pl localcloud/all -Dtest=AwsCliTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dlocalcloud.awsCli="$cli" -Dlocalcloud.awsCli.required=true
