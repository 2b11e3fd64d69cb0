// Starts cognito-local on loopback. Its configuration (host, port, issuer, Lambda endpoint for triggers) is written
// by the JVM into ./.cognito/config.json in the working directory before this runs; user pools live in the same
// folder, which the JVM deletes when it stops.
// Usage: node cognito-launcher.cjs
'use strict';
const { ready, fail } = require('./watchdog.cjs');
const { createDefaultServer } = require('cognito-local/lib/server');
const pino = require('pino');

const logger = pino({ level: process.env.LOCALCLOUD_DEBUG === '1' ? 'debug' : 'warn' });
createDefaultServer(logger)
  .then((server) => server.start())
  .then((server) => ready(server.address().port))
  .catch(fail);
