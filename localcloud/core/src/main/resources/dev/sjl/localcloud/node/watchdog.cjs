// Shared by the launchers: the JVM that started this process holds our stdin open and never writes to it. When that
// JVM goes away, however it dies (even kill -9, when no shutdown hook runs), the pipe closes and we exit, so no
// emulator outlives the test run or `kit cloud` that owns it.
'use strict';
process.stdin.on('end', () => process.exit(0));
process.stdin.on('error', () => process.exit(0));
process.stdin.resume();

function ready(port) {
  // The one line the JVM waits for; it carries the real port when the OS picked one.
  process.stdout.write(`LOCALCLOUD-READY ${port}\n`);
}

function fail(err) {
  process.stderr.write(`LOCALCLOUD-FAILED ${err && err.code ? err.code + ' ' : ''}${err && err.message ? err.message : err}\n`);
  process.exit(1);
}

module.exports = { ready, fail };
