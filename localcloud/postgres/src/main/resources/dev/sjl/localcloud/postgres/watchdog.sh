# Runs PostgreSQL for the local cloud: sh -c "<this>" sjl-postgres-watchdog <run folder> <postgres command…>
#
# PostgreSQL has no "exit when my parent dies" option, so this script stands between the JVM and the postmaster. The
# JVM holds our stdin open and never writes to it; when that JVM goes away, however it dies (even kill -9, when no
# shutdown hook runs), the pipe reaches end-of-file and we ask the postmaster for a fast shutdown (SIGINT). When the
# postmaster exits for any reason, so do we, with its exit status: that is how the JVM sees a crash. The run folder
# (data directory included) is thrown away either way, so a killed JVM leaves nothing behind in the temp folder.
run=$1
shift
# Background jobs of a non-interactive shell read /dev/null, so the watcher below gets the pipe through fd 3.
exec 3<&0
"$@" &
postmaster=$!
{ while read -r _; do :; done; kill -INT "$postmaster" 2>/dev/null; } <&3 &
watcher=$!
wait "$postmaster"
status=$?
kill "$watcher" 2>/dev/null
rm -rf -- "$run"
exit "$status"
