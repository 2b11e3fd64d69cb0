#!/usr/bin/env bash
# Puts jbang in .kit/jbang/ (gitignored) from its Maven artifacts, for a machine where jbang is not installed: the
# jbang-cli jar and its runtime dependencies, fetched by the Maven already on the machine through its own settings.xml,
# and a launcher that runs them as jbang's own script does. Then: .kit/jbang/bin/jbang kit@. status
#
# One pin beyond jbang's: gson 2.13.1. jbang's POM asks for gson 2.10.1 and one of its dependencies for 2.13.1; jbang's
# own build takes the newer, Maven's nearest-wins takes the older, and with 2.10.1 jbang reads no alias from a catalog.
set -euo pipefail
jbang_version=0.132.1
gson_version=2.13.1
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
home="$root/.kit/jbang"
command -v mvn >/dev/null || { echo "fetch-jbang: needs a Maven on the PATH (any 3.8+)" >&2; exit 1; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cat >"$work/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local</groupId><artifactId>fetch-jbang</artifactId><version>1</version><packaging>pom</packaging>
  <dependencyManagement><dependencies>
    <dependency><groupId>com.google.code.gson</groupId><artifactId>gson</artifactId><version>$gson_version</version></dependency>
  </dependencies></dependencyManagement>
  <dependencies>
    <dependency><groupId>dev.jbang</groupId><artifactId>jbang-cli</artifactId><version>$jbang_version</version></dependency>
  </dependencies>
</project>
POM
rm -rf "$home"
mkdir -p "$home/bin"
(cd "$work" && mvn -q -B -Dstyle.color=never dependency:copy-dependencies -DincludeScope=runtime \
  -DoutputDirectory="$home/lib") || { echo "fetch-jbang: Maven could not fetch dev.jbang:jbang-cli:$jbang_version" >&2; exit 1; }
cat >"$home/bin/jbang" <<'LAUNCHER'
#!/usr/bin/env bash
# jbang from .kit/jbang/lib, run as jbang's own launcher script runs it: dev.jbang.Main prints the command that runs
# the script and exits 255; this shell then becomes that command.
lib="$(cd "$(dirname "${BASH_SOURCE[0]}")/../lib" && pwd)"
export JBANG_RUNTIME_SHELL=bash JBANG_LAUNCH_CMD="$0"
[ -t 0 ] || export JBANG_STDIN_NOTTY=true
output=$(CLICOLOR_FORCE=1 "${JAVA_HOME:+$JAVA_HOME/bin/}java" ${JBANG_JAVA_OPTIONS:-} -classpath "$lib/*" dev.jbang.Main "$@")
err=$?
if [ $err -eq 255 ]; then
  eval "exec $output"
elif [ -n "$output" ]; then
  echo "$output"
fi
exit $err
LAUNCHER
chmod +x "$home/bin/jbang"
echo "jbang $("$home/bin/jbang" version 2>/dev/null) in .kit/jbang: .kit/jbang/bin/jbang kit@. status"
