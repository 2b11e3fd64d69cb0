// Starts fauxqs (SQS + SNS in one process, so a topic fans out into queues the SQS client sees) on loopback only.
// fauxqs' own startFauxqs() listens on every interface; buildApp() + listen() lets us choose 127.0.0.1.
// It also answers SQS's query protocol, which fauxqs lacks and older clients still send (sqs-query-protocol.mjs).
// Usage: node fauxqs-launcher.mjs PORT (0 = let the OS pick)
import { createRequire } from 'node:module';
import { buildApp } from 'fauxqs';
import { installSqsQueryProtocol } from './sqs-query-protocol.mjs';

const require = createRequire(import.meta.url);
const { ready, fail } = require('./watchdog.cjs');

const port = Number.parseInt(process.argv[2] ?? '0', 10);
try {
  const app = buildApp({ logger: process.env.LOCALCLOUD_DEBUG === '1', defaultRegion: 'us-east-1' });
  installSqsQueryProtocol(app);
  await app.listen({ port, host: '127.0.0.1' });
  ready(app.server.address().port);
} catch (err) {
  fail(err);
}
