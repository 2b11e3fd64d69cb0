// Shared by the launchers, and loaded before them (node --require): the JVM that started this process holds our stdin
// open and never writes to it. When that JVM goes away, however it dies (even kill -9, when no shutdown hook runs), the
// pipe closes and we exit, so no emulator outlives the test run or `kit cloud` that owns it.
'use strict';

// Checked here, before the emulator loads, rather than by the JVM running `node --version` first (a process of its own
// on every start's critical path). NodePackages.MIN_NODE_MAJOR says the same in its message when node cannot be run.
const MIN_NODE_MAJOR = 20;
if (Number.parseInt(process.versions.node, 10) < MIN_NODE_MAJOR) {
  fail(`DynamoDB, SQS, SNS and Cognito need Node.js ${MIN_NODE_MAJOR} or newer; this is Node.js ${process.version}. `
    + 'Install a newer Node.js, then rerun.');
}

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
